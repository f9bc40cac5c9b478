"""The check behind CC104 padding-remainder (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules._text import equations, fix_hint
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import PADDING_REMAINDER


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.calculation is None or ctx.calculation.output is None:
        return
    windows = ctx.calculation.windows
    axes = [
        axis
        for axis, window in enumerate(windows)
        if window.remainder and not window.unread and not window.ceil_mode and not window.skips
    ]
    if axes:
        yield Finding(
            f"{equations(windows, axes)}: the remainder is only padding, every input pixel is read",
            hint=fix_hint(windows, axes),
        )


CHECK = LayerCheck(PADDING_REMAINDER, check)
