"""channel_slice: a run of the input's channels (PyTorch `x[:, start:start + channels]`, one piece
of `chunk`/`split` along channels), spatial sizes unchanged, no parameters.

Ultralytics' C2f, C2PSA, ADown and the like split a convolution's output in two and feed one half
on; this names that half exactly. A run past the input's last channel has no output (the input is
narrower than the slice), as `x[:, 8:16]` of a 12-channel tensor would not be 8 channels.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class ChannelSlice(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        start: int = spec.fields["start"]
        channels: int = spec.fields["channels"]
        if start + channels > input_shape.channels:
            return LayerCalculation(output=None)
        return LayerCalculation(output=Shape(input_shape.spatial, channels))

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        start: int = spec.fields["start"]
        return f"[{start:,}:{start + spec.fields['channels']:,}]"


KIND = ChannelSlice(
    name="channel_slice",
    summary="A run of `channels` input channels from `start` (one piece of a chunk or split).",
    aliases={"channelslice": None},
    fields=(
        Field("start", "int", "First channel taken, from 0.", default=0, minimum=0),
        Field("channels", "int", "How many channels are taken.", required=True, minimum=1),
    ),
)
