"""The check behind CC107 pool-kernel-exceeds-input (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import POOL_KERNEL_EXCEEDS_INPUT


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.calculation is None or ctx.input_shape.rank not in ctx.kind.kernel_within_input_ranks:
        return
    for window in ctx.calculation.windows:
        if window.kernel > window.size:
            sizes = "×".join(str(w.size) for w in ctx.calculation.windows)
            kernels = "×".join(str(w.kernel) for w in ctx.calculation.windows)
            yield Finding(
                f"kernel {kernels} is larger than the input {sizes} (before padding)",
                hint="PyTorch's AvgPool3d needs kernel <= input in every dimension",
            )
            return


CHECK = LayerCheck(
    POOL_KERNEL_EXCEEDS_INPUT, check, concerns=lambda kind: bool(kind.kernel_within_input_ranks)
)
