"""dense: fully connected layer (PyTorch Linear, Keras Dense) on a flat input, or, with
`axis: last`, at every position over the last axis.

Weights `in_features * units`, biases `units`. On a non-flat input convcalc reports an error and
carries on as if the input had been flattened, so later layers are still checked, unless the
layer says `axis: last`: PyTorch's Linear and Keras' Dense both act on the last axis of a
non-flat input, which is the channels in Keras and, in PyTorch, after a permute to channels-last
(ConvNeXt's `[0, 2, 3, 1]`; without it, rule channels-moved). The output keeps the positions with
`units` channels; weights `C * units`, one MAC per weight per position.
"""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds._common import ACTIVATION, BIAS, with_activation
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class Dense(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        units = spec.fields["units"]
        biases = units if spec.fields["bias"] else 0
        if spec.fields["axis"] == "last" and not input_shape.is_flat:
            weights = input_shape.channels * units
            output = Shape(input_shape.spatial, units, input_shape.channels_last)
            return LayerCalculation(
                output=output, weights=weights, biases=biases, macs=prod(output.spatial) * weights
            )
        in_features = spec.fields["in_features"] or prod(input_shape.spatial) * input_shape.channels
        return LayerCalculation(
            output=Shape((), units),
            weights=in_features * units,
            biases=biases,
            macs=in_features * units,
        )

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        label = f"{spec.fields['units']:,} units"
        if spec.fields["axis"] == "last":
            label += " per position"
        return with_activation(label, spec)


KIND = Dense(
    name="dense",
    summary="Fully connected layer on a flat input.",
    needs_flat=True,
    positionwise=True,
    aliases={"linear": None, "fc": None, "fullyconnected": None, "innerproduct": None},
    fields=(
        Field(
            "units",
            "int",
            "Output features.",
            required=True,
            aliases=("out_features", "outputs"),
            minimum=1,
        ),
        BIAS,
        ACTIVATION,
        Field(
            "axis",
            "choice",
            "`flat`: the input must be flat; `last`: at every position over the last axis "
            "(the channels), as Linear and Dense do to a non-flat input.",
            default="flat",
            choices=("flat", "last"),
        ),
        Field(
            "in_features",
            "int",
            "Input features; inferred from the previous layer, checked when given.",
            minimum=1,
        ),
    ),
)
