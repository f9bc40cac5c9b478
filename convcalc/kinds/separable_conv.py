"""separable_conv: depthwise separable convolution (Keras SeparableConv1D/SeparableConv2D; in
PyTorch a `groups=C_in` convolution followed by a 1×1 convolution, as in Xception and MobileNet).

A depthwise step slides `depth_multiplier` kernels over each input channel on its own (with the
given kernel, stride, padding and dilation), then a pointwise 1×1 step mixes the
`C_in * depth_multiplier` results into `filters` channels. Output size per dimension is the
convolution's `(L + p0 + p1 - d*(k-1) - 1) // s + 1`.

Parameters, as Keras counts them (keras.layers.SeparableConv2D: `depthwise_kernel` of shape
`kernel + (C_in, depth_multiplier)`, `pointwise_kernel` of shape `(1, 1, C_in*depth_multiplier,
filters)`, one `bias` of `filters` on the pointwise step):
weights `C_in*prod(kernel)*depth_multiplier + C_in*depth_multiplier*filters`, biases `filters`.
MACs: `prod(out) * (C_in*depth_multiplier*prod(kernel) + C_in*depth_multiplier*filters)`.
"""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds._common import (
    ACTIVATION,
    DILATION,
    PADDING,
    kernel_field,
    sliding_windows,
    stride_field,
    window_label,
    with_activation,
)
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class SeparableConv(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        windows = sliding_windows(spec, input_shape, settings)
        kernels = [window.kernel for window in windows]
        in_channels = spec.fields["in_channels"] or input_shape.channels
        middle = in_channels * spec.fields["depth_multiplier"]
        filters = spec.fields["filters"]
        depthwise = middle * prod(kernels)
        pointwise = middle * filters
        fits = all(window.fits for window in windows)
        output = Shape(tuple(w.output for w in windows), filters) if fits else None
        return LayerCalculation(
            output=output,
            weights=depthwise + pointwise,
            biases=filters if spec.fields["bias"] else 0,
            macs=prod(output.spatial) * (depthwise + pointwise) if output else None,
            windows=windows,
        )

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        label = window_label(spec, rank)
        multiplier = spec.fields.get("depth_multiplier", 1)
        return with_activation(label + (f" ×{multiplier}" if multiplier != 1 else ""), spec)


KIND = SeparableConv(
    name="separable_conv",
    summary="Depthwise separable convolution: a per-channel conv, then a 1×1 conv (Keras "
    "SeparableConv2D).",
    convolution=True,
    needs_spatial=True,
    aliases={
        "separableconv": None,
        "separableconv1d": 1,
        "separableconv2d": 2,
        "separableconvolution1d": 1,
        "separableconvolution2d": 2,
        "sepconv": None,
    },
    fields=(
        Field(
            "filters",
            "int",
            "Output channels of the pointwise step.",
            required=True,
            aliases=("out_channels", "num_filters"),
            minimum=1,
        ),
        kernel_field(("kernel_size", "ksize")),
        stride_field(1, "Step between windows of the depthwise step."),
        PADDING,
        DILATION,
        Field(
            "depth_multiplier",
            "int",
            "Depthwise kernels per input channel.",
            default=1,
            minimum=1,
        ),
        Field(
            "bias",
            "bool",
            "Whether the pointwise step has a bias (the depthwise step has none, as in Keras).",
            default=True,
            aliases=("use_bias",),
        ),
        ACTIVATION,
        Field(
            "in_channels",
            "int",
            "Input channels; inferred from the previous layer, checked when given.",
            minimum=1,
        ),
    ),
)
