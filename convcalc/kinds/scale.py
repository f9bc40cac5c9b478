"""scale: a learned per-channel factor and, with `bias`, offset (Caffe's Scale layer, which
follows BatchNorm there: Caffe's BatchNorm only normalises). Shape unchanged; C weights and C
biases."""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds._common import BIAS
from convcalc.kinds.base import LayerCalculation, LayerKind


class Scale(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        channels = input_shape.channels
        return LayerCalculation(
            output=input_shape,
            weights=channels,
            biases=channels if spec.fields["bias"] else 0,
            macs=prod(input_shape.spatial) * channels,
        )


KIND = Scale(
    name="scale",
    summary="A learned factor (and offset, with bias) per channel: C [+ C] parameters.",
    fields=(BIAS,),
)
