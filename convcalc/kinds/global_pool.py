"""global_avgpool, global_maxpool: one average or maximum per channel over all spatial positions
(PyTorch AdaptiveAvgPool/AdaptiveMaxPool with output size 1; Keras GlobalAveragePooling1D/2D/3D,
GlobalMaxPooling1D/2D/3D, also spelt GlobalAvgPool2D/GlobalMaxPool2D).

Output: `1×…×1×C` with `keepdims: true`, a flat vector of `C` features with `keepdims: false`.
When `keepdims` is not written it follows the spelling: true for `global_avgpool` and
`global_maxpool` (PyTorch keeps the dimensions), false for the Keras spellings (Keras flattens by
default). No parameters.

Receptive field: global (the one output unit reads every input position); the union of their
fields, `size = r + (L - 1)*j` per dimension, is kept underneath but the 1×…×1 map has no grid of
its own: a join with a spatial branch (a squeeze-and-excitation gate) takes the spatial branch's.
"""

from __future__ import annotations

from collections.abc import Iterable

from convcalc.core.records import field, frozen
from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.receptive_field import NoFieldReason, ReceptiveField, pooled_globally
from convcalc.geometry.unit_maps import UnitMap
from convcalc.kinds.base import Field, LayerCalculation, LayerKind, normalise_kind

KEEPDIMS = Field(
    "keepdims",
    "bool",
    "Keep the spatial dimensions as 1×…×1 (default: true; false for the Keras spellings, which "
    "flatten).",
    aliases=("keep_dims",),
)


@frozen
class GlobalPool(LayerKind):
    # Spellings (normalised) whose framework flattens by default: Keras's.
    flattening_spellings: frozenset[str] = field(default_factory=frozenset)

    def keeps_dims(self, spec: LayerSpec) -> bool:
        written = spec.fields.get("keepdims")
        if written is not None:
            return bool(written)
        return normalise_kind(spec.written_kind or spec.kind) not in self.flattening_spellings

    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        channels = input_shape.channels
        if not self.keeps_dims(spec):
            return LayerCalculation(output=Shape((), channels))
        return LayerCalculation(
            output=Shape((1,) * input_shape.rank, channels),
            unit_maps=tuple(UnitMap(1, size, ((0, 1, size),)) for size in input_shape.spatial),
        )

    def receptive_field(
        self, before: ReceptiveField, calculation: LayerCalculation
    ) -> ReceptiveField | NoFieldReason:
        pooled = super().receptive_field(before, calculation)
        return pooled if isinstance(pooled, str) else pooled_globally(pooled)

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        # The resolved value: the default depends on the spelling, so show which one it got.
        return f"global, keepdims: {'true' if self.keeps_dims(spec) else 'false'}"


def _keras(*names: str) -> dict[str, int | None]:
    return {name: int(name[-2]) for name in names}


_AVG_KERAS = _keras(
    "globalaveragepooling1d",
    "globalaveragepooling2d",
    "globalaveragepooling3d",
    "globalavgpool1d",
    "globalavgpool2d",
    "globalavgpool3d",
)
_MAX_KERAS = _keras(
    "globalmaxpooling1d",
    "globalmaxpooling2d",
    "globalmaxpooling3d",
    "globalmaxpool1d",
    "globalmaxpool2d",
    "globalmaxpool3d",
)

_AVG_KEEPING = {"globalaveragepool": None, "gap": None}
_MAX_KEEPING = {"globalmaxpooling": None}


def _summary(what: str, name: str, keeping: Iterable[str], flattening: Iterable[str]) -> str:
    """The kinds table's line, naming which spellings keep 1×…×1×C and which flatten."""
    kept = ", ".join([name, *keeping])
    flat = ", ".join(flattening)
    return (
        f"{what} over all spatial positions per channel. `keepdims` (1×…×1×C) unless written: "
        f"true for {kept}; false (C features) for the Keras spellings {flat}."
    )


GLOBAL_AVGPOOL = GlobalPool(
    name="global_avgpool",
    summary=_summary("Average", "global_avgpool", _AVG_KEEPING, _AVG_KERAS),
    pooling=True,
    needs_spatial=True,
    aliases={**_AVG_KERAS, **_AVG_KEEPING},
    flattening_spellings=frozenset(_AVG_KERAS),
    fields=(KEEPDIMS,),
)

GLOBAL_MAXPOOL = GlobalPool(
    name="global_maxpool",
    summary=_summary("Maximum", "global_maxpool", _MAX_KEEPING, _MAX_KERAS),
    pooling=True,
    needs_spatial=True,
    aliases={**_MAX_KERAS, **_MAX_KEEPING},
    flattening_spellings=frozenset(_MAX_KERAS),
    fields=(KEEPDIMS,),
)

KINDS = (GLOBAL_AVGPOOL, GLOBAL_MAXPOOL)
