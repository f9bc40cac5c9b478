"""Instance normalisation of an input with a single spatial position: each channel would be
normalised over one value (always 0). PyTorch: "Expected more than 1 spatial element when
training" (also in evaluation unless running statistics are tracked)."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not getattr(ctx.kind, "statistics_per_position", False) or ctx.input_shape.is_flat:
        return
    if prod(ctx.input_shape.spatial) == 1:
        yield Finding(
            f"the input {ctx.input_shape.label(ctx.layout)} has one spatial position: "
            "instance statistics need more than one",
            hint="move the normalisation before the layer that shrinks the input to 1, or use "
            "layernorm",
        )


RULE = Rule(
    id="CC115",
    name="instancenorm-single-position",
    severity=Severity.ERROR,
    stage="spec",
    doc=__doc__ or "",
    example="input: [1, 1, 64]\nlayers:\n  - instancenorm",
    check_layer=check,
)
