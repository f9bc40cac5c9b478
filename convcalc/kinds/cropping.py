"""cropping: drops rows at the borders (Keras Cropping1D/2D/3D; PyTorch writes it as a negative
F.pad or a slice).

Output size per dimension: `L - c0 - c1`; channels pass through; no parameters. `cropping` is a
number, one per spatial dimension, or `[before, after]` pairs per dimension, in spatial order, as
`zeropad`'s padding is (Keras' `Cropping2D(((1, 2), (3, 4)))` is `cropping: [[1, 2], [3, 4]]`;
its `Cropping1D((1, 2))` is `cropping: [[1, 2]]`). Nothing may be left: an empty output is
refused (rule empty-output; Keras: "cropping parameter ... is too large"). The receptive field is
unchanged and starts `c0` rows later.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import resolve_padding
from convcalc.kinds._common import padding_label
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class Cropping(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        ones = (1,) * input_shape.rank
        crops = resolve_padding(spec.fields["cropping"], ones, ones)
        sizes = tuple(
            size - before - after
            for size, (before, after) in zip(input_shape.spatial, crops, strict=True)
        )
        if min(sizes) < 1:
            return LayerCalculation(output=None, sizes=sizes)
        return LayerCalculation(
            output=Shape(sizes, input_shape.channels),
            offsets=tuple(before for before, _ in crops),
        )

    def size_formula(self, spec: LayerSpec, input_shape: Shape, axis: int) -> str:
        ones = (1,) * input_shape.rank
        before, after = resolve_padding(spec.fields["cropping"], ones, ones)[axis]
        size = input_shape.spatial[axis]
        return f"{size:,} − {before} − {after} = {size - before - after:,}"

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"crop {padding_label(spec.fields['cropping'])}"


KIND = Cropping(
    name="cropping",
    summary="Drop rows at the borders (Keras Cropping1D/2D/3D): out = L − c0 − c1.",
    needs_spatial=True,
    too_small_hint="crop less, or use a larger input",
    aliases={"cropping1d": 1, "cropping2d": 2, "cropping3d": 3, "crop": None},
    fields=(
        Field(
            "cropping",
            "pads",
            "Rows dropped per side: a number, one per dimension, or [before, after] pairs per "
            "dimension.",
            required=True,
            aliases=("crop",),
            minimum=0,
            spatial=True,
        ),
    ),
)
