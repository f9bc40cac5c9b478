"""flatten: spatial sizes and channels into one flat vector of their product."""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import LayerCalculation, LayerKind


class Flatten(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        return LayerCalculation(output=Shape((), prod(input_shape.spatial) * input_shape.channels))


KIND = Flatten(
    name="flatten",
    summary="Flatten spatial dimensions and channels into one vector.",
    positionwise=True,
)
