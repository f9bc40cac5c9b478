"""Group normalisation where each group holds a single value per sample (one channel per group
and one spatial position, as after global pooling): the normalised output is always 0. PyTorch
refuses it for a batch of one ("Expected more than 1 value per channel when training") and
silently computes zeros otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


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


RULE = Rule(
    id="CC207",
    name="groupnorm-single-value",
    severity=Severity.WARNING,
    stage="layer",
    doc=__doc__ or "",
    example="input: [1, 1, 32]\nlayers:\n  - {type: groupnorm, num_groups: 32}",
    check_layer=check,
)
