"""conv: N-d convolution (PyTorch ConvNd, Keras ConvND).

Output size per dimension: `(L + p0 + p1 - d*(k-1) - 1) // s + 1`.
Weights `filters * (in_channels / groups) * prod(kernel)`, biases `filters`. `groups: in` means one
group per input channel (depthwise; Keras DepthwiseConv2D with `filters = depth_multiplier * C`),
and `filters: in` as many filters as input channels, so a depthwise layer is written without its
width (`{type: conv, filters: in, groups: in, kernel: 3}`) and follows a `--set` of the width.
`padding_mode` (PyTorch: zeros, reflect, replicate, circular) changes what fills the padding, not
the shape; reflect and circular padding must fit in the input (rule pad-too-large).
"""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds._common import (
    ACTIVATION,
    BIAS,
    DILATION,
    PADDING,
    PADDING_MODES,
    kernel_field,
    resolve_in,
    sliding_windows,
    stride_field,
    window_label,
    with_activation,
)
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class Conv(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        windows = sliding_windows(spec, input_shape, settings)
        kernels = [window.kernel for window in windows]
        in_channels = spec.fields["in_channels"] or input_shape.channels
        filters = resolve_in(spec.fields["filters"], in_channels)
        groups = resolve_in(spec.fields["groups"], in_channels)
        weights = filters * (in_channels // groups) * prod(kernels)
        biases = filters if spec.fields["bias"] else 0
        fits = all(window.fits for window in windows)
        output = Shape(tuple(w.output for w in windows), filters) if fits else None
        # One multiply-accumulate per weight per output position.
        macs = prod(output.spatial) * weights if output else None
        return LayerCalculation(
            output=output, weights=weights, biases=biases, macs=macs, windows=windows
        )

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return with_activation(window_label(spec, rank), spec)


KIND = Conv(
    name="conv",
    summary="Convolution over 1, 2 or 3 spatial dimensions.",
    convolution=True,
    needs_spatial=True,
    aliases={
        "conv1d": 1,
        "conv2d": 2,
        "conv3d": 3,
        "convolution": None,
        "convolution1d": 1,
        "convolution2d": 2,
        "convolution3d": 3,
    },
    fields=(
        Field(
            "filters",
            "int",
            "Output channels, or `in`: as many as the input has.",
            required=True,
            aliases=("out_channels", "num_filters"),
            minimum=1,
            keywords=("in",),
        ),
        kernel_field(("kernel_size", "ksize")),
        stride_field(1, "Step between windows."),
        PADDING,
        DILATION,
        Field(
            "groups",
            "int",
            "Channel groups; `in` for one group per input channel (depthwise).",
            default=1,
            minimum=1,
            keywords=("in",),
        ),
        BIAS,
        ACTIVATION,
        Field(
            "in_channels",
            "int",
            "Input channels; inferred from the previous layer, checked when given.",
            minimum=1,
        ),
        Field(
            "padding_mode",
            "choice",
            "What fills the padding (PyTorch): zeros, reflect, replicate or circular.",
            default="zeros",
            choices=PADDING_MODES,
        ),
    ),
)
