"""The check behind CC205 layernorm-shape-mismatch (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import LAYERNORM_SHAPE_MISMATCH


def check(ctx: LayerContext) -> Iterator[Finding]:
    written = ctx.spec.fields.get("normalized_shape")
    if written is None or ctx.kind.field_named("normalized_shape") is None:
        return
    wanted = [written] if isinstance(written, int) else list(written)
    sizes = ctx.input_shape.in_layout(ctx.layout)
    if sizes[len(sizes) - len(wanted) :] == wanted and len(wanted) <= len(sizes):
        return
    shown = "×".join(str(size) for size in wanted)
    options = ", ".join(
        "[" + ", ".join(str(size) for size in sizes[start:]) + "]"
        for start in range(len(sizes) - 1, -1, -1)
    )
    yield Finding(
        f"`normalized_shape` {shown} is not the end of the input "
        f"{ctx.input_shape.label(ctx.layout)}",
        hint=f"use one of {options}, or leave it out to normalise over the channels",
        field="normalized_shape",
    )


CHECK = LayerCheck(LAYERNORM_SHAPE_MISMATCH, check, concerns=with_fields("normalized_shape"))
