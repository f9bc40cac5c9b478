"""A convolution kernel (dilated, `d*(k-1)+1`) is larger than its padded input, so not even one
window fits. PyTorch: "Kernel size can't be greater than actual input size"."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules._text import dimension_name, fix_text
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.analysis is None or ctx.kind.category != "convolution":
        return
    windows = ctx.analysis.windows
    for axis, window in enumerate(windows):
        if not window.fits:
            from convcalc.geometry.solve import nearest_fixes  # loaded when a hint is needed

            name = dimension_name(len(windows), axis, 1)
            yield Finding(
                f"kernel {window.effective_kernel:,} is larger than the padded input "
                f"{window.padded:,} along the {name}s (input {window.size:,}, padding "
                f"{window.pad_before} + {window.pad_after})",
                # The nearest kernel, input or padding that fits and leaves no remainder.
                hint=f"exact with {fix_text(nearest_fixes(window), kernel=True)}",
            )
            return


RULE = Rule(
    id="CC101",
    name="kernel-exceeds-input",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}",
    check_layer=check,
)
