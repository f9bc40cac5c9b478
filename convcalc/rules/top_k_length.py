"""The check behind CC237 top-k-length (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.kinds.top_k import TopK, kept, length
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import TOP_K_LENGTH


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not isinstance(ctx.kind, TopK):
        return
    shape = ctx.input_shape
    k: int = ctx.spec.fields["k"]
    if k < 1:  # value-out-of-range (CC010) reports it
        return
    available = length(shape)
    if available is None:
        yield Finding(
            f"top_k chooses among the positions of a sequence or the values of a flat vector; "
            f"this input is {shape.label(ctx.layout)}",
            hint=f"`{{type: reshape, shape: [-1, {shape.channels}]}}` makes its positions one "
            "sequence",
        )
    elif kept(ctx.spec, shape) is None:
        what = "values" if shape.is_flat else "positions"
        yield Finding(
            f"k {k:,} exceeds the {available:,} {what} of its input {shape.label(ctx.layout)} "
            "(torch.topk: selected index k out of range)",
            hint=f"k: {available:,} or less, a larger input, or `clamp: true` to keep "
            f"min(k, {available:,}) as Ultralytics' RT-DETR does",
            field="k",
        )


CHECK = LayerCheck(TOP_K_LENGTH, check, concerns=lambda kind: isinstance(kind, TopK))
