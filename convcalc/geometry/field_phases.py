"""Receptive fields through layers whose output grid is finer than their input grid.

After a transposed convolution or an upsampling layer, neighbouring output units are a fraction of
an input pixel apart and do not all see the same number of input pixels: the Araujo recurrence
(`r += (k-1)*j`) would give a fractional size that no unit has. Here each dimension keeps, for
one period of `T` output units, the exact first and last input pixel each unit sees; a layer
maps that table through its `UnitMap` (analyse/unit_maps.py). The reported values are:

- size: the largest extent over the units of a period (a whole number of pixels);
- jump: the average distance between neighbouring units, an exact fraction;
- padding: `φ*jump − first` for the first unit `φ` of the period that sees any input, so unit `i`
  sees about `[i*jump − padding, …]` as on a whole grid.

On a whole grid (`T == 1`, whole jump) the table is dropped and the plain recurrence is used, so
huge sizes stay cheap and exact. A period longer than `MAX_PERIOD` gives no receptive field; nor
does a layer whose output units read no input at all (the reason is returned instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd

from convcalc.engine.results import NoFieldReason, Number, ReceptiveField
from convcalc.geometry.unit_maps import MAX_PERIOD, UnitMap

PERIOD_TOO_LONG = f"its units repeat a pattern longer than {MAX_PERIOD} units (not tabulated)"
READS_NOTHING = "some output units read no input (a kernel smaller than the stride leaves gaps)"

Extent = tuple[int, int] | None
AxisValues = tuple[Number, Number, Number, tuple[Extent, ...]]  # size, jump, padding, table


def _number(value: Fraction) -> Number:
    return value.numerator if value.denominator == 1 else value


class _Axis:
    """One dimension in table form: unit `q*T + φ` sees `table[φ]` shifted by `q*T*jump`."""

    def __init__(self, jump: Fraction, table: tuple[Extent, ...]) -> None:
        self.jump = jump
        self.table = table
        self.period = len(table)
        self.shift = jump * self.period  # whole by construction
        assert self.shift.denominator == 1

    def extent(self, unit: int) -> Extent:
        q, phase = divmod(unit, self.period)
        found = self.table[phase]
        if found is None:
            return None
        offset = q * self.shift.numerator
        return (found[0] + offset, found[1] + offset)

    def through(self, unit_map: UnitMap) -> _Axis | None:
        repeat = self.period // gcd(self.period, unit_map.down)
        period = unit_map.up * repeat
        if period > MAX_PERIOD:
            return None
        table: list[Extent] = []
        for unit in range(period):
            q, phase = divmod(unit, unit_map.up)
            first, step, count = unit_map.reads[phase]
            base = q * unit_map.down + first
            # Units `step` apart return to the same phase every `cycle` taps, and within a phase
            # extents only grow with the unit, so each phase's first and last tap suffice.
            cycle = self.period // gcd(step, self.period)
            low: int | None = None
            high: int | None = None
            for t0 in range(min(count, cycle)):
                start = self.extent(base + t0 * step)
                if start is None:
                    continue
                t_last = t0 + ((count - 1 - t0) // cycle) * cycle
                end = self.extent(base + t_last * step)
                assert end is not None
                low = start[0] if low is None else min(low, start[0])
                high = end[1] if high is None else max(high, end[1])
            table.append(None if low is None or high is None else (low, high))
        return _Axis(self.jump * unit_map.down / unit_map.up, tuple(table)).reduced()

    def reduced(self) -> _Axis:
        """The same field with the shortest period that repeats it."""
        for period in range(1, self.period):
            if self.period % period:
                continue
            shift = self.jump * period
            if shift.denominator != 1:
                continue
            if all(
                self.extent(unit + period) == _shifted(self.table[unit], shift.numerator)
                for unit in range(self.period - period)
            ):
                return _Axis(self.jump, self.table[:period])
        return self

    def values(self) -> AxisValues | None:
        """size, jump, padding and the table (empty on a whole grid)."""
        seen = [(phase, e) for phase, e in enumerate(self.table) if e is not None]
        if not seen:
            return None
        size = max(e[1] - e[0] + 1 for _, e in seen)
        phase, (first, _) = seen[0]
        padding = self.jump * phase - first
        table = () if self.period == 1 and self.jump.denominator == 1 else self.table
        return size, _number(self.jump), _number(padding), table


def _shifted(extent: Extent, by: int) -> Extent:
    return None if extent is None else (extent[0] + by, extent[1] + by)


def _axis(field: ReceptiveField, axis: int) -> _Axis | None:
    table = field.phases[axis] if field.phases else ()
    jump = Fraction(field.jump[axis])
    if table:
        return _Axis(jump, table)
    size, padding = Fraction(field.size[axis]), Fraction(field.padding[axis])
    if any(value.denominator != 1 for value in (size, padding, jump)):
        return None  # a whole-grid field is whole; nothing here builds another
    first = -padding.numerator
    return _Axis(jump, ((first, first + size.numerator - 1),))


def unit_extent(field: ReceptiveField, axis: int, unit: int) -> tuple[Number, Number] | None:
    """The first and last input pixel output unit `unit` sees along `axis` (None: nothing)."""
    table = field.phases[axis] if field.phases else ()
    if table:
        return _Axis(Fraction(field.jump[axis]), table).extent(unit)
    start = unit * field.jump[axis] - field.padding[axis]
    return start, start + field.size[axis] - 1


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
        current = _axis(field, axis)
        mapped = current.through(unit_map) if current is not None else None
        if mapped is None:
            return PERIOD_TOO_LONG
        values = mapped.values()
        if values is None:
            return READS_NOTHING
        axes.append(values)
    return _build(axes, field)


def union_phased(fields: Sequence[ReceptiveField]) -> ReceptiveField | NoFieldReason:
    """Where branches join: each unit sees the union of what its branches' units see. Branches
    on different grids (different jumps: a misaligned join, reported by a rule) give none."""
    rank = len(fields[0].size)
    axes: list[AxisValues] = []
    for axis in range(rank):
        parts = [_axis(field, axis) for field in fields]
        present = [part for part in parts if part is not None]
        if len(present) != len(parts) or len({part.jump for part in present}) != 1:
            return "its inputs' units are on different grids (their jumps differ)"
        period = 1
        for part in present:
            period = period * part.period // gcd(period, part.period)
        if period > MAX_PERIOD:
            return PERIOD_TOO_LONG
        table: list[Extent] = []
        for unit in range(period):
            extents = [e for e in (part.extent(unit) for part in present) if e is not None]
            table.append(
                (min(e[0] for e in extents), max(e[1] for e in extents)) if extents else None
            )
        values = _Axis(present[0].jump, tuple(table)).reduced().values()
        if values is None:
            return READS_NOTHING
        axes.append(values)
    return _build(axes, fields[0])


__all__ = ["PERIOD_TOO_LONG", "READS_NOTHING", "through_maps", "union_phased", "unit_extent"]
