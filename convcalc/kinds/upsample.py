"""upsample: resize by a factor or to a size (PyTorch nn.Upsample / F.interpolate; Keras
UpSampling1D/2D/3D).

Give exactly one of `scale` and `size`:
- `scale`: output `floor(L * scale)` per dimension, computed as PyTorch does (a Python float
  product, so `scale: 0.7` on 10 gives 7); a whole scale is exact for any size;
- `size`: the output size, one number or one per dimension.
With a second input (`from: [x, reference]`) and neither, the output takes the reference's
spatial size (PyTorch `F.interpolate(x, size=reference.shape[2:])`, as Ultralytics' CBFuse
does): only the first input's values are read, so the receptive field is the first input's.
Keras's `size` is the factor, not the output size: with a Keras spelling (`UpSampling2D`) `size:
2` doubles every dimension, as in Keras; with `upsample` or `Upsample` it is the output size, as
in PyTorch. Channels pass through; no parameters.

`mode` (Keras: `interpolation`): nearest, nearest-exact, linear (1-D), bilinear and bicubic (2-D),
trilinear (3-D); PyTorch refuses a mode for another number of dimensions and `align_corners` with
nearest (rule upsample-mode). `align_corners` changes the values, not the shape.

Receptive field: output units are `1/scale` input pixels apart (with align_corners `(L − 1)/(O −
1)`: the source positions depend on the sizes); a unit reads one input pixel (nearest), two
(linear modes, per dimension) or four (bicubic), fewer where the source position falls exactly on
a pixel; the reported size is the largest over the units (see geometry/unit_maps.py). A dimension
of size 1 is read by every output unit alone: PyTorch clamps the source position to it, so a
resized 1×1 map sees exactly what that map saw (a global field stays global). No field for a
pattern whose period is too long (such as scale 1.3, not a short binary fraction).
"""

from __future__ import annotations

import math
from fractions import Fraction

from convcalc.core.records import field, frozen, replace
from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import expand
from convcalc.geometry.field_phases import PERIOD_TOO_LONG
from convcalc.geometry.receptive_field import NoFieldReason, ReceptiveField
from convcalc.geometry.unit_maps import UnitMap, resample_map
from convcalc.kinds._common import dims_label
from convcalc.kinds.base import Field, LayerCalculation, LayerKind, normalise_kind

MODES = ("nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear")
# The number of spatial dimensions each interpolating mode is defined for (PyTorch).
MODE_RANKS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}
_FLOAT_EXACT = 2**53  # below this a size is exact as a float, as in PyTorch's own arithmetic


def scaled(size: int, scale: float) -> int:
    """`floor(size * scale)` as PyTorch's `interpolate` computes it (in floats)."""
    if float(scale).is_integer():
        return size * int(scale)
    if size < _FLOAT_EXACT:
        product = size * float(scale)
        if math.isfinite(product):
            return math.floor(product)
    return math.floor(size * Fraction(scale))


def _resample(
    length: int, out: int, ratio: Fraction, mode: str, align_corners: bool
) -> UnitMap | None:
    """One dimension's unit map, as PyTorch computes the source positions."""
    if length == 1:
        # Every source position is clamped to the one input unit: all units read it.
        return UnitMap(1, 0, ((0, 1, 1),))
    if align_corners:
        ratio = Fraction(length - 1, out - 1) if out > 1 else Fraction(0)
    return resample_map(ratio, mode, align_corners)


