"""`(W - F + 2P)/S + 1` is not whole and the floor drops real input: the last rows or columns of
the input are never read by any window. PyTorch (and every framework) silently floors. The hint
gives the nearest input sizes, or the extra padding, that make the division exact. Not reported
when the stride is larger than the kernel: such a layer skips pixels between windows by design
(the 1×1 stride-2 shortcut of ResNet)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules._text import dimension_name, equations, fix_hint
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.analysis is None or ctx.analysis.output is None:
        return
    windows = ctx.analysis.windows
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


RULE = Rule(
    id="CC103",
    name="unread-input",
    severity=Severity.WARNING,
    stage="layer",
    strict=True,
    doc=__doc__ or "",
    example="input: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}",
    check_layer=check,
)
