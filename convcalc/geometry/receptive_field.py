"""Receptive fields (Araujo, Norris and Sim, Distill 2019): what they are and how each layer,
each join and the calculator's checks move them, per spatial dimension.

On a whole grid the recurrence `r += (k_eff - 1) * j`, `P += p0 * j`, `j *= s` is used, so huge
sizes stay cheap and exact. After upsampling or a transposed convolution a dimension is kept as a
table of its units' extents over one period (geometry/field_phases.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from convcalc.core.records import frozen, replace
from convcalc.geometry.arithmetic import Window
from convcalc.geometry.field_phases import (
    PERIOD_TOO_LONG,
    READS_NOTHING,
    AxisValues,
    Number,
    PhasedAxis,
    joined,
)
from convcalc.geometry.unit_maps import UnitMap, window_map


@frozen(slots=True)
class ReceptiveField:
    """Per spatial dimension, in input pixels (Araujo et al., Distill 2019)."""

    size: tuple[Number, ...]
    jump: tuple[Number, ...]
    padding: tuple[Number, ...]
    # Per dimension, after a fractional jump, the exact input extent of each output unit of one
    # period: unit `q*T + φ` sees `[q*T*jump + first, q*T*jump + last]` with `(first, last) =
    # phases[axis][φ]` (None: the unit reads no input). `()` for a dimension on a whole grid;
    # `size` is then the largest extent (see geometry/field_phases.py).
    phases: tuple[tuple[tuple[int, int] | None, ...], ...] = ()
    # Global: every unit depends on the whole input (global pooling, a squeeze-and-excitation
    # gate, a field grown past the input's edges at every position). Size, jump and padding then
    # describe the grid the units sit on, taken from the spatial branches; `has_grid` is False
    # when there is none (a globally pooled map, and what is computed from it alone), and those
    # values are then meaningless.
    is_global: bool = False
    has_grid: bool = True


# Why a kind or a join cannot give a receptive field.
NoFieldReason = str

# A branch resized from a map one unit wide (jump 0) shows every unit the same pixels; joined
# with a branch whose units move, the joined units differ in extent along that axis.
RESIZED_SINGLE_UNIT = (
    "one input was resized from a single unit and sees the same pixels at every position, "
    "another does not: the joined units see different extents"
)
DIFFERENT_GRIDS = "its inputs' units are on different grids (their jumps differ)"


def at_input(rank: int) -> ReceptiveField:
    """Each input pixel sees itself: size 1, jump 1, no padding."""
    return ReceptiveField((1,) * rank, (1,) * rank, (0,) * rank)


CROPPED_PHASES = "it crops a map whose units differ within a period (after upsampling)"


def cropped(field: ReceptiveField, offsets: Sequence[int]) -> ReceptiveField | NoFieldReason:
    """The field after a crop that drops `offsets[axis]` units before each dimension's first:
    the same units, so size and jump are unchanged, and the first starts `offset * jump` later."""
    if field.phases and any(offsets):
        return CROPPED_PHASES
    return replace(
        field,
        padding=tuple(
            p - offset * j for p, j, offset in zip(field.padding, field.jump, offsets, strict=True)
        ),
    )


def reordered(field: ReceptiveField, order: Sequence[int]) -> ReceptiveField:
    """The field after the spatial dimensions are reordered: output dimension i is input
    dimension `order[i]` (a permute or transpose)."""
    return replace(
        field,
        size=tuple(field.size[axis] for axis in order),
        jump=tuple(field.jump[axis] for axis in order),
        padding=tuple(field.padding[axis] for axis in order),
        phases=tuple(field.phases[axis] for axis in order) if field.phases else (),
    )


def through_windows(
    field: ReceptiveField, windows: Sequence[Window]
) -> ReceptiveField | NoFieldReason:
    """`r += (k_eff - 1) * j`, `P += p0 * j`, `j *= s`."""
    if field.phases:  # after upsampling: units differ within a period
        return through_maps(field, [window_map(window) for window in windows])
    size: list[Number] = []
    jump: list[Number] = []
    padding: list[Number] = []
    for r, j, p, w in zip(field.size, field.jump, field.padding, windows, strict=True):
        size.append(r + w.dilation * (w.kernel - 1) * j)
        jump.append(j * w.stride)
        padding.append(p + w.pad_before * j)
    return ReceptiveField(
        tuple(size), tuple(jump), tuple(padding), (), field.is_global, field.has_grid
    )


def through_maps(field: ReceptiveField, maps: Sequence[UnitMap]) -> ReceptiveField | NoFieldReason:
    """The field after a layer described by one `UnitMap` per dimension; why not when some
    output unit pattern reads nothing at all or the period grows past `MAX_PERIOD`."""
    axes: list[AxisValues] = []
    for axis, unit_map in enumerate(maps):
        regular = not (field.phases and field.phases[axis])
        if regular and unit_map.up == 1:
            first, step, count = unit_map.reads[0]
            if count < 1:
                return READS_NOTHING
            # The Araujo recurrence for a window of `count` taps `step` apart from `first`.
            j, r, p = field.jump[axis], field.size[axis], field.padding[axis]
            axes.append((r + (count - 1) * step * j, j * unit_map.down, p - first * j, ()))
            continue
        current = _phased_axis(field, axis)
        mapped = current.through(unit_map) if current is not None else None
        if mapped is None:
            return PERIOD_TOO_LONG
        values = mapped.values()
        if values is None:
            return READS_NOTHING
        axes.append(values)
    return _build(axes, field)


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
    grids = _union_grids(gridded)
    if isinstance(grids, str):
        return pooled_globally(fields[0]) if is_global else grids
    return replace(grids, is_global=is_global, has_grid=True)


def _union_grids(fields: Sequence[ReceptiveField]) -> ReceptiveField | NoFieldReason:
    if len(fields) == 1:
        return fields[0]
    if any(f.phases for f in fields):  # after upsampling: union unit by unit
        return _union_phased(fields)
    rank = len(fields[0].size)
    starts = [min(-f.padding[axis] for f in fields) for axis in range(rank)]
    ends = [max(-f.padding[axis] + f.size[axis] - 1 for f in fields) for axis in range(rank)]
    return ReceptiveField(
        size=tuple(end - start + 1 for start, end in zip(starts, ends, strict=True)),
        jump=tuple(max(f.jump[axis] for f in fields) for axis in range(rank)),
        padding=tuple(-start for start in starts),
    )


def _union_phased(fields: Sequence[ReceptiveField]) -> ReceptiveField | NoFieldReason:
    """Where branches join: each unit sees the union of what its branches' units see. Branches
    on different grids (different jumps: a misaligned join, reported by a rule) give none."""
    rank = len(fields[0].size)
    axes: list[AxisValues] = []
    for axis in range(rank):
        parts = [_phased_axis(field, axis) for field in fields]
        present = [part for part in parts if part is not None]
        if len(present) != len(parts) or len({part.jump for part in present}) != 1:
            return DIFFERENT_GRIDS
        union_axis = joined(present)
        if union_axis is None:
            return PERIOD_TOO_LONG
        values = union_axis.values()
        if values is None:
            return READS_NOTHING
        axes.append(values)
    return _build(axes, fields[0])


def _phased_axis(field: ReceptiveField, axis: int) -> PhasedAxis | None:
    table = field.phases[axis] if field.phases else ()
    jump = Fraction(field.jump[axis])
    if table:
        return PhasedAxis(jump, table)
    size, padding = Fraction(field.size[axis]), Fraction(field.padding[axis])
    if any(value.denominator != 1 for value in (size, padding, jump)):
        return None  # a whole-grid field is whole; nothing here builds another
    first = -padding.numerator
    return PhasedAxis(jump, ((first, first + size.numerator - 1),))


def _build(axes: Sequence[AxisValues], like: ReceptiveField) -> ReceptiveField:
    """A field from per-axis values, global as `like` is."""
    phases = tuple(axis[3] for axis in axes)
    return ReceptiveField(
        size=tuple(axis[0] for axis in axes),
        jump=tuple(axis[1] for axis in axes),
        padding=tuple(axis[2] for axis in axes),
        phases=phases if any(phases) else (),
        is_global=like.is_global,
        has_grid=like.has_grid,
    )


def pooled_globally(field: ReceptiveField) -> ReceptiveField:
    """The field of a map pooled over all its positions: global, with no grid of its own."""
    return replace(field, is_global=True, has_grid=False)


def unit_extent(field: ReceptiveField, axis: int, unit: int) -> tuple[Number, Number] | None:
    """The first and last input pixel output unit `unit` sees along `axis` (None: nothing)."""
    table = field.phases[axis] if field.phases else ()
    if table:
        return PhasedAxis(Fraction(field.jump[axis]), table).extent(unit)
    start = unit * field.jump[axis] - field.padding[axis]
    return start, start + field.size[axis] - 1


def covers_input(field: ReceptiveField, output: Sequence[int], input_sizes: Sequence[int]) -> bool:
    """Whether every one of the `output` units sees every input pixel, per dimension: the last
    unit's field starts at or before pixel 0 and the first unit's ends at or after the last."""
    phases = field.phases
    for axis, (units, length) in enumerate(zip(output, input_sizes, strict=True)):
        if not (phases and phases[axis]):
            # One period of one unit: unit 0 ends at `size - 1 - padding`, the last unit starts
            # at `(units - 1) * jump - padding` (unit_extent's arithmetic, written out).
            padding = field.padding[axis]
            if units > 0 and (
                field.size[axis] - 1 - padding < length - 1
                or (units - 1) * field.jump[axis] - padding > 0
            ):
                return False
            continue
        period = len(phases[axis])
        table = PhasedAxis(Fraction(field.jump[axis]), phases[axis])  # unit_extent's, made once
        firsts = [table.extent(unit) for unit in range(min(period, units))]
        lasts = [table.extent(unit) for unit in range(max(units - period, 0), units)]
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
