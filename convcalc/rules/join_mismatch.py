"""Inputs of a join that do not fit together: `add` needs equal shapes, `concat` needs every axis
but the joined one to agree (and the axis to exist), `multiply` needs shapes that broadcast. The
message names each branch and its shape."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.kind.category != "join" or ctx.analysis is None or ctx.analysis.output is not None:
        return
    branches = ", ".join(
        f"{name} is {shape.label(ctx.layout)}"
        for name, shape in zip(ctx.input_names, ctx.input_shapes, strict=False)
    )
    requirement = getattr(ctx.kind, "requirement", "needs matching inputs")
    axis = ctx.spec.fields.get("axis")
    where = f" (axis {axis})" if axis is not None else ""
    yield Finding(
        f"`{ctx.spec.kind}`{where} {requirement}: {branches}",
        hint="change a branch's filters or stride so the shapes meet, or add a 1×1 projection",
    )


RULE = Rule(
    id="CC220",
    name="join-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="  - {type: conv, name: a, filters: 64, kernel: 3, padding: 1}\n"
    "  - {type: conv, name: b, from: input, filters: 32, kernel: 1}\n"
    "  - {type: add, from: [a, b]}",
    check_layer=check,
)
