"""The check behind CC208 prelu-parameters (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import PRELU_PARAMETERS


def check(ctx: LayerContext) -> Iterator[Finding]:
    count = ctx.spec.fields.get("num_parameters")
    if not isinstance(count, int) or ctx.kind.field_named("num_parameters") is None:
        return
    channels = ctx.input_shape.channels
    if count not in (1, channels):
        yield Finding(
            f"{count:,} slopes for an input with {channels:,} channels: PyTorch takes 1 or "
            f"{channels:,}",
            hint="write `num_parameters: channels` for one slope per channel",
            field="num_parameters",
        )


CHECK = LayerCheck(PRELU_PARAMETERS, check, concerns=with_fields("num_parameters"))
