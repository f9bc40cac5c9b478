"""The check behind CC206 groupnorm-groups (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import GROUPNORM_GROUPS


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


CHECK = LayerCheck(GROUPNORM_GROUPS, check, concerns=with_fields("num_groups"))
