"""The check behind CC109 output-padding-too-large (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.geometry.arithmetic import expand
from convcalc.rules._text import dimension_name
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import OUTPUT_PADDING_TOO_LARGE


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


CHECK = LayerCheck(OUTPUT_PADDING_TOO_LARGE, check)
