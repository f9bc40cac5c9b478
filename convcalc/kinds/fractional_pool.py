"""fractional_maxpool: fractional max pooling (Graham, "Fractional Max-Pooling", 2014; PyTorch
FractionalMaxPool2d/3d).

Output size per dimension: `output_size`, or `floor(L * output_ratio)`; windows of `kernel` start
at pseudo-random positions drawn anew for every sample, so the output need not divide the input.
PyTorch demands `output + kernel - 1 <= L` in each dimension in 2-D, `< L` in 3-D ("pool height
3 too large relative to input height 5"), exactly one of `output_size` and `output_ratio`, and a
ratio in (0, 1) (rule fractional-pool-size). Channels pass through; no parameters. The windows'
places are random, so there is no fixed receptive field after it.
"""

from __future__ import annotations

from math import floor, isfinite

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import expand
from convcalc.geometry.receptive_field import NoFieldReason, ReceptiveField
from convcalc.kinds._common import dims_label, kernel_field
from convcalc.kinds.base import Field, LayerCalculation, LayerKind

RANDOM_WINDOWS = "fractional max pooling draws its windows at random for every sample"


def output_sizes(spec: LayerSpec, input_shape: Shape) -> tuple[int, ...] | None:
    """The output size per dimension, or None when neither or both ways are given."""
    size, ratio = spec.fields["output_size"], spec.fields["output_ratio"]
    if (size is None) == (ratio is None):
        return None
    if size is not None:
        return expand(size, input_shape.rank)
    ratios = [ratio] * input_shape.rank if isinstance(ratio, (int, float)) else list(ratio)
    products = [length * r for length, r in zip(input_shape.spatial, ratios, strict=True)]
    if not all(isfinite(product) for product in products):
        return None  # a ratio out of its bounds (value-out-of-range says so) on a huge size
    return tuple(floor(product) for product in products)


class FractionalPool(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        sizes = output_sizes(spec, input_shape)
        assert sizes is not None  # fractional-pool-size refuses neither and both
        return LayerCalculation(output=Shape(sizes, input_shape.channels))

    def receptive_field(
        self, before: ReceptiveField, calculation: LayerCalculation
    ) -> ReceptiveField | NoFieldReason:
        return RANDOM_WINDOWS

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        size, ratio = spec.fields["output_size"], spec.fields["output_ratio"]
        target = f"→ {dims_label(size)}" if size is not None else f"× {ratio}"
        return f"{dims_label(spec.fields['kernel'])} {target}"


KIND = FractionalPool(
    name="fractional_maxpool",
    summary="Fractional max pooling: random windows to output_size or floor(L·output_ratio).",
    needs_spatial=True,
    aliases={"fractionalmaxpool2d": 2, "fractionalmaxpool3d": 3},
    fields=(
        kernel_field(("kernel_size",)),
        Field(
            "output_size",
            "dims",
            "Output size, one number or one per dimension; give this or output_ratio.",
            minimum=1,
            spatial=True,
        ),
        Field(
            "output_ratio",
            "float",
            "Output size as a fraction of the input's, 0 < ratio < 1; give this or output_size.",
            minimum=0,
            below=1,
        ),
    ),
)
