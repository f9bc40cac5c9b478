"""The check behind CC105 partial-window (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules._text import fix_hint, number
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import PARTIAL_WINDOW


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.calculation is None or ctx.calculation.output is None:
        return
    windows = ctx.calculation.windows
    partial = [w for w in windows if w.ceil_mode and w.remainder and not w.unread and not w.skips]
    if partial:
        window = partial[0]
        pad = window.pad_before + window.pad_after
        yield Finding(
            f"ceil mode: ({window.size:,} − {window.effective_kernel:,} + {pad})/{window.stride}"
            f" + 1 = {number(window.exact)} → {window.output:,}: the last window is partial",
            hint=fix_hint(windows, [windows.index(window)]),
        )


CHECK = LayerCheck(PARTIAL_WINDOW, check)
