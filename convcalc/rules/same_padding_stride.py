"""`padding: same` with a stride above 1. PyTorch refuses it ("padding='same' is not supported
for strided convolutions"); TensorFlow's rule (output = ceil(L / s)) is a different network, and
with `--framework tensorflow` it is the one applied, for any stride."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    # PyTorch's refusal; TensorFlow's `same` is defined for any stride (--framework tensorflow).
    if ctx.spec.fields.get("padding") != "same" or ctx.settings.framework != "pytorch":
        return
    stride = ctx.spec.fields.get("stride")
    if stride is None:  # pooling: the stride defaults to the kernel
        stride = ctx.spec.fields.get("kernel", 1)
    strides = (stride,) if isinstance(stride, int) else tuple(stride)
    if any(value > 1 for value in strides):
        yield Finding(
            f"padding `same` needs stride 1 in PyTorch, got stride {max(strides)}",
            hint="give the padding as numbers (e.g. kernel // 2), or use stride 1",
            field="padding",
        )


RULE = Rule(
    id="CC014",
    name="same-padding-stride",
    severity=Severity.ERROR,
    stage="spec",
    doc=__doc__ or "",
    example="  - {type: conv, filters: 8, kernel: 3, stride: 2, padding: same}",
    check_layer=check,
)
