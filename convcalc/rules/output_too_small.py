"""A pooling layer's output would have a size below 1. PyTorch: "Output size is too small"."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.geometry.arithmetic import Window
from convcalc.rules._text import equation, fix_text
from convcalc.rules.base import LayerContext, Rule


def _hint(window: Window) -> str:
    from convcalc.geometry.solve import nearest_fixes  # loaded when a hint is needed

    fixes = fix_text(nearest_fixes(window), kernel=True)
    return f"exact with {fixes}" if fixes else "use a smaller kernel or a larger input"


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.analysis is None or ctx.kind.category == "convolution":
        return
    for window in ctx.analysis.windows:
        if window.output < 1:
            yield Finding(
                f"output size would be {window.output}: {equation(window)}",
                hint=_hint(window),
            )
            return


RULE = Rule(
    id="CC102",
    name="output-too-small",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [2, 2, 8]\nlayers:\n  - {type: maxpool, kernel: 3}",
    check_layer=check,
)
