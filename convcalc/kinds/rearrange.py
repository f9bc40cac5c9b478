"""channel_slice and center_crop: layers that keep part of their input without arithmetic, as the
imported formats have them (Darknet's grouped `[route]` and `[crop]`; Caffe's `Slice`). No
parameters. Darknet's `[reorg]` is `pixel_unshuffle` (kinds/pixel_shuffle.py) and Keras'
Cropping is `cropping` (kinds/cropping.py).
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import expand
from convcalc.kinds._common import dims_label
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


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
        # A slice of the channels keeps where they are (channels-last after a permute).
        kept_shape = Shape(
            input_shape.spatial, kept // spec.fields["parts"], input_shape.channels_last
        )
        return LayerCalculation(output=kept_shape)

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
        name="center_crop",
        summary="A central crop to `size` per spatial dimension (Darknet's [crop] at test time).",
        aliases={"centercrop": None},
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
