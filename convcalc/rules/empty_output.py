"""A transposed convolution or upsampling layer whose output would have a size below 1. PyTorch:
"Calculated output size per channel: (1 x -1). Output size is too small" (ConvTranspose) and
"Input and output sizes should be greater than 0" (Upsample)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules._text import dimension_name
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    analysis = ctx.analysis
    if analysis is None or analysis.output is not None or not analysis.sizes:
        return
    sizes = analysis.sizes
    if min(sizes) >= 1:
        return
    rank = len(sizes)
    axis = next(axis for axis, size in enumerate(sizes) if size < 1)
    explain = getattr(ctx.kind, "size_formula", None)
    detail = f": {explain(ctx.spec, ctx.input_shape, axis)}" if explain else ""
    yield Finding(
        f"output size would be {'×'.join(f'{size:,}' for size in sizes)} (the "
        f"{dimension_name(rank, axis, 2)} {sizes[axis]:,}){detail}",
        hint=getattr(ctx.kind, "too_small_hint", None),
    )


RULE = Rule(
    id="CC108",
    name="empty-output",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [4, 4, 8]\nlayers:\n  - {type: conv_transpose, filters: 8, kernel: 1, "
    "padding: 2}",
    check_layer=check,
)
