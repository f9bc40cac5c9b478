"""prelu: parametric ReLU, `max(0, x) + a * min(0, x)` with learned slopes `a` (PyTorch PReLU,
Keras PReLU).

`num_parameters`: 1 (PyTorch's default: one slope shared by everything), `channels` (one per
channel; PyTorch `PReLU(num_parameters=C)`, Keras `PReLU(shared_axes=[1, 2])` on images), a
number (PyTorch accepts only 1 or C: "Mismatch of parameter numbers and input channel size", rule
prelu-parameters), or `all` (one slope per element, `prod(spatial)·C`: Keras's default, which
shares no axis). Shape unchanged.
"""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


def slopes(value: object, input_shape: Shape) -> int:
    """The number of learned slopes."""
    if value == "channels":
        return input_shape.channels
    if value == "all":
        return prod(input_shape.spatial) * input_shape.channels
    assert isinstance(value, int)
    return value


class PReLU(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        return LayerCalculation(
            output=input_shape, weights=slopes(spec.fields["num_parameters"], input_shape)
        )


KIND = PReLU(
    name="prelu",
    summary="Parametric ReLU: 1 learned slope, one per channel, or one per element.",
    fields=(
        Field(
            "num_parameters",
            "int",
            "Learned slopes: 1, `channels` (one per channel) or `all` (one per element, "
            "Keras's default).",
            default=1,
            aliases=("num_slopes",),
            minimum=1,
            keywords=("channels", "all"),
        ),
        Field("init", "float", "Initial slope (no effect on counts).", default=0.25),
    ),
)
