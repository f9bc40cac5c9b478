"""The check behind CC014 same-padding-stride (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.kinds.conv_transpose import ConvTranspose
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import SAME_PADDING_STRIDE


def check(ctx: LayerContext) -> Iterator[Finding]:
    # PyTorch's refusal; TensorFlow's `same` is defined for any stride (--framework tensorflow).
    if ctx.spec.fields.get("padding") != "same" or ctx.settings.framework != "pytorch":
        return
    if isinstance(ctx.kind, ConvTranspose):  # its keywords are Keras' own rule, any stride
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


CHECK = LayerCheck(SAME_PADDING_STRIDE, check, concerns=with_fields("padding"))
