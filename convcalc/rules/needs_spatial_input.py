"""A convolution or pooling layer after the input has been flattened: it has no spatial
dimensions left to slide over."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.kind.needs_spatial and ctx.input_shape.is_flat:
        yield Finding(
            f"`{ctx.spec.kind}` needs a spatial input, but its input is flat "
            f"({ctx.input_shape.channels:,} features)",
            hint="move it before `flatten`, or give the network a spatial `input`",
        )


RULE = Rule(
    id="CC013",
    name="needs-spatial-input",
    severity=Severity.ERROR,
    stage="spec",
    doc=__doc__ or "",
    example="  - flatten\n  - {type: conv, filters: 8, kernel: 3}",
    check_layer=check,
)
