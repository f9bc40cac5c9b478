"""layer_scale: a learned scale per channel, `x · γ` (Touvron et al., CaiT 2021; ConvNeXt's
`layer_scale`, which torchvision holds as a (C, 1, 1) Parameter of the block, not as a module).
C weights, no bias; shape unchanged. Its one multiplication per element is not counted as a MAC,
as batchnorm's scale is not."""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class LayerScale(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        return LayerCalculation(output=input_shape, weights=input_shape.channels)


KIND = LayerScale(
    name="layer_scale",
    summary="A learned scale per channel (ConvNeXt, CaiT): C weights; shape unchanged.",
    aliases={"layerscale": None},
    fields=(
        Field(
            "init",
            "float",
            "Initial value of every scale (no effect on counts).",
            default=1e-6,
            aliases=("layer_scale", "init_values"),
        ),
    ),
)
