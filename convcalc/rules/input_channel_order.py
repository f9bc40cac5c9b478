"""An image `input` that looks written in PyTorch's channels-first order (`[3, 224, 224]`) while the
spec's layout is `hwc`, where the channels come last: convcalc would read a 3×224 image with 224
channels and check a nonsense net. It looks channels-first when it has two or three spatial
dimensions, its first size is a usual image channel count (1, 3 or 4: grey, RGB, RGBA) and every
other size is at least 16, so a spatial size rather than a channel count. Feature maps that really
start 1, 3 or 4 high (`[3, 3, 512]`, `[1, 1, 64]`) do not match. The fix is `layout: chw`, or the
input written as `[224, 224, 3]`. The mirror case, `layout: chw` with an input such as
`[224, 224, 3]`, is reported too."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import NetworkContext, Rule

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


RULE = Rule(
    id="CC209",
    name="input-channel-order",
    severity=Severity.WARNING,
    stage="network",
    doc=__doc__ or "",
    example="input: [3, 224, 224]\nlayers:\n  - {type: conv, filters: 64, kernel: 7, stride: 2}",
    check_network=check,
)
