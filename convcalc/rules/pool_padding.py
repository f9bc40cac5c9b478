"""Pooling padding above half the kernel: a window could then cover only padding. PyTorch: "pad
should be at most half of effective kernel size"."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.analysis is None or ctx.kind.category != "pooling":
        return
    for window in ctx.analysis.windows:
        limit = window.kernel // 2
        pad = max(window.pad_before, window.pad_after)
        if pad > limit:
            yield Finding(
                f"padding {pad} is more than half the kernel {window.kernel} (at most {limit})",
                hint=f"use padding {limit} or less, or a kernel of at least {2 * pad}",
                field="padding",
            )
            return


RULE = Rule(
    id="CC106",
    name="pool-padding-too-large",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="  - {type: maxpool, kernel: 2, padding: 2}",
    check_layer=check,
)
