"""locally_connected: a convolution without weight sharing (Keras LocallyConnected1D and
LocallyConnected2D, removed in Keras 3; the "locally connected layer" of DeepFace and of the CS231n
notes): every output position has its own kernel.

Geometry is the convolution's, `(L + p0 + p1 - d*(k-1) - 1) // s + 1` (Keras allows only `valid`
padding; numbers are accepted here too). Parameters (Keras docs for LocallyConnected2D: "this
layer will consume (30*30)*(3*3*3*64) + (30*30)*64 parameters" for 64 filters of 3×3 on
32×32×3): weights `prod(out) * prod(kernel) * C_in * filters`, biases `prod(out) * filters`.
MACs: one per weight, `prod(out) * prod(kernel) * C_in * filters`.
"""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds._common import (
    ACTIVATION,
    BIAS,
    kernel_field,
    sliding_windows,
    stride_field,
    window_label,
    with_activation,
)
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class LocallyConnected(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        windows = sliding_windows(spec, input_shape, settings)  # no dilation field: 1
        kernels = [window.kernel for window in windows]
        if not all(window.fits for window in windows):
            # Weights are per output position: none to count without an output.
            return LayerCalculation(None, None, None, macs=None, windows=windows)
        output = Shape(tuple(w.output for w in windows), spec.fields["filters"])
        in_channels = spec.fields["in_channels"] or input_shape.channels
        positions = prod(output.spatial)
        weights = positions * prod(kernels) * in_channels * output.channels
        return LayerCalculation(
            output=output,
            weights=weights,
            biases=positions * output.channels if spec.fields["bias"] else 0,
            macs=weights,
            windows=windows,
        )

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return with_activation(window_label(spec, rank) + " unshared", spec)


KIND = LocallyConnected(
    name="locally_connected",
    summary="Convolution geometry without weight sharing: one kernel per output position "
    "(Keras LocallyConnected2D).",
    convolution=True,
    needs_spatial=True,
    aliases={"locallyconnected": None, "locallyconnected1d": 1, "locallyconnected2d": 2},
    fields=(
        Field(
            "filters",
            "int",
            "Output channels.",
            required=True,
            aliases=("out_channels", "num_filters"),
            minimum=1,
        ),
        kernel_field(("kernel_size", "ksize")),
        stride_field(1, "Step between windows."),
        Field(
            "padding",
            "pads",
            "Zero padding: a number, one per dimension, or [before, after] pairs; `valid` is 0 "
            "(Keras allows only valid).",
            default=0,
            aliases=("pad", "pads"),
            minimum=0,
            spatial=True,
            keywords=("valid",),
        ),
        BIAS,
        ACTIVATION,
        Field(
            "in_channels",
            "int",
            "Input channels; inferred from the previous layer, checked when given.",
            minimum=1,
        ),
    ),
)
