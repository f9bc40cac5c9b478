"""The check behind CC207 groupnorm-single-value (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import GROUPNORM_SINGLE_VALUE


def check(ctx: LayerContext) -> Iterator[Finding]:
    groups = ctx.spec.fields.get("num_groups")
    if not isinstance(groups, int) or ctx.kind.field_named("num_groups") is None:
        return
    channels = ctx.input_shape.channels
    if channels % groups == 0 and channels // groups * prod(ctx.input_shape.spatial) == 1:
        yield Finding(
            f"each of the {groups} groups holds one value of the input "
            f"{ctx.input_shape.label(ctx.layout)}: the output is always 0",
            hint="use fewer groups, or normalise before the spatial size drops to 1",
            field="num_groups",
        )


CHECK = LayerCheck(GROUPNORM_SINGLE_VALUE, check, concerns=with_fields("num_groups"))
