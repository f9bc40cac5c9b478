"""The check behind CC120 misaligned-branches (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.geometry.field_phases import Number
from convcalc.geometry.receptive_field import ReceptiveField, centre
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import MISALIGNED_BRANCHES


def _twice_centre(field: ReceptiveField, axis: int) -> Number:
    """Twice `centre(field, axis)`: equal exactly when the centres are, and for a field without
    phases a whole number, found without building a Fraction."""
    if field.phases and len(field.phases) > axis and field.phases[axis]:
        return 2 * centre(field, axis)
    return field.size[axis] - 1 - 2 * field.padding[axis]


def check(ctx: LayerContext) -> Iterator[Finding]:
    output = ctx.calculation.output if ctx.calculation else None
    # Inputs that give only a size (upsample to another's size) are not branches.
    read = ctx.kind.values_read_from
    read_fields = ctx.input_receptive_fields[:read] if read else ctx.input_receptive_fields
    fields = [field for field in read_fields if field is not None]
    if output is None or len(fields) < 2 or len(fields) != len(read_fields):
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
        centres = {_twice_centre(field, axis) for _, field in aligned}
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


CHECK = LayerCheck(MISALIGNED_BRANCHES, check, concerns=lambda kind: kind.max_inputs != 1)
