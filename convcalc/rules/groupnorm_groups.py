"""Group normalisation whose channels are not divisible by `num_groups`. PyTorch: "num_channels
(4) must be divisible by num_groups (3)"."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def _divisors(number: int) -> list[int]:
    small = [d for d in range(1, min(number, 64) + 1) if number % d == 0]
    return small[-4:]


def check(ctx: LayerContext) -> Iterator[Finding]:
    groups = ctx.spec.fields.get("num_groups")
    if not isinstance(groups, int):
        return
    channels = ctx.spec.fields.get("num_channels") or ctx.input_shape.channels
    if channels % groups:
        yield Finding(
            f"{channels:,} channels are not divisible by {groups} groups",
            hint="use a number of groups that divides the channels, such as "
            + " or ".join(str(d) for d in _divisors(channels)),
            field="num_groups",
        )


RULE = Rule(
    id="CC206",
    name="groupnorm-groups",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [8, 8, 30]\nlayers:\n  - {type: groupnorm, num_groups: 4}",
    check_layer=check,
)
