"""maxpool, avgpool: N-d pooling (PyTorch MaxPoolNd/AvgPoolNd, Keras MaxPoolingND).

Output size per dimension: `(L + p0 + p1 - d*(k-1) - 1 + (s-1 if ceil_mode)) // s + 1`; in ceil
mode a last window that would start inside the right padding is dropped. Stride defaults to the
kernel. Channels pass through; no parameters.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds._common import (
    DILATION,
    PADDING,
    kernel_field,
    sliding_windows,
    stride_field,
    window_label,
)
from convcalc.kinds.base import Field, LayerCalculation, LayerKind

CEIL_MODE = Field(
    "ceil_mode",
    "bool",
    "Round the output size up: the last window may hang past the input.",
    default=False,
)


class Pool(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        windows = sliding_windows(spec, input_shape, settings)
        sizes = tuple(window.output for window in windows)
        output = Shape(sizes, input_shape.channels) if min(sizes) >= 1 else None
        return LayerCalculation(output=output, windows=windows)

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return window_label(spec, rank)


_STRIDE = stride_field(None, "Step between windows; defaults to the kernel.")
_KERNEL = kernel_field(("kernel_size", "pool_size", "ksize"))

MAXPOOL = Pool(
    name="maxpool",
    summary="Max pooling over 1, 2 or 3 spatial dimensions.",
    pooling=True,
    needs_spatial=True,
    aliases={
        "maxpool1d": 1,
        "maxpool2d": 2,
        "maxpool3d": 3,
        "maxpooling1d": 1,
        "maxpooling2d": 2,
        "maxpooling3d": 3,
        "max_pool": None,
    },
    fields=(_KERNEL, _STRIDE, PADDING, DILATION, CEIL_MODE),
)

AVGPOOL = Pool(
    name="avgpool",
    summary="Average pooling over 1, 2 or 3 spatial dimensions.",
    pooling=True,
    needs_spatial=True,
    aliases={
        "avgpool1d": 1,
        "avgpool2d": 2,
        "avgpool3d": 3,
        "averagepooling1d": 1,
        "averagepooling2d": 2,
        "averagepooling3d": 3,
        "averagepool": None,
    },
    kernel_within_input_ranks=(3,),
    fields=(
        _KERNEL,
        _STRIDE,
        PADDING,
        CEIL_MODE,
        Field(
            "count_include_pad",
            "bool",
            "Whether padding counts in the average (no effect on shapes).",
            default=True,
        ),
    ),
)

KINDS = (MAXPOOL, AVGPOOL)
