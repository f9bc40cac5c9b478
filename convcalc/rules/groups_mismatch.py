"""The check behind CC201 groups-mismatch (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import GROUPS_MISMATCH


def check(ctx: LayerContext) -> Iterator[Finding]:
    groups = ctx.spec.fields.get("groups")
    in_channels = ctx.spec.fields.get("in_channels") or ctx.input_shape.channels
    if groups == "in":  # depthwise: one group per input channel
        groups = in_channels
    if not isinstance(groups, int) or groups <= 1:
        return
    # A channel shuffle has groups but no filters: its input alone must divide.
    filters = ctx.spec.fields.get("filters", in_channels)
    if filters == "in":
        filters = in_channels
    for label, channels in (
        ("input channels", in_channels),
        ("filters", filters),
    ):
        if channels % groups:
            both = f"both {in_channels:,} and {filters:,}" if filters != in_channels else ""
            yield Finding(
                f"{label} {channels:,} are not divisible by groups {groups}",
                hint=f"use a number of groups that divides {both or f'{in_channels:,}'}",
                field="groups",
            )
            return


CHECK = LayerCheck(GROUPS_MISMATCH, check, concerns=with_fields("groups"))
