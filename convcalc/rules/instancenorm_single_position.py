"""The check behind CC115 instancenorm-single-position (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import INSTANCENORM_SINGLE_POSITION


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not ctx.kind.statistics_per_position or ctx.input_shape.is_flat:
        return
    if prod(ctx.input_shape.spatial) == 1:
        yield Finding(
            f"the input {ctx.input_shape.label(ctx.layout)} has one spatial position: "
            "instance statistics need more than one",
            hint="move the normalisation before the layer that shrinks the input to 1, or use "
            "layernorm",
        )


CHECK = LayerCheck(
    INSTANCENORM_SINGLE_POSITION, check, concerns=lambda kind: kind.statistics_per_position
)
