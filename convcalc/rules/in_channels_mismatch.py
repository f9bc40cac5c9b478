"""A layer declares `in_channels` (or `num_features`) that differs from the channels its input
actually has. PyTorch fails at the first forward pass."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule

_DECLARING_FIELDS = ("in_channels", "num_features", "num_channels")


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.input_shape.is_flat:
        return
    actual = ctx.input_shape.channels
    for name in _DECLARING_FIELDS:
        declared = ctx.spec.fields.get(name)
        if isinstance(declared, int) and declared != actual:
            yield Finding(
                f"`{name}` is {declared:,} but the input "
                f"{ctx.input_shape.label(ctx.layout)} has {actual:,} channels",
                hint=f"set `{name}: {actual}`, or leave it out to infer it",
                field=name,
            )


RULE = Rule(
    id="CC202",
    name="in-channels-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [32, 32, 3]\nlayers:\n  - {type: conv, in_channels: 1, filters: 8, kernel: 3}",
    check_layer=check,
)
