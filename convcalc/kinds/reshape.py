"""reshape and unflatten: the same elements in a new shape (Keras Reshape, PyTorch `x.view` /
`x.reshape`; PyTorch Unflatten).

`reshape`'s `shape` is the new shape without the batch, written in the spec's layout as `input:`
is (`[7, 7, 64]` with `layout: hwc`, Keras' `Reshape((7, 7, 64))`; one number is a flat vector),
with at most one -1 for the size that makes the element count match. `unflatten` splits a flat
input as PyTorch's `nn.Unflatten(1, (C, H, W))` does: `sizes` in PyTorch's order, channels first
(also with one -1). The element count must not change (rule reshape-size; PyTorch: "shape
'[-1, 5, 5]' is invalid for input of size 48"; Keras: "total size of the new array must be
unchanged"). No parameters. Positions are regrouped, so there is no receptive field after it
(a flat output has none anyway).
"""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.receptive_field import NoFieldReason, ReceptiveField
from convcalc.kinds._common import dims_label
from convcalc.kinds.base import Field, LayerCalculation, LayerKind

REGROUPED = "a reshape regroups the positions"


def target(spec: LayerSpec, input_shape: Shape, layout: str) -> Shape | None:
    """The new shape, -1 worked out; None when it cannot hold the input's elements."""
    written = spec.fields["shape" if spec.kind == "reshape" else "sizes"]
    sizes = [written] if isinstance(written, int) else list(written)
    count = prod(input_shape.spatial) * input_shape.channels
    unknown = [i for i, size in enumerate(sizes) if size == -1]
    known = prod(size for size in sizes if size != -1)
    if len(unknown) > 1 or any(size < -1 or size == 0 for size in sizes) or not known:
        return None
    if unknown:
        if count % known:
            return None
        sizes[unknown[0]] = count // known
    if prod(sizes) != count:
        return None
    return Shape.from_layout(sizes, "chw" if spec.kind == "unflatten" else layout)


class Reshape(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        return LayerCalculation(output=target(spec, input_shape, settings.layout))

    def receptive_field(
        self, before: ReceptiveField, calculation: LayerCalculation
    ) -> ReceptiveField | NoFieldReason:
        return REGROUPED

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"→ {dims_label(spec.fields['shape' if spec.kind == 'reshape' else 'sizes'])}"


RESHAPE = Reshape(
    name="reshape",
    summary="The same elements in a new shape, written in the spec's layout; one -1 inferred.",
    aliases={"view": None},
    fields=(
        Field(
            "shape",
            "dims",
            "The new shape without the batch, in the spec's layout; one -1 is inferred.",
            required=True,
            aliases=("target_shape",),
            minimum=-1,
        ),
    ),
)
UNFLATTEN = Reshape(
    name="unflatten",
    summary="Split a flat input into PyTorch's (C, *spatial) sizes (nn.Unflatten(1, sizes)).",
    fields=(
        Field(
            "sizes",
            "dims",
            "The sizes in PyTorch's order, channels first; one -1 is inferred.",
            required=True,
            aliases=("unflattened_size",),
            minimum=-1,
        ),
        Field("dim", "int", "The dimension split: 1, the flat features.", default=1),
    ),
)

KINDS = (RESHAPE, UNFLATTEN)
