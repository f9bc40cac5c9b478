"""A dense layer on an input that still has spatial dimensions. convcalc reports it and carries on
as if a `flatten` were there, so the layers after it are still checked. After a global pool that
keeps its 1×…×1 dimensions (`global_avgpool`, `gap`, or `keepdims: true`) the hint also names
`keepdims: false` on that pool."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.core.diagnostics import Finding, Severity
from convcalc.core.printable import printable
from convcalc.kinds import KINDS
from convcalc.kinds.global_pool import GlobalPool
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.kind.category != "dense" or ctx.input_shape.is_flat:
        return
    features = prod(ctx.input_shape.spatial) * ctx.input_shape.channels
    hint = f"add `flatten` before it (giving {features:,} features)"
    producer = ctx.input_specs[0] if ctx.input_specs else None
    if producer is not None and isinstance(KINDS[producer.kind], GlobalPool):
        if "keepdims" in producer.given:
            why = "it is written `keepdims: true`"
        else:
            why = (
                f"`{printable(producer.written_kind or producer.kind)}` keeps them unless told; "
                f"the Keras spellings such as `globalaveragepooling2d` flatten"
            )
        hint += f", or write `keepdims: false` on `{printable(producer.name)}` ({why})"
    yield Finding(
        f"`{ctx.spec.kind}` needs a flat input, but its input is "
        f"{ctx.input_shape.label(ctx.layout)}",
        hint=hint,
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
