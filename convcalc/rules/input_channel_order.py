"""The check behind CC209 input-channel-order (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import NetworkCheck, NetworkContext
from convcalc.rules.table import INPUT_CHANNEL_ORDER

IMAGE_CHANNELS = frozenset({1, 3, 4})
SMALLEST_SPATIAL = 16


def _looks_like_image(channels: int, spatial: tuple[int, ...]) -> bool:
    return (
        len(spatial) in (2, 3)
        and channels in IMAGE_CHANNELS
        and all(size >= SMALLEST_SPATIAL for size in spatial)
    )


def check(ctx: NetworkContext) -> Iterator[Finding]:
    network = ctx.network
    written = network.input_written
    if len(written) < 2:
        return
    if network.layout == "hwc":
        channels, spatial, fix_layout = written[0], written[1:], "chw"
        swapped = (*written[1:], written[0])
        looks = "channels-first, as PyTorch writes it"
    else:
        channels, spatial, fix_layout = written[-1], written[:-1], "hwc"
        swapped = (written[-1], *written[:-1])
        looks = "channels-last, as Keras writes it"
    if not _looks_like_image(channels, spatial):
        return
    # `calc --input` takes its layout from `--layout`, a spec file from its `layout:` key.
    on_command_line = network.input_location is not None and network.input_location.line is None
    layout_option = f"`--layout {fix_layout}`" if on_command_line else f"`layout: {fix_layout}`"
    text = ", ".join(str(size) for size in written)
    read_as = "×".join(str(size) for size in network.input_shape.spatial)
    yield Finding(
        f"input [{text}] looks {looks} ({channels} channels, a {'×'.join(map(str, spatial))} "
        f"image), but the layout is {network.layout}: it is read as a {read_as} image with "
        f"{network.input_shape.channels:,} channels",
        hint=f"add {layout_option}, or write the input as "
        f"[{', '.join(str(size) for size in swapped)}]",
        field="input",
    )


CHECK = NetworkCheck(INPUT_CHANNEL_ORDER, check)
