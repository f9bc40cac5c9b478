"""3-D average pooling with a kernel larger than the input before padding. PyTorch's AvgPool3d
refuses it ("input image smaller than kernel size") even when padding or ceil mode would give an
output; 1-D and 2-D pooling only need an output of at least 1."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    ranks = getattr(ctx.kind, "kernel_within_input_ranks", ())
    if ctx.analysis is None or ctx.input_shape.rank not in ranks:
        return
    for window in ctx.analysis.windows:
        if window.kernel > window.size:
            sizes = "×".join(str(w.size) for w in ctx.analysis.windows)
            kernels = "×".join(str(w.kernel) for w in ctx.analysis.windows)
            yield Finding(
                f"kernel {kernels} is larger than the input {sizes} (before padding)",
                hint="PyTorch's AvgPool3d needs kernel <= input in every dimension",
            )
            return


RULE = Rule(
    id="CC107",
    name="pool-kernel-exceeds-input",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [2, 8, 8, 4]\nlayers:\n  - {type: avgpool, kernel: 3, padding: 1}",
    check_layer=check,
)
