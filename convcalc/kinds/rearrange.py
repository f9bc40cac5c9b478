"""space_to_depth, depth_to_space, channel_slice, crop: layers that move or drop values without
arithmetic, as the imported formats have them (Darknet's `[reorg]`, grouped `[route]` and
`[crop]`; Caffe's `Slice` and `Crop`; TensorFlow's SpaceToDepth and DepthToSpace, PyTorch's
PixelUnshuffle and PixelShuffle, Keras' Cropping1D/2D/3D). No parameters.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import expand, windows_for
from convcalc.geometry.unit_maps import UnitMap
from convcalc.kinds._common import dims_label
from convcalc.kinds.base import Field, LayerCalculation, LayerKind

BLOCK = Field(
    "block",
    "int",
    "The block size.",
    required=True,
    aliases=("block_size",),
    minimum=1,
)


class SpaceToDepth(LayerKind):
    """Each block×…×block patch becomes one position with block^rank times the channels: the
    same positions as a block-sized window at stride block (floor), so the windows give the
    receptive field."""

    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        block = spec.fields["block"]
        rank = input_shape.rank
        windows = windows_for(
            input_shape.spatial, (block,) * rank, (block,) * rank, (1,) * rank, ((0, 0),) * rank
        )
        sizes = tuple(window.output for window in windows)
        return LayerCalculation(
            output=Shape(sizes, input_shape.channels * block**rank), windows=windows
        )

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"/{spec.fields['block']}"


class DepthToSpace(LayerKind):
    """Channels spread over block×…×block patches: sizes times block, channels divided by
    block^rank (an indivisible channel count drops the rest, as Darknet's integer division).
    Each of a patch's block positions reads the one input position: nearest upsampling's map."""

    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        block = spec.fields["block"]
        rank = input_shape.rank
        return LayerCalculation(
            output=Shape(
                tuple(size * block for size in input_shape.spatial),
                input_shape.channels // block**rank,
            ),
            unit_maps=(UnitMap(block, 1, ((0, 1, 1),) * block),) * rank,
        )

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"×{spec.fields['block']}"


class ChannelSlice(LayerKind):
    """Channels `start` to `stop` (Caffe's Slice at its slice points), then one of `parts`
    equal groups of them (Darknet's route `groups`/`group_id`; integer division, as darknet's
    `out_c / groups`)."""

    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        stop = spec.fields["stop"]
        end = input_shape.channels if stop is None else min(stop, input_shape.channels)
        kept = max(end - spec.fields["start"], 0)
        return LayerCalculation(output=Shape(input_shape.spatial, kept // spec.fields["parts"]))

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        fields = spec.fields
        label = ""
        if fields["start"] or fields["stop"] is not None:
            stop = "" if fields["stop"] is None else fields["stop"]
            label = f"{fields['start']}:{stop}"
        if fields["parts"] != 1:
            label = f"{label} part {fields['part']} of {fields['parts']}".strip()
        return label


class Crop(LayerKind):
    """The central `size` positions (Darknet's `[crop]` at test time): the output size is the
    crop size, whatever the input's (darknet reads outside a smaller input as zeros)."""

    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        sizes = expand(spec.fields["size"], input_shape.rank)
        return LayerCalculation(output=Shape(tuple(sizes), input_shape.channels))

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"→ {dims_label(spec.fields['size'])}"


KINDS = (
    SpaceToDepth(
        name="space_to_depth",
        summary="Space to depth (Darknet reorg, PixelUnshuffle): sizes ÷ block (floor), "
        "channels × block^rank.",
        needs_spatial=True,
        aliases={"pixelunshuffle": 2},
        fields=(BLOCK,),
    ),
    DepthToSpace(
        name="depth_to_space",
        summary="Depth to space (PixelShuffle): sizes × block, channels ÷ block^rank.",
        needs_spatial=True,
        aliases={"pixelshuffle": 2},
        fields=(BLOCK,),
    ),
    ChannelSlice(
        name="channel_slice",
        summary="Channels start:stop (Caffe's Slice), then one of `parts` equal groups "
        "(Darknet's grouped route).",
        fields=(
            Field("start", "int", "The first channel kept.", default=0, minimum=0),
            Field("stop", "int", "The channel after the last kept (default: the end).", minimum=1),
            Field("parts", "int", "Equal channel groups.", default=1, minimum=1),
            Field("part", "int", "The group kept, from 0.", default=0, minimum=0),
        ),
    ),
    Crop(
        name="crop",
        summary="A central crop to `size` per spatial dimension (Darknet's [crop] at test time).",
        needs_spatial=True,
        fields=(
            Field(
                "size",
                "dims",
                "The size kept per spatial dimension.",
                required=True,
                minimum=1,
                spatial=True,
            ),
        ),
    ),
)
