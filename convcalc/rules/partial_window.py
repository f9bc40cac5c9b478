"""Pooling in ceil mode where the division is not whole: the last window hangs past the padded
input and pools fewer values. Informational; `--strict` makes it an error."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules._text import fix_hint, number
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.analysis is None or ctx.analysis.output is None:
        return
    windows = ctx.analysis.windows
    partial = [w for w in windows if w.ceil_mode and w.remainder and not w.unread and not w.skips]
    if partial:
        window = partial[0]
        pad = window.pad_before + window.pad_after
        yield Finding(
            f"ceil mode: ({window.size:,} − {window.effective_kernel:,} + {pad})/{window.stride}"
            f" + 1 = {number(window.exact)} → {window.output:,}: the last window is partial",
            hint=fix_hint(windows, [windows.index(window)]),
        )


RULE = Rule(
    id="CC105",
    name="partial-window",
    severity=Severity.INFO,
    stage="layer",
    strict=True,
    doc=__doc__ or "",
    example="input: [7, 7, 8]\nlayers:\n  - {type: maxpool, kernel: 2, ceil_mode: true}",
    check_layer=check,
)
