"""The check behind CC202 in-channels-mismatch (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import IN_CHANNELS_MISMATCH

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


CHECK = LayerCheck(
    IN_CHANNELS_MISMATCH,
    check,
    concerns=lambda kind: any(kind.field_named(name) is not None for name in _DECLARING_FIELDS),
)
