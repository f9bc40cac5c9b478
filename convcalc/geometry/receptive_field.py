"""Receptive field recurrence (Araujo, Norris and Sim, Distill 2019), per spatial dimension."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from convcalc.engine.results import NoFieldReason, Number, ReceptiveField
from convcalc.geometry.arithmetic import Window

# A branch resized from a map one unit wide (jump 0) shows every unit the same pixels; joined
# with a branch whose units move, the joined units differ in extent along that axis.
RESIZED_SINGLE_UNIT = (
    "one input was resized from a single unit and sees the same pixels at every position, "
    "another does not: the joined units see different extents"
)


def at_input(rank: int) -> ReceptiveField:
    """Each input pixel sees itself: size 1, jump 1, no padding."""
    return ReceptiveField((1,) * rank, (1,) * rank, (0,) * rank)


def through_windows(
    field: ReceptiveField, windows: Sequence[Window]
) -> ReceptiveField | NoFieldReason:
    """`r += (k_eff - 1) * j`, `P += p0 * j`, `j *= s`."""
    if field.phases:  # after upsampling: units differ within a period (analyse/field_phases.py)
        from convcalc.geometry.field_phases import through_maps
        from convcalc.geometry.unit_maps import window_map

        return through_maps(field, [window_map(window) for window in windows])
    return ReceptiveField(
        size=tuple(
            r + (w.effective_kernel - 1) * j
            for r, j, w in zip(field.size, field.jump, windows, strict=True)
        ),
        jump=tuple(j * w.stride for j, w in zip(field.jump, windows, strict=True)),
        padding=tuple(
            p + w.pad_before * j for p, j, w in zip(field.padding, field.jump, windows, strict=True)
        ),
        is_global=field.is_global,
        has_grid=field.has_grid,
    )


def union(fields: Sequence[ReceptiveField]) -> ReceptiveField | NoFieldReason:
    """Where branches join, a unit sees the union of what each branch sees.

    Unit 0 of a branch sees `[-P, -P + r - 1]`; the union spans the outermost edges. When the
    branches' jumps differ (a misaligned join, reported by a rule), the largest is kept.

    A global branch (a squeeze-and-excitation gate, ASPP's image pooling) makes the join global;
    the grid then comes from the branches that have one: a pooled branch's jump (the width of the
    map it pooled) says nothing about where the joined units sit. A global join whose grids
    cannot be joined is still global, without a grid.
    """
    is_global = any(f.is_global for f in fields)
    gridded = [f for f in fields if f.has_grid]
    if not gridded:  # only pooled branches: their extents are kept underneath, as for one
        every = _union_grids(fields)
        return pooled_globally(fields[0] if isinstance(every, str) else every)
    rank = len(fields[0].size)
    if any(len({f.jump[axis] == 0 for f in gridded}) > 1 for axis in range(rank)):
        return RESIZED_SINGLE_UNIT
    joined = _union_grids(gridded)
    if isinstance(joined, str):
        return pooled_globally(fields[0]) if is_global else joined
    return replace(joined, is_global=is_global, has_grid=True)


def _union_grids(fields: Sequence[ReceptiveField]) -> ReceptiveField | NoFieldReason:
    if len(fields) == 1:
        return fields[0]
    if any(f.phases for f in fields):  # after upsampling: union unit by unit
        from convcalc.geometry.field_phases import union_phased

        return union_phased(fields)
    rank = len(fields[0].size)
    starts = [min(-f.padding[axis] for f in fields) for axis in range(rank)]
    ends = [max(-f.padding[axis] + f.size[axis] - 1 for f in fields) for axis in range(rank)]
    return ReceptiveField(
        size=tuple(end - start + 1 for start, end in zip(starts, ends, strict=True)),
        jump=tuple(max(f.jump[axis] for f in fields) for axis in range(rank)),
        padding=tuple(-start for start in starts),
    )


def pooled_globally(field: ReceptiveField) -> ReceptiveField:
    """The field of a map pooled over all its positions: global, with no grid of its own."""
    return replace(field, is_global=True, has_grid=False)


def covers_input(field: ReceptiveField, output: Sequence[int], input_sizes: Sequence[int]) -> bool:
    """Whether every one of the `output` units sees every input pixel, per dimension: the last
    unit's field starts at or before pixel 0 and the first unit's ends at or after the last."""
    from convcalc.geometry.field_phases import unit_extent

    for axis, (units, length) in enumerate(zip(output, input_sizes, strict=True)):
        period = len(field.phases[axis]) if field.phases and field.phases[axis] else 1
        firsts = [unit_extent(field, axis, unit) for unit in range(min(period, units))]
        lasts = [unit_extent(field, axis, unit) for unit in range(max(units - period, 0), units)]
        if any(e is None or e[1] < length - 1 for e in firsts):
            return False
        if any(e is None or e[0] > 0 for e in lasts):
            return False
    return True


def centre(field: ReceptiveField, axis: int) -> Number:
    """The input coordinate at the middle of unit 0's field, on the unit grid.

    After upsampling the units of one period see slightly different windows; their centres,
    each shifted back by its own offset `φ * jump`, are averaged.
    """
    table = field.phases[axis] if field.phases and len(field.phases) > axis else ()
    if table:
        offsets = [
            Fraction(first + last, 2) - phase * Fraction(field.jump[axis])
            for phase, extent in enumerate(table)
            if extent is not None
            for first, last in (extent,)
        ]
        if offsets:
            return sum(offsets, Fraction(0)) / len(offsets)
    return -field.padding[axis] + Fraction(field.size[axis] - 1, 2)
