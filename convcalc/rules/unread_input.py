"""The check behind CC103 unread-input (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules._text import dimension_name, equations, fix_hint
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import UNREAD_INPUT


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.calculation is None or ctx.calculation.output is None:
        return
    windows = ctx.calculation.windows
    axes = [axis for axis, window in enumerate(windows) if window.unread > 0]
    if not axes:
        return
    rank = len(windows)
    # Listed last axis first ("column and row"), as people name image edges.
    counts = [(windows[axis].unread, axis) for axis in reversed(axes)]
    if len({count for count, _ in counts}) == 1:
        count = counts[0][0]
        names = " and ".join(dimension_name(rank, axis, count) for _, axis in counts)
        lost = f"the last {count:,} {names}"
    else:
        lost = "the last " + " and ".join(
            f"{count:,} {dimension_name(rank, axis, count)}" for count, axis in counts
        )
    verb = "is" if all(count == 1 for count, _ in counts) and len(counts) == 1 else "are"
    yield Finding(
        f"{equations(windows, axes)}: {lost} of the input {verb} never read",
        hint=fix_hint(windows, axes),
    )


CHECK = LayerCheck(UNREAD_INPUT, check)
