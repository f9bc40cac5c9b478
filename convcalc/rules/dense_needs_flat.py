"""A dense layer on an input that still has spatial dimensions. convcalc reports it and carries on
as if a `flatten` were there, so the layers after it are still checked."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.kind.category != "dense" or ctx.input_shape.is_flat:
        return
    features = prod(ctx.input_shape.spatial) * ctx.input_shape.channels
    yield Finding(
        f"`{ctx.spec.kind}` needs a flat input, but its input is "
        f"{ctx.input_shape.label(ctx.layout)}",
        hint=f"add `flatten` before it (giving {features:,} features)",
    )


RULE = Rule(
    id="CC204",
    name="dense-needs-flat",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [6, 6, 256]\nlayers:\n  - {type: dense, units: 4096}",
    check_layer=check,
)
