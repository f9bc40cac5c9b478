"""Branches meeting at a join see the input on different grids: their jumps (effective strides)
or the centres of their receptive fields differ, so the joined features are shifted against
each other. Typical cause: a shortcut with other padding than the main path. A branch without a
grid of its own (a globally pooled gate, ASPP's image pooling) is never compared: every unit of it
sees the whole input."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.geometry.receptive_field import centre
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    output = ctx.analysis.output if ctx.analysis else None
    fields = [field for field in ctx.input_fields if field is not None]
    if output is None or len(fields) < 2 or len(fields) != len(ctx.input_fields):
        return
    if len({len(field.size) for field in fields}) != 1 or len(fields[0].size) != output.rank:
        return
    for axis in range(output.rank):
        # A branch broadcast along this axis (a 1-wide gate) or without a grid (globally
        # pooled, then perhaps resized) has nothing to align.
        aligned = [
            (name, field)
            for name, field, shape in zip(ctx.input_names, fields, ctx.input_shapes, strict=False)
            if shape.rank == output.rank
            and shape.spatial[axis] == output.spatial[axis]
            and field.has_grid
        ]
        jumps = {field.jump[axis] for _, field in aligned}
        centres = {centre(field, axis) for _, field in aligned}
        if len(jumps) > 1 or len(centres) > 1:
            detail = ", ".join(
                f"{name}: jump {field.jump[axis]}, centre {centre(field, axis)}"
                for name, field in aligned
            )
            yield Finding(
                f"branches are misaligned along spatial axis {axis} ({detail})",
                hint="give the branches the same total stride and symmetric padding",
            )
            return


RULE = Rule(
    id="CC120",
    name="misaligned-branches",
    severity=Severity.WARNING,
    stage="layer",
    doc=__doc__ or "",
    example="  - {type: conv, name: a, filters: 8, kernel: 3, padding: 1}\n"
    "  - {type: conv, name: b, from: input, filters: 8, kernel: 3, padding: [[1, 1], [2, 0]]}\n"
    "  - {type: add, from: [a, b]}",
    check_layer=check,
)
