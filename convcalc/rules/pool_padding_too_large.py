"""The check behind CC106 pool-padding-too-large (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import POOL_PADDING_TOO_LARGE


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.calculation is None or not ctx.kind.pooling:
        return
    for window in ctx.calculation.windows:
        limit = window.kernel // 2
        pad = max(window.pad_before, window.pad_after)
        if pad > limit:
            yield Finding(
                f"padding {pad} is more than half the kernel {window.kernel} (at most {limit})",
                hint=f"use padding {limit} or less, or a kernel of at least {2 * pad}",
                field="padding",
            )
            return


CHECK = LayerCheck(POOL_PADDING_TOO_LARGE, check, concerns=lambda kind: kind.pooling)
