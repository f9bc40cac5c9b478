"""In TensorFlow mode, a convolution with both a stride and a dilation above 1. Keras refuses it:
"`strides > 1` not supported in conjunction with `dilation_rate > 1`" (PyTorch allows it)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def _largest(value: object) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, (tuple, list)):
        return max((v for v in value if isinstance(v, int)), default=1)
    return 1


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.settings.framework != "tensorflow" or ctx.kind.category != "convolution":
        return
    stride = _largest(ctx.spec.fields.get("stride", 1))
    dilation = _largest(ctx.spec.fields.get("dilation", 1))
    if stride > 1 and dilation > 1:
        yield Finding(
            f"stride {stride} with dilation {dilation}: TensorFlow allows only one of them above 1",
            hint="dilate with stride 1 and downsample in another layer",
            field="dilation",
        )


RULE = Rule(
    id="CC114",
    name="strided-dilation-tensorflow",
    severity=Severity.ERROR,
    stage="spec",
    doc=__doc__ or "",
    example="# convcalc check --framework tensorflow\n"
    "  - {type: conv, filters: 8, kernel: 3, stride: 2, dilation: 2}",
    check_layer=check,
)
