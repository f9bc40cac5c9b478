"""The check behind CC234 reshape-size (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.core.diagnostics import Finding
from convcalc.kinds.reshape import Reshape, target
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import RESHAPE_SIZE


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not isinstance(ctx.kind, Reshape):
        return
    shape = ctx.input_shape
    if ctx.spec.kind == "unflatten" and (not shape.is_flat or ctx.spec.fields["dim"] != 1):
        yield Finding(
            f"convcalc unflattens dimension 1 of a flat input; this input is "
            f"{shape.label(ctx.layout)}",
            hint="`flatten` before it, or `reshape` with the whole new shape",
            field="dim" if shape.is_flat else None,
        )
        return
    if target(ctx.spec, shape, ctx.layout) is None:
        name = "shape" if ctx.spec.kind == "reshape" else "sizes"
        written = ctx.spec.fields[name]
        count = prod(shape.spatial) * shape.channels
        yield Finding(
            f"shape {list(written) if isinstance(written, tuple) else written} cannot hold the "
            f"input's {count:,} elements ({shape.label(ctx.layout)})",
            hint=f"sizes whose product is {count:,}, with at most one -1 to infer",
            field=name,
        )


CHECK = LayerCheck(RESHAPE_SIZE, check, concerns=lambda kind: isinstance(kind, Reshape))
