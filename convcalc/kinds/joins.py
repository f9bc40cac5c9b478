"""Joins: layers that combine several inputs named with `from: [a, b, ...]`.

- `add`: elementwise sum (ResNet shortcuts); every input must have the same shape.
- `concat`: stacks inputs along `axis` (channels by default; Inception, U-Net, DenseNet); the
  other axes must agree. `axis` counts positions in the spec's layout, as NumPy does.
- `multiply`: elementwise product with NumPy broadcasting (squeeze-and-excitation gates: a
  1×1×C gate times an H×W×C feature map).
No parameters.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


def concat_axis(spec: LayerSpec, rank: int, layout: str) -> int | None:
    """The axis as an index into the shape list in `layout`, or None when out of range."""
    axis = spec.fields["axis"]
    size = rank + 1 if rank else 1
    if axis == "channels":
        return (0 if layout == "chw" else size - 1) if rank else 0
    if not -size <= axis < size:
        return None
    return int(axis) % size


def broadcast(shapes: tuple[Shape, ...], layout: str) -> Shape | None:
    """NumPy broadcasting of shapes written in `layout`; None when they do not broadcast."""
    lists = [shape.in_layout(layout) for shape in shapes]
    width = max(len(sizes) for sizes in lists)
    padded = [[1] * (width - len(sizes)) + sizes for sizes in lists]
    result = []
    for column in zip(*padded, strict=True):
        sizes = {size for size in column if size != 1}
        if len(sizes) > 1:
            return None
        result.append(sizes.pop() if sizes else 1)
    joined = Shape.from_layout(result, layout)
    # Inputs all held channels-last (after a permute) give a product held so too.
    if joined.spatial and all(shape.channels_last for shape in shapes):
        return Shape(joined.spatial, joined.channels, True)
    return joined


def _sampled(first: Shape, other: Shape) -> bool:
    """Whether darknet's shortcut can add `other` onto `first`: the same number of spatial
    dimensions, each an integer multiple of the other's by one common ratio (shortcut_cpu
    strides over the larger, asserting the same stride on every axis)."""
    if first.rank != other.rank:
        return False
    ratios = set()
    for mine, theirs in zip(first.spatial, other.spatial, strict=True):
        larger, smaller = max(mine, theirs), min(mine, theirs)
        if smaller == 0 or larger % smaller:
            return False
        ratios.add((larger // smaller, mine >= theirs))
    return len(ratios) <= 1


class Add(LayerKind):
    def calculate_inputs(
        self, spec: LayerSpec, inputs: tuple[Shape, ...], settings: CalculationSettings
    ) -> LayerCalculation:
        if settings.framework == "darknet":
            # [shortcut]: the previous layer's shape; the other input is strided or sampled
            # to it and only the channels both have are added (darknet's shortcut_cpu).
            fits = all(_sampled(inputs[0], other) for other in inputs[1:])
            return LayerCalculation(output=inputs[0] if fits else None)
        return LayerCalculation(output=inputs[0] if len(set(inputs)) == 1 else None)


class Concat(LayerKind):
    def calculate_inputs(
        self, spec: LayerSpec, inputs: tuple[Shape, ...], settings: CalculationSettings
    ) -> LayerCalculation:
        layout = settings.layout
        rank = inputs[0].rank
        axis = concat_axis(spec, rank, layout)
        if axis is None or len({shape.rank for shape in inputs}) != 1:
            return LayerCalculation(output=None)
        lists = [shape.in_layout(layout) for shape in inputs]
        others = {tuple(s for i, s in enumerate(sizes) if i != axis) for sizes in lists}
        if len(others) != 1:
            return LayerCalculation(output=None)
        joined = list(lists[0])
        joined[axis] = sum(sizes[axis] for sizes in lists)
        return LayerCalculation(output=Shape.from_layout(joined, layout))

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"axis {spec.fields['axis']}"


class Multiply(LayerKind):
    def calculate_inputs(
        self, spec: LayerSpec, inputs: tuple[Shape, ...], settings: CalculationSettings
    ) -> LayerCalculation:
        return LayerCalculation(output=broadcast(inputs, settings.layout))


ADD = Add(
    name="add",
    summary="Elementwise sum of two or more inputs of the same shape.",
    join_requirement="needs inputs of the same shape",
    min_inputs=2,
    max_inputs=None,
    aliases={"sum": None},
)
CONCAT = Concat(
    name="concat",
    summary="Concatenate inputs along an axis (channels by default).",
    join_requirement="needs inputs that agree on every axis but the joined one",
    min_inputs=2,
    max_inputs=None,
    aliases={"concatenate": None, "cat": None},
    fields=(
        Field(
            "axis",
            "int",
            "Axis to join along, in the spec's layout; `channels` by default.",
            default="channels",
            aliases=("dim",),
            keywords=("channels",),
        ),
    ),
)
MULTIPLY = Multiply(
    name="multiply",
    summary="Elementwise product of inputs, with NumPy broadcasting (gates).",
    join_requirement="needs inputs that broadcast (each axis equal, or 1)",
    min_inputs=2,
    max_inputs=None,
    aliases={"mul": None},
)

KINDS = (ADD, CONCAT, MULTIPLY)
