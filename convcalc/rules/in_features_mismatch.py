"""A dense layer declares `in_features` that differs from the size of its (flat) input. PyTorch:
"mat1 and mat2 shapes cannot be multiplied"."""

from __future__ import annotations

from collections.abc import Iterator
from math import prod

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    declared = ctx.spec.fields.get("in_features")
    if not isinstance(declared, int):
        return
    actual = prod(ctx.input_shape.spatial) * ctx.input_shape.channels
    if declared != actual:
        yield Finding(
            f"`in_features` is {declared:,} but the input has {actual:,} features",
            hint=f"set `in_features: {actual}`, or leave it out to infer it",
            field="in_features",
        )


RULE = Rule(
    id="CC203",
    name="in-features-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [784]\nlayers:\n  - {type: dense, in_features: 512, units: 10}",
    check_layer=check,
)
