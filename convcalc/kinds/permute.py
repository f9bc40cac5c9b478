"""permute and transpose: reorder a tensor's dimensions (PyTorch `x.permute(*dims)`,
torchvision's `Permute` module, `x.transpose(dim0, dim1)`).

The dimensions are PyTorch's own numbers, batch included, as copied from PyTorch code:
`dims: [0, 2, 3, 1]` takes an [N, C, H, W] tensor to [N, H, W, C] (ConvNeXt's blocks), and
`[0, 3, 1, 2]` takes it back. They are read against how PyTorch holds the tensor at that point:
[N, C, *spatial], or [N, *spatial, C] after a permute to channels-last. The shape a spec shows
stays `[*spatial, C]` (channels are where the spec's layout puts them); what changes is that
PyTorch now holds the channels last, so that `dense` with `axis: last` and `layernorm` act on
them, and a layer that reads channels from dim 1 (a convolution, batchnorm, pooling) is refused
until a permute puts them back (rule channels-moved). Reordering spatial dimensions reorders the
spatial sizes and their receptive fields. The batch stays first and the channels first or last
(rule permute-dims). No parameters.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerCalculation, LayerKind

CHANNELS = -1  # the channel axis, among the spatial axes' indices


def held(shape: Shape) -> list[int]:
    """The axes as PyTorch holds them after the batch: spatial indices and CHANNELS."""
    spatial = list(range(shape.rank))
    return [*spatial, CHANNELS] if shape.channels_last else [CHANNELS, *spatial]


def permutation(spec: LayerSpec, rank: int) -> list[int]:
    """The dims as a permute's list, batch included (a transpose's two dims swapped)."""
    if spec.kind == "transpose":
        dims = list(range(rank + 2))
        first, second = spec.fields["dim0"], spec.fields["dim1"]
        if not all(-len(dims) <= dim < len(dims) for dim in (first, second)):
            return [first, second]  # not a permutation: permute-dims says why
        dims[first], dims[second] = dims[second], dims[first]
        return dims
    written = spec.fields["dims"]
    return [written] if isinstance(written, int) else [int(dim) for dim in written]


def problem(dims: list[int], shape: Shape) -> str | None:
    """Why these dims cannot permute this tensor, or None."""
    count = shape.rank + 2 if shape.spatial else 2
    normalised = [dim % count if -count <= dim < count else None for dim in dims]
    if len(dims) != count or sorted(d for d in normalised if d is not None) != list(range(count)):
        return (
            f"a {count}-D tensor needs a permutation of 0 … {count - 1} (batch included), "
            f"got {dims}"
        )
    if normalised[0] != 0:
        return "the batch dimension (0) must stay first"
    after = held(shape)
    moved = [after[d - 1] for d in normalised[1:] if d is not None]
    if moved and moved[0] != CHANNELS and moved[-1] != CHANNELS:
        return "convcalc follows the channels only to the first or the last place"
    return None


class Permute(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        dims = permutation(spec, input_shape.rank)
        if input_shape.is_flat or problem(dims, input_shape) is not None:
            return LayerCalculation(output=input_shape)  # permute-dims says why
        count = input_shape.rank + 2
        after = held(input_shape)
        # dims[0] is the batch (problem() refused anything else); the rest name held axes.
        moved = [after[dim % count - 1] for dim in dims[1:]]
        order = tuple(axis for axis in moved if axis != CHANNELS)
        output = Shape(
            tuple(input_shape.spatial[axis] for axis in order),
            input_shape.channels,
            channels_last=moved[-1] == CHANNELS,
        )
        changed = order != tuple(range(input_shape.rank))
        return LayerCalculation(output=output, spatial_order=order if changed else ())

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        if spec.kind == "transpose":
            return f"{spec.fields['dim0']}↔{spec.fields['dim1']}"
        dims = spec.fields["dims"]
        return "[" + ", ".join(map(str, [dims] if isinstance(dims, int) else dims)) + "]"


PERMUTE = Permute(
    name="permute",
    summary="Reorder dimensions by PyTorch's numbers, batch included (ConvNeXt's channels-last).",
    positionwise=True,
    fields=(
        Field(
            "dims",
            "dims",
            "The new order, PyTorch's dimension numbers with the batch: [0, 2, 3, 1] for "
            "channels-last.",
            required=True,
            aliases=("permutation",),
        ),
    ),
)
TRANSPOSE = Permute(
    name="transpose",
    summary="Swap two dimensions by PyTorch's numbers, batch included.",
    positionwise=True,
    aliases={"swapaxes": None},
    fields=(
        Field("dim0", "int", "One dimension (PyTorch's number, batch is 0).", required=True),
        Field("dim1", "int", "The other dimension.", required=True),
    ),
)

KINDS = (PERMUTE, TRANSPOSE)
