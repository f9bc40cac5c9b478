"""max_unpool: the partial inverse of max pooling (PyTorch MaxUnpool1d/2d/3d; SegNet's decoder).

It takes two inputs, `from: [values, pool]`: the values to place and the max pooling layer whose
indices say where (PyTorch: `unpool(x, indices)` with `indices` from `MaxPool2d(...,
return_indices=True)`). The values must have the shape of the pool's output, the indices' shape
("Expected shape of indices to be same as that of the input tensor"; rule max-unpool-indices).
Output size per dimension: `(L - 1)*s - 2p + k` (stride defaults to the kernel), or the call-time
`output_size`, which PyTorch takes strictly between that minus and plus the stride ("invalid
output_size"). Channels pass through; no parameters. Each output unit is fed by the input units
whose pooling window covered it, as in a transposed convolution with the same kernel and stride.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import expand
from convcalc.geometry.field_phases import PERIOD_TOO_LONG
from convcalc.geometry.receptive_field import NoFieldReason, ReceptiveField
from convcalc.geometry.unit_maps import transposed_map
from convcalc.kinds._common import kernel_field, stride_field, window_label
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


def default_sizes(spec: LayerSpec, input_shape: Shape) -> list[int]:
    """PyTorch's output size without `output_size`: (L - 1)*s - 2p + k."""
    rank = input_shape.rank
    kernels = expand(spec.fields["kernel"], rank)
    stride = spec.fields["stride"]
    strides = kernels if stride is None else expand(stride, rank)
    pads = expand(spec.fields["padding"], rank)
    return [
        (size - 1) * s - 2 * p + k
        for size, k, s, p in zip(input_shape.spatial, kernels, strides, pads, strict=True)
    ]


class MaxUnpool(LayerKind):
    def calculate_inputs(
        self, spec: LayerSpec, inputs: tuple[Shape, ...], settings: CalculationSettings
    ) -> LayerCalculation:
        values = inputs[0]
        rank = values.rank
        wanted = spec.fields["output_size"]
        sizes = default_sizes(spec, values) if wanted is None else list(expand(wanted, rank))
        kernels = expand(spec.fields["kernel"], rank)
        stride = spec.fields["stride"]
        strides = kernels if stride is None else expand(stride, rank)
        pads = expand(spec.fields["padding"], rank)
        maps = [transposed_map(k, s, 1, p) for k, s, p in zip(kernels, strides, pads, strict=True)]
        if min(sizes) < 1:
            return LayerCalculation(output=None, sizes=tuple(sizes))
        return LayerCalculation(
            output=Shape(tuple(sizes), values.channels),
            unit_maps=tuple(m for m in maps if m is not None) if all(maps) else (),
        )

    def receptive_field(
        self, before: ReceptiveField, calculation: LayerCalculation
    ) -> ReceptiveField | NoFieldReason:
        if not calculation.unit_maps:  # a stride beyond the tabulated period
            return PERIOD_TOO_LONG
        return super().receptive_field(before, calculation)

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return window_label(spec, rank)


KIND = MaxUnpool(
    name="max_unpool",
    summary="Unpool by a max pool's indices (from: [values, pool]): out = (L−1)·s − 2p + k.",
    needs_spatial=True,
    min_inputs=2,
    max_inputs=2,
    too_small_hint="a larger input or kernel",
    aliases={"maxunpool1d": 1, "maxunpool2d": 2, "maxunpool3d": 3, "maxunpool": None},
    fields=(
        kernel_field(("kernel_size",)),
        stride_field(None, "Step of the pooling it inverts; defaults to the kernel."),
        Field(
            "padding",
            "dims",
            "Padding of the pooling it inverts.",
            default=0,
            minimum=0,
            spatial=True,
        ),
        Field(
            "output_size",
            "dims",
            "PyTorch's call-time output size, within the stride of the default.",
            minimum=1,
            spatial=True,
        ),
    ),
)
