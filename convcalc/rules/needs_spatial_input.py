"""The check behind CC013 needs-spatial-input (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.core.printable import printable
from convcalc.kinds import KINDS
from convcalc.kinds.global_pool import GlobalPool
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import NEEDS_SPATIAL_INPUT


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.kind.needs_spatial and ctx.input_shape.is_flat:
        hint = "move it before `flatten`, or give the network a spatial `input`"
        producer = ctx.input_specs[0] if ctx.input_specs else None
        if producer is not None and isinstance(KINDS[producer.kind], GlobalPool):
            if "keepdims" in producer.given:
                why = "it is written `keepdims: false`"
            else:
                written = printable(producer.written_kind or producer.kind)
                why = f"`{written}` flattens unless told, as Keras does"
            hint = (
                f"write `keepdims: true` on `{printable(producer.name)}` ({why}), "
                f"or move this layer before it"
            )
        yield Finding(
            f"`{ctx.spec.kind}` needs a spatial input, but its input is flat "
            f"({ctx.input_shape.channels:,} features)",
            hint=hint,
        )


CHECK = LayerCheck(NEEDS_SPATIAL_INPUT, check, concerns=lambda kind: kind.needs_spatial)