@frozen
class Upsample(LayerKind):
    # Spellings (normalised) whose `size` is the factor: Keras's.
    factor_size_spellings: frozenset[str] = field(default_factory=frozenset)

    def size_formula(self, spec: LayerSpec, input_shape: Shape, axis: int) -> str:
        """The size equation along one axis, for the empty-output rule."""
        size = input_shape.spatial[axis]
        scale = spec.fields["scale"]
        if scale is not None:
            return f"floor({size:,} × {scale}) = {scaled(size, scale):,}"
        return f"size {self.plan(spec, input_shape)[0][axis]:,}"

    def size_is_factor(self, spec: LayerSpec) -> bool:
        return normalise_kind(spec.written_kind or spec.kind) in self.factor_size_spellings

    def plan(self, spec: LayerSpec, input_shape: Shape) -> tuple[tuple[int, ...], list[Fraction]]:
        """Output sizes and, per dimension, input size / output size as the kernel uses it."""
        rank = input_shape.rank
        scale, size = spec.fields["scale"], spec.fields["size"]
        if scale is not None:
            sizes = tuple(scaled(length, scale) for length in input_shape.spatial)
            return sizes, [1 / Fraction(scale) if scale else Fraction(0)] * rank
        factors = expand(size, rank)
        if self.size_is_factor(spec):
            sizes = tuple(
                length * f for length, f in zip(input_shape.spatial, factors, strict=True)
            )
            return sizes, [Fraction(1, f) for f in factors]
        ratios = [Fraction(n, o) for n, o in zip(input_shape.spatial, factors, strict=True)]
        return factors, ratios

    def calculate_inputs(
        self, spec: LayerSpec, inputs: tuple[Shape, ...], settings: CalculationSettings
    ) -> LayerCalculation:
        """A second input gives the output size (its spatial sizes), when neither `scale` nor
        `size` is written (scale-or-size refuses the layer otherwise)."""
        if len(inputs) > 1 and spec.fields.get("scale") is None and spec.fields.get("size") is None:
            reference = inputs[1]
            if reference.is_flat or reference.rank != inputs[0].rank:
                return LayerCalculation(output=None)  # scale-or-size says why
            spec = replace(spec, fields={**spec.fields, "size": list(reference.spatial)})
        return self.calculate(spec, inputs[0], settings)

    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        sizes, ratios = self.plan(spec, input_shape)
        if min(sizes) < 1:
            return LayerCalculation(output=None, sizes=sizes)
        align = bool(spec.fields["align_corners"])
        maps = [
            _resample(length, out, ratio, spec.fields["mode"], align)
            for length, out, ratio in zip(input_shape.spatial, sizes, ratios, strict=True)
        ]
        return LayerCalculation(
            output=Shape(sizes, input_shape.channels),
            sizes=sizes,
            unit_maps=tuple(m for m in maps if m is not None) if all(maps) else (),
        )

    def receptive_field(
        self, before: ReceptiveField, calculation: LayerCalculation
    ) -> ReceptiveField | NoFieldReason:
        # No unit maps: a pattern beyond the tabulated period.
        if not calculation.unit_maps:
            return PERIOD_TOO_LONG
        return super().receptive_field(before, calculation)

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        if spec.fields.get("scale") is not None:
            how = f"×{spec.fields['scale']}"
        elif spec.fields.get("size") is None and len(spec.inputs) > 1:
            how = f"→ size of {spec.inputs[1]}"
        elif self.size_is_factor(spec):
            how = f"×{dims_label(spec.fields['size'])}"
        else:
            how = f"→ {dims_label(spec.fields['size'])}"
        return f"{how} {spec.fields.get('mode', 'nearest')}"


_KERAS = {"upsampling1d": 1, "upsampling2d": 2, "upsampling3d": 3}

KIND = Upsample(
    name="upsample",
    summary="Resize by `scale` (floor(L·scale)) or to `size`, nearest or interpolating.",
    needs_spatial=True,
    aliases={**_KERAS, "upsampling": None, "interpolate": None, "resize": None},
    factor_size_spellings=frozenset(_KERAS),
    too_small_hint="use a larger scale or size",
    max_inputs=2,
    values_read_from=1,
    fields=(
        Field(
            "scale",
            "float",
            "Factor for every spatial dimension; output floor(L·scale).",
            aliases=("scale_factor",),
            minimum=0,
            below=float("inf"),
        ),
        Field(
            "size",
            "dims",
            "Output size, one number or one per dimension (Keras spellings: the factor).",
            aliases=("output_size",),
            minimum=1,
            spatial=True,
        ),
        Field(
            "mode",
            "choice",
            "How output values are computed: " + ", ".join(MODES) + ".",
            default="nearest",
            aliases=("interpolation",),
            choices=MODES,
        ),
        Field(
            "align_corners",
            "bool",
            "Interpolating modes only: align the corner pixels (PyTorch).",
        ),
    ),
)
