"""The check behind CC108 empty-output (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules._text import dimension_name
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import EMPTY_OUTPUT


def check(ctx: LayerContext) -> Iterator[Finding]:
    calculation = ctx.calculation
    if calculation is None or calculation.output is not None or not calculation.sizes:
        return
    sizes = calculation.sizes
    if min(sizes) >= 1:
        return
    rank = len(sizes)
    axis = next(axis for axis, size in enumerate(sizes) if size < 1)
    formula = ctx.kind.size_formula(ctx.spec, ctx.input_shape, axis)
    detail = f": {formula}" if formula else ""
    yield Finding(
        f"output size would be {'×'.join(f'{size:,}' for size in sizes)} (the "
        f"{dimension_name(rank, axis, 2)} {sizes[axis]:,}){detail}",
        hint=ctx.kind.too_small_hint,
    )


CHECK = LayerCheck(EMPTY_OUTPUT, check)
