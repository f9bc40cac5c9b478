"""dense: fully connected layer (PyTorch Linear, Keras Dense) on a flat input.

Weights `in_features * units`, biases `units`. On a non-flat input convcalc reports an error and
carries on as if the input had been flattened, so later layers are still checked.
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
        in_features = spec.fields["in_features"] or prod(input_shape.spatial) * input_shape.channels
        units = spec.fields["units"]
        return LayerCalculation(
            output=Shape((), units),
            weights=in_features * units,
            biases=units if spec.fields["bias"] else 0,
            macs=in_features * units,
        )

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return with_activation(f"{spec.fields['units']:,} units", spec)


KIND = Dense(
    name="dense",
    summary="Fully connected layer on a flat input.",
    needs_flat=True,
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
            "in_features",
            "int",
            "Input features; inferred from the previous layer, checked when given.",
            minimum=1,
        ),
    ),
)
