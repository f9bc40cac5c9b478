"""dropout: zeroes a fraction `rate` of activations in training; shape unchanged."""

from __future__ import annotations

from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerKind


class Dropout(LayerKind):
    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"rate {spec.fields['rate']}"


KIND = Dropout(
    name="dropout",
    summary="Dropout; shape unchanged, no parameters.",
    positionwise=True,
    aliases={"dropout1d": None, "dropout2d": None, "dropout3d": None, "spatialdropout2d": None},
    fields=(
        Field(
            "rate",
            "float",
            "Fraction dropped, 0 <= rate < 1.",
            default=0.5,
            aliases=("p",),
            minimum=0,
            below=1,
        ),
    ),
)
