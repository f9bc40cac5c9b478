"""adaptive_avgpool, adaptive_maxpool: pooling to a fixed output size (PyTorch
AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d).

Output: `output_size` per dimension, whatever the input size (PyTorch also allows an output
larger than the input: bins then overlap); a null (PyTorch's None) keeps that dimension's size.
Bin `i` of `o` over an input of `L` reads positions `[floor(i*L/o), ceil((i+1)*L/o))`, so bins
differ in size when `o` does not divide `L`.
Channels pass through; no parameters.

Receptive field: a unit sees the union of the fields of its bin's positions; the reported size
is the largest bin's, the jump `L/o` input positions (a fraction when `o` does not divide `L`).
An output of 1 along every dimension is global pooling: the field is global, as there.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.field_phases import PERIOD_TOO_LONG
from convcalc.geometry.receptive_field import NoFieldReason, ReceptiveField, pooled_globally
from convcalc.geometry.unit_maps import bins_map
from convcalc.kinds._common import dims_label
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class AdaptivePool(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        written = spec.fields["output_size"]
        wanted = (written,) * input_shape.rank if isinstance(written, int) else tuple(written)
        # None keeps that dimension (PyTorch's `AdaptiveAvgPool2d((None, 7))`).
        sizes = tuple(
            size if out is None else out
            for size, out in zip(input_shape.spatial, wanted, strict=True)
        )
        maps = [bins_map(size, out) for size, out in zip(input_shape.spatial, sizes, strict=True)]
        return LayerCalculation(
            output=Shape(sizes, input_shape.channels),
            unit_maps=tuple(m for m in maps if m is not None) if all(maps) else (),
        )

    def receptive_field(
        self, before: ReceptiveField, calculation: LayerCalculation
    ) -> ReceptiveField | NoFieldReason:
        # No unit maps means a bin pattern beyond the tabulated period: no before is reported.
        if not calculation.unit_maps:
            return PERIOD_TOO_LONG
        pooled = super().receptive_field(before, calculation)
        single = calculation.output is not None and all(n == 1 for n in calculation.output.spatial)
        # One bin over everything: global pooling spelt another way.
        return pooled_globally(pooled) if single and not isinstance(pooled, str) else pooled

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"→ {dims_label(spec.fields['output_size'])}"


OUTPUT_SIZE = Field(
    "output_size",
    "dims",
    "Output size, one number or one per spatial dimension; null keeps that dimension.",
    required=True,
    aliases=("size",),
    minimum=1,
    spatial=True,
    null_items=True,
)

ADAPTIVE_AVGPOOL = AdaptivePool(
    name="adaptive_avgpool",
    summary="Average pooling to a fixed output size (bins floor(i·L/o) to ceil((i+1)·L/o)).",
    pooling=True,
    needs_spatial=True,
    aliases={"adaptiveavgpool1d": 1, "adaptiveavgpool2d": 2, "adaptiveavgpool3d": 3},
    fields=(OUTPUT_SIZE,),
)

ADAPTIVE_MAXPOOL = AdaptivePool(
    name="adaptive_maxpool",
    summary="Max pooling to a fixed output size (bins floor(i·L/o) to ceil((i+1)·L/o)).",
    pooling=True,
    needs_spatial=True,
    aliases={"adaptivemaxpool1d": 1, "adaptivemaxpool2d": 2, "adaptivemaxpool3d": 3},
    fields=(OUTPUT_SIZE,),
)

KINDS = (ADAPTIVE_AVGPOOL, ADAPTIVE_MAXPOOL)
