"""The check behind CC012 invalid-input (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import NetworkCheck, NetworkContext
from convcalc.rules.table import INVALID_INPUT


def check(ctx: NetworkContext) -> Iterator[Finding]:
    shape = ctx.network.input_shape
    for size in (*shape.spatial, shape.channels):
        if size < 1:
            yield Finding(f"input sizes must be at least 1, got {size}", field="input")
            return


CHECK = NetworkCheck(INVALID_INPUT, check)
