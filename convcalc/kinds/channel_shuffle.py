"""channel_shuffle: ShuffleNet's channel shuffle (Zhang et al., 2018; PyTorch ChannelShuffle,
torchvision's `channel_shuffle` function): the channels, seen as `groups` rows of C/groups, are
transposed, so each group of the next grouped convolution reads from every group of this one.
Shape, receptive field and counts unchanged; the channels must divide into the groups (rule
channel-shuffle-groups)."""

from __future__ import annotations

from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerKind


class ChannelShuffle(LayerKind):
    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"g{spec.fields['groups']}"


KIND = ChannelShuffle(
    name="channel_shuffle",
    summary="ShuffleNet's channel shuffle across groups; shape unchanged.",
    aliases={"channelshuffle": None, "shuffle": None},
    fields=(Field("groups", "int", "Channel groups to interleave.", required=True, minimum=1),),
)
