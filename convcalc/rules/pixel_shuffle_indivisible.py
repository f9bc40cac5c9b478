"""The check behind CC233 pixel-shuffle-indivisible (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.kinds.pixel_shuffle import PixelShuffle, PixelUnshuffle
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import PIXEL_SHUFFLE_INDIVISIBLE


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not isinstance(ctx.kind, (PixelShuffle, PixelUnshuffle)):
        return
    factor: int = ctx.spec.fields["factor"]
    shape = ctx.input_shape
    if factor < 1 or shape.is_flat:  # value-out-of-range, needs-spatial-input report these
        return
    if shape.rank != 2:
        yield Finding(
            f"`{ctx.spec.kind}` rearranges two spatial dimensions; the input has {shape.rank}",
            hint="use it on an image (H×W×C)",
        )
        return
    if isinstance(ctx.kind, PixelShuffle):
        square = factor * factor
        if shape.channels % square:
            nearest = max(shape.channels - shape.channels % square, square)
            yield Finding(
                f"{shape.channels:,} channels are not divisible by the factor squared, {square}",
                hint=f"{nearest:,} channels before it, or a factor whose square divides "
                f"{shape.channels:,}",
                field="factor",
            )
        return
    if any(size % factor for size in shape.spatial):
        fitting = "×".join(str(max(size - size % factor, factor)) for size in shape.spatial)
        yield Finding(
            f"input {'×'.join(map(str, shape.spatial))} is not divisible by the factor {factor}",
            hint=f"exact with input {fitting}, or a factor that divides every size",
            field="factor",
        )


CHECK = LayerCheck(
    PIXEL_SHUFFLE_INDIVISIBLE,
    check,
    concerns=lambda kind: isinstance(kind, (PixelShuffle, PixelUnshuffle)),
)
