"""A transposed convolution's `output_padding` is not below its stride or its dilation. PyTorch:
"output padding must be smaller than either stride or dilation" (checked per dimension): the
extra rows only choose among the output sizes that a strided convolution maps back onto the same
input size."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.geometry.arithmetic import expand
from convcalc.rules._text import dimension_name
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    fields = ctx.spec.fields
    if fields.get("output_padding") is None or ctx.input_shape.is_flat:
        return
    rank = ctx.input_shape.rank
    for name in ("output_padding", "stride", "dilation"):
        value = fields.get(name, 1)
        if isinstance(value, (tuple, list)) and len(value) != rank:
            return  # reported as a rank mismatch
    extras = expand(fields["output_padding"], rank)
    strides = expand(fields["stride"], rank)
    dilations = expand(fields.get("dilation", 1), rank)
    for axis, (extra, stride, dilation) in enumerate(zip(extras, strides, dilations, strict=True)):
        if extra >= stride and extra >= dilation:
            along = f" along the {dimension_name(rank, axis, 2)}" if rank > 1 else ""
            yield Finding(
                f"`output_padding` {extra}{along} must be below the stride {stride} or the "
                f"dilation {dilation}",
                hint=f"use output_padding {max(stride, dilation) - 1} or less",
                field="output_padding",
            )
            return


RULE = Rule(
    id="CC109",
    name="output-padding-too-large",
    severity=Severity.ERROR,
    stage="spec",
    doc=__doc__ or "",
    example="  - {type: conv_transpose, filters: 8, kernel: 3, stride: 2, output_padding: 2}",
    check_layer=check,
)
