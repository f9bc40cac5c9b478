"""An upsampling mode used on the wrong number of spatial dimensions, or `align_corners` with a
nearest mode. PyTorch: "Got 4D input, but linear mode needs 3D input" (linear is for 1-D,
bilinear and bicubic for 2-D, trilinear for 3-D); "align_corners option can only be set with the
interpolating modes" (even `align_corners: false`)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.kinds.upsample import MODE_RANKS
from convcalc.rules.base import LayerContext, Rule

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


RULE = Rule(
    id="CC112",
    name="upsample-mode",
    severity=Severity.ERROR,
    stage="spec",
    doc=__doc__ or "",
    example="input: [100, 16]\nlayers:\n  - {type: upsample, scale: 2, mode: bilinear}",
    check_layer=check,
)
