"""split: cuts a tensor into pieces along one axis (PyTorch `torch.split` / `chunk`, TensorFlow
`tf.split`; ShuffleNetV2's channel split). Each piece is a layer of its own, named after the split
with its index, `split1.0`, `split1.1`, …, so later layers read a piece with `from: split1.1`;
a layer right after the split, without `from:`, reads piece 0.

`chunks: K` gives K pieces as `torch.chunk` cuts them: each of ceil(L/K) along the axis, the last
one smaller (and, when fewer than K pieces are needed, the later ones do not exist: rule
split-sizes); TensorFlow's `tf.split(x, K)` demands that K divide L. `sizes: [a, b, …]` gives one
piece per size (`torch.split(x, [a, b])`, `tf.split(x, [a, b])`); they must add up to L. `axis`
counts positions in the spec's layout, as `concat`'s does (default: channels). No parameters; a
piece along a spatial axis is a crop of it, so its receptive field is shifted by its offset.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerCalculation, LayerKind
from convcalc.kinds.joins import concat_axis


def piece_bounds(spec: LayerSpec, length: int) -> tuple[int, int]:
    """`(offset, size)` of this spec's piece along an axis of `length`; size may be below 1
    (`chunks` larger than the pieces torch.chunk gives)."""
    piece = spec.piece or 0
    sizes = spec.fields["sizes"]
    if sizes is not None:
        listed = [sizes] if isinstance(sizes, int) else list(sizes)
        return sum(listed[:piece]), listed[piece]
    chunks: int = spec.fields["chunks"]
    step = -(-length // max(chunks, 1))
    offset = piece * step
    return offset, min(step, length - offset)


class Split(LayerKind):
    def pieces(self, fields: Mapping[str, Any]) -> int | None:
        sizes = fields.get("sizes")
        if sizes is not None:
            return 1 if isinstance(sizes, int) else len(sizes)
        chunks = fields.get("chunks")
        return chunks if isinstance(chunks, int) and chunks >= 1 else 1

    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        layout = settings.layout
        axis = concat_axis(spec, input_shape.rank, layout)
        assert axis is not None  # split-sizes refuses an axis out of range
        sizes = input_shape.in_layout(layout)
        offset, size = piece_bounds(spec, sizes[axis])
        if size < 1:
            return LayerCalculation(output=None, weights=None, biases=None, buffers=None, macs=None)
        sizes[axis] = size
        output = Shape.from_layout(sizes, layout)
        if output.rank != input_shape.rank or output.channels != input_shape.channels:
            return LayerCalculation(output=output)  # along the channels: the field is unchanged
        # Along a spatial axis the piece is a crop that starts `offset` in.
        spatial_axis = axis - (1 if layout == "chw" else 0)
        offsets = tuple(offset if index == spatial_axis else 0 for index in range(output.rank))
        return LayerCalculation(output=output, offsets=offsets)

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        sizes = spec.fields["sizes"]
        how = (
            f"{spec.fields['chunks']} chunks"
            if sizes is None
            else f"sizes {list(sizes) if isinstance(sizes, tuple) else sizes}"
        )
        return f"piece {spec.piece or 0} of {how}"


KIND = Split(
    name="split",
    summary="Cut along an axis into pieces, each read as `from: NAME.INDEX` (channel split).",
    aliases={"chunk": None},
    fields=(
        Field(
            "chunks",
            "int",
            "Number of pieces, as torch.chunk cuts them; give this or `sizes`.",
            aliases=("num_or_size_splits", "num_splits"),
            minimum=1,
        ),
        Field(
            "sizes",
            "dims",
            "Size of each piece along the axis (torch.split's list); give this or `chunks`.",
            aliases=("split_size_or_sections", "split_sizes", "sections"),
            minimum=0,
        ),
        Field(
            "axis",
            "int",
            "Axis to cut, in the spec's layout; `channels` by default.",
            default="channels",
            aliases=("dim",),
            keywords=("channels",),
        ),
    ),
)
