"""The check behind CC203 in-features-mismatch (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import IN_FEATURES_MISMATCH


def check(ctx: LayerContext) -> Iterator[Finding]:
    declared = ctx.spec.fields.get("in_features")
    if not isinstance(declared, int):
        return
    actual = prod(ctx.input_shape.spatial) * ctx.input_shape.channels
    if ctx.spec.fields.get("axis") == "last" and not ctx.input_shape.is_flat:
        actual = ctx.input_shape.channels
    if declared != actual:
        yield Finding(
            f"`in_features` is {declared:,} but the input has {actual:,} features",
            hint=f"set `in_features: {actual}`, or leave it out to infer it",
            field="in_features",
        )


CHECK = LayerCheck(IN_FEATURES_MISMATCH, check, concerns=with_fields("in_features"))
