"""A layernorm's `normalized_shape` is not the input's trailing sizes (in the spec's layout).
PyTorch: "Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[1,
2, 5, 4]"."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


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


RULE = Rule(
    id="CC205",
    name="layernorm-shape-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [8, 8, 16]\nlayers:\n  - {type: layernorm, normalized_shape: [8, 8]}",
    check_layer=check,
)
