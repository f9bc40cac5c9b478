"""The check behind CC101 kernel-exceeds-input (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.geometry.solve import nearest_fixes
from convcalc.rules._text import dimension_name, fix_text
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import KERNEL_EXCEEDS_INPUT


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.calculation is None or not ctx.kind.convolution:
        return
    windows = ctx.calculation.windows
    for axis, window in enumerate(windows):
        if not window.fits:
            name = dimension_name(len(windows), axis, 1)
            yield Finding(
                f"kernel {window.effective_kernel:,} is larger than the padded input "
                f"{window.padded:,} along the {name}s (input {window.size:,}, padding "
                f"{window.pad_before} + {window.pad_after})",
                # The nearest kernel, input or padding that fits and leaves no remainder.
                hint=f"exact with {fix_text(nearest_fixes(window), kernel=True)}",
            )
            return


CHECK = LayerCheck(KERNEL_EXCEEDS_INPUT, check, concerns=lambda kind: kind.convolution)
