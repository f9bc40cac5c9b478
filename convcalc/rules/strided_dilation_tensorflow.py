"""The check behind CC114 strided-dilation-tensorflow (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import STRIDED_DILATION_TENSORFLOW


def _largest(value: object) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, (tuple, list)):
        return max((v for v in value if isinstance(v, int)), default=1)
    return 1


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.settings.framework != "tensorflow" or not ctx.kind.convolution:
        return
    stride = _largest(ctx.spec.fields.get("stride", 1))
    dilation = _largest(ctx.spec.fields.get("dilation", 1))
    if stride > 1 and dilation > 1:
        yield Finding(
            f"stride {stride} with dilation {dilation}: TensorFlow allows only one of them above 1",
            hint="dilate with stride 1 and downsample in another layer",
            field="dilation",
        )


CHECK = LayerCheck(STRIDED_DILATION_TENSORFLOW, check, concerns=lambda kind: kind.convolution)
