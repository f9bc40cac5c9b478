"""The check behind CC231 channels-moved (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import CHANNELS_MOVED


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.settings.framework != "pytorch":  # Keras holds every tensor channels-last
        return
    shape = ctx.input_shape
    if shape.is_flat:
        return
    last = shape.rank + 1
    if shape.channels_last and not ctx.kind.positionwise:
        yield Finding(
            f"PyTorch holds this input channels-last after a permute: `{ctx.spec.kind}` would "
            f"read dim 1 (size {shape.spatial[0]:,}) as its {shape.channels:,} channels",
            hint=f"put the channels back first with "
            f"`{{type: permute, dims: [0, {last}, {', '.join(map(str, range(1, last)))}]}}`",
        )
    elif ctx.spec.fields.get("axis") == "last" and not shape.channels_last:
        yield Finding(
            f"PyTorch holds this input channels-first: a Linear over its last axis acts on "
            f"size {shape.spatial[-1]:,}, not on the {shape.channels:,} channels",
            hint=f"permute to channels-last first: "
            f"`{{type: permute, dims: [0, {', '.join(map(str, range(2, last + 1)))}, 1]}}`",
            field="axis",
        )


CHECK = LayerCheck(CHANNELS_MOVED, check)
