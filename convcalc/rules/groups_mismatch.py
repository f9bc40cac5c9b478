"""Grouped convolution whose input or output channels are not divisible by `groups`. PyTorch:
"in_channels must be divisible by groups" / "out_channels must be divisible by groups"."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    groups = ctx.spec.fields.get("groups")
    in_channels = ctx.spec.fields.get("in_channels") or ctx.input_shape.channels
    if groups == "in":  # depthwise: one group per input channel
        groups = in_channels
    if not isinstance(groups, int) or groups <= 1:
        return
    for label, channels in (
        ("input channels", in_channels),
        ("filters", ctx.spec.fields["filters"]),
    ):
        if channels % groups:
            yield Finding(
                f"{label} {channels:,} are not divisible by groups {groups}",
                hint=f"use a number of groups that divides both {in_channels:,} and "
                f"{ctx.spec.fields['filters']:,}",
                field="groups",
            )
            return


RULE = Rule(
    id="CC201",
    name="groups-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [32, 32, 6]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, groups: 4}",
    check_layer=check,
)
