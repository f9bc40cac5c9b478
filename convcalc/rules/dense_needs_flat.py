"""The check behind CC204 dense-needs-flat (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.core.diagnostics import Finding
from convcalc.core.printable import printable
from convcalc.kinds import KINDS
from convcalc.kinds.global_pool import GlobalPool
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import DENSE_NEEDS_FLAT


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not ctx.kind.needs_flat or ctx.input_shape.is_flat:
        return
    if ctx.spec.fields.get("axis") == "last":  # over the last axis at each position, as written
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


CHECK = LayerCheck(DENSE_NEEDS_FLAT, check, concerns=lambda kind: kind.needs_flat)
