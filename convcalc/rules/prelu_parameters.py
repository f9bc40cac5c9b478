"""A PReLU with a number of slopes other than 1 or the input's channels. PyTorch: "Mismatch of
parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 2"."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    count = ctx.spec.fields.get("num_parameters")
    if not isinstance(count, int) or ctx.kind.field_named("num_parameters") is None:
        return
    channels = ctx.input_shape.channels
    if count not in (1, channels):
        yield Finding(
            f"{count:,} slopes for an input with {channels:,} channels: PyTorch takes 1 or "
            f"{channels:,}",
            hint="write `num_parameters: channels` for one slope per channel",
            field="num_parameters",
        )


RULE = Rule(
    id="CC208",
    name="prelu-parameters",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [8, 8, 16]\nlayers:\n  - {type: prelu, num_parameters: 8}",
    check_layer=check,
)
