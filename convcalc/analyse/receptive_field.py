"""Receptive field recurrence (Araujo, Norris and Sim, Distill 2019), per spatial dimension."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from convcalc.analyse.arithmetic import Window
from convcalc.analyse.results import Number, ReceptiveField


def at_input(rank: int) -> ReceptiveField:
    """Each input pixel sees itself: size 1, jump 1, no padding."""
    return ReceptiveField((1,) * rank, (1,) * rank, (0,) * rank)


def through_windows(field: ReceptiveField, windows: Sequence[Window]) -> ReceptiveField | None:
    """`r += (k_eff - 1) * j`, `P += p0 * j`, `j *= s`."""
    if field.phases:  # after upsampling: units differ within a period (analyse/field_phases.py)
        from convcalc.analyse.field_phases import through_maps
        from convcalc.analyse.unit_maps import window_map

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
    )


def union(fields: Sequence[ReceptiveField]) -> ReceptiveField | None:
    """Where branches join, a unit sees the union of what each branch sees.

    Unit 0 of a branch sees `[-P, -P + r - 1]`; the union spans the outermost edges. When the
    branches' jumps differ (a misaligned join, reported by a rule), the largest is kept.
    """
    if any(f.phases for f in fields):  # after upsampling: union unit by unit
        from convcalc.analyse.field_phases import union_phased

        return union_phased(fields)
    rank = len(fields[0].size)
    starts = [min(-f.padding[axis] for f in fields) for axis in range(rank)]
    ends = [max(-f.padding[axis] + f.size[axis] - 1 for f in fields) for axis in range(rank)]
    return ReceptiveField(
        size=tuple(end - start + 1 for start, end in zip(starts, ends, strict=True)),
        jump=tuple(max(f.jump[axis] for f in fields) for axis in range(rank)),
        padding=tuple(-start for start in starts),
    )


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
