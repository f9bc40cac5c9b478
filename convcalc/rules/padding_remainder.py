"""`(W - F + 2P)/S + 1` is not whole, but what the floor drops is only padding: every real input
pixel is still read (ResNet's 3x3 stride-2 pad-1 convolutions on even sizes). Informational;
`--strict` makes it an error, as the textbook rule demands a whole result."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules._text import equations, fix_hint
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.analysis is None or ctx.analysis.output is None:
        return
    windows = ctx.analysis.windows
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


RULE = Rule(
    id="CC104",
    name="padding-remainder",
    severity=Severity.INFO,
    stage="layer",
    strict=True,
    doc=__doc__ or "",
    example="input: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 64, kernel: 7, stride: 2, "
    "padding: 3}",
    check_layer=check,
)
