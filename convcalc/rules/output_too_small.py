"""The check behind CC102 output-too-small (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.geometry.arithmetic import Window
from convcalc.geometry.solve import nearest_fixes
from convcalc.rules._text import equation, fix_text
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import OUTPUT_TOO_SMALL


def _hint(window: Window) -> str:
    fixes = fix_text(nearest_fixes(window), kernel=True)
    return f"exact with {fixes}" if fixes else "use a smaller kernel or a larger input"


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.calculation is None or ctx.kind.convolution:
        return
    for window in ctx.calculation.windows:
        if window.output < 1:
            yield Finding(
                f"output size would be {window.output}: {equation(window)}",
                hint=_hint(window),
            )
            return


CHECK = LayerCheck(OUTPUT_TOO_SMALL, check, concerns=lambda kind: not kind.convolution)
