"""One dimension of a receptive field whose output grid is finer than its input grid, as a table.

After a transposed convolution or an upsampling layer, neighbouring output units are a fraction of
an input pixel apart and do not all see the same number of input pixels: the Araujo recurrence
(`r += (k-1)*j`) would give a fractional size that no unit has. Here a dimension keeps, for one
period of `T` output units, the exact first and last input pixel each unit sees; a layer maps that
table through its `UnitMap` (geometry/unit_maps.py). The values reported for the dimension are:

- size: the largest extent over the units of a period (a whole number of pixels);
- jump: the average distance between neighbouring units, an exact fraction;
- padding: `φ*jump − first` for the first unit `φ` of the period that sees any input, so unit `i`
  sees about `[i*jump − padding, …]` as on a whole grid.

A period longer than `MAX_PERIOD` is not tabulated. This module knows one dimension only;
geometry/receptive_field.py builds the field of a layer from its dimensions.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from convcalc.geometry.unit_maps import MAX_PERIOD, UnitMap

# Receptive-field values are whole numbers except after upsampling or transposed convolution,
# where the jump becomes an exact fraction of an input pixel.
Number = int | Fraction

PERIOD_TOO_LONG = f"its units repeat a pattern longer than {MAX_PERIOD} units (not tabulated)"
READS_NOTHING = "some output units read no input (a kernel smaller than the stride leaves gaps)"

# The first and last input pixel a unit sees; None when it reads no input.
Extent = tuple[int, int] | None
AxisValues = tuple[Number, Number, Number, tuple[Extent, ...]]  # size, jump, padding, table


def number(value: Fraction) -> Number:
    """A whole fraction as an int: the values on a whole grid stay ints."""
    return value.numerator if value.denominator == 1 else value


class PhasedAxis:
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

    def through(self, unit_map: UnitMap) -> PhasedAxis | None:
        """The dimension after a layer reading it through `unit_map`; None past `MAX_PERIOD`."""
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
        return PhasedAxis(self.jump * unit_map.down / unit_map.up, tuple(table)).reduced()

    def reduced(self) -> PhasedAxis:
        """The same dimension with the shortest period that repeats it."""
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
                return PhasedAxis(self.jump, self.table[:period])
        return self

    def values(self) -> AxisValues | None:
        """size, jump, padding and the table (empty on a whole grid); None when no unit of the
        period reads any input."""
        seen = [(phase, e) for phase, e in enumerate(self.table) if e is not None]
        if not seen:
            return None
        size = max(e[1] - e[0] + 1 for _, e in seen)
        phase, (first, _) = seen[0]
        padding = self.jump * phase - first
        table = () if self.period == 1 and self.jump.denominator == 1 else self.table
        return size, number(self.jump), number(padding), table


def _shifted(extent: Extent, by: int) -> Extent:
    return None if extent is None else (extent[0] + by, extent[1] + by)


def joined(parts: list[PhasedAxis]) -> PhasedAxis | None:
    """Where branches on the same grid join, each unit sees the union of what its branches' units
    see; None when the joined period would pass `MAX_PERIOD`."""
    period = 1
    for part in parts:
        period = period * part.period // gcd(period, part.period)
    if period > MAX_PERIOD:
        return None
    table: list[Extent] = []
    for unit in range(period):
        extents = [e for e in (part.extent(unit) for part in parts) if e is not None]
        table.append((min(e[0] for e in extents), max(e[1] for e in extents)) if extents else None)
    return PhasedAxis(parts[0].jump, tuple(table)).reduced()
