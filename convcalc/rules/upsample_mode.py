"""The check behind CC112 upsample-mode (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.kinds.upsample import MODE_RANKS
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import UPSAMPLE_MODE

_BY_RANK = {rank: [mode for mode, r in MODE_RANKS.items() if r == rank] for rank in (1, 2, 3)}


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.kind.field_named("mode") is None or ctx.input_shape.is_flat:
        return
    mode = ctx.spec.fields.get("mode")
    rank = ctx.input_shape.rank
    needed = MODE_RANKS.get(str(mode))
    if needed is not None and needed != rank:
        fitting = " or ".join(f"`{m}`" for m in _BY_RANK.get(rank, [])) or "`nearest`"
        dims = "dimension" if needed == 1 else "dimensions"
        yield Finding(
            f"mode `{mode}` is for {needed} spatial {dims}, but the input "
            f"{ctx.input_shape.label(ctx.layout)} has {rank}",
            hint=f"use {fitting} here",
            field="mode",
        )
    if needed is None and ctx.spec.fields.get("align_corners") is not None:
        yield Finding(
            f"`align_corners` applies only to interpolating modes, not `{mode}`",
            hint="leave `align_corners` out",
            field="align_corners",
        )


CHECK = LayerCheck(UPSAMPLE_MODE, check, concerns=with_fields("mode"))
