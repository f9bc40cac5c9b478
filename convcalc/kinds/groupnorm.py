"""groupnorm: group normalisation (PyTorch GroupNorm, Keras GroupNormalization).

Splits the channels into `num_groups` groups and normalises each group over its channels and all
positions. PyTorch demands `C % num_groups == 0` ("num_channels must be divisible by
num_groups", rule groupnorm-groups). Parameters (with `affine`): `C` scales (weights) and `C`
shifts (biases); no buffers. Shape unchanged.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class GroupNorm(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        channels = input_shape.channels
        affine = spec.fields["affine"]
        return LayerCalculation(
            output=input_shape,
            weights=channels if affine else 0,
            biases=channels if affine else 0,
        )

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"{spec.fields['num_groups']} groups"


KIND = GroupNorm(
    name="groupnorm",
    summary="Group normalisation: channels in `num_groups` groups; 2·C parameters.",
    aliases={"groupnormalization": None, "gn": None},
    fields=(
        Field(
            "num_groups",
            "int",
            "Channel groups; must divide the channels.",
            required=True,
            aliases=("groups",),
            minimum=1,
        ),
        Field(
            "num_channels",
            "int",
            "Channels; inferred, checked when given.",
            aliases=("num_features",),
            minimum=1,
        ),
        Field("eps", "float", "Added to the variance.", default=1e-5, aliases=("epsilon",)),
        Field("affine", "bool", "Learnable scale and shift per channel.", default=True),
    ),
)
