"""The check behind CC109 output-padding-too-large (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from convcalc.core.diagnostics import Finding
from convcalc.geometry.arithmetic import expand
from convcalc.kinds.conv_transpose import ConvTranspose, paddings
from convcalc.rules._text import dimension_name
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
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
    if isinstance(ctx.kind, ConvTranspose) and fields.get("output_size") is not None:
        yield from _output_size(ctx, strides)
        return
    keras = ctx.settings.framework == "tensorflow"  # Keras: below the stride, whatever the dilation
    for axis, (extra, stride, dilation) in enumerate(zip(extras, strides, dilations, strict=True)):
        if extra >= stride and (keras or extra >= dilation):
            along = f" along the {dimension_name(rank, axis, 2)}" if rank > 1 else ""
            below = (
                f"the stride {stride}"
                if keras
                else f"the stride {stride} or the dilation {dilation}"
            )
            largest = (stride if keras else max(stride, dilation)) - 1
            yield Finding(
                f"`output_padding` {extra}{along} must be below {below}",
                hint=f"use output_padding {largest} or less",
                field="output_padding",
            )
            return


def _output_size(ctx: LayerContext, strides: Sequence[int]) -> Iterator[Finding]:
    """PyTorch's `output_size` picks output_padding: it must lie in [0, s) (its _output_padding
    takes the stride alone, where output_padding itself may reach the dilation)."""
    rank = ctx.input_shape.rank
    wanted = list(expand(ctx.spec.fields["output_size"], rank))
    if len(wanted) != rank:
        return  # reported as a rank mismatch
    _, extras = paddings(ctx.spec, ctx.input_shape.spatial)
    smallest = [size - extra for size, extra in zip(wanted, extras, strict=True)]
    largest = [low + stride - 1 for low, stride in zip(smallest, strides, strict=True)]
    if any(
        not low <= size <= high for low, size, high in zip(smallest, wanted, largest, strict=True)
    ):
        yield Finding(
            f"requested an output size of {wanted}, but valid sizes range from {smallest} to "
            f"{largest} (for an input of {list(ctx.input_shape.spatial)})",
            hint=f"an output_size from {smallest} to {largest}",
            field="output_size",
        )


CHECK = LayerCheck(OUTPUT_PADDING_TOO_LARGE, check, concerns=with_fields("output_padding"))
