"""The network's `input` has a size or channel count below 1."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import NetworkContext, Rule


def check(ctx: NetworkContext) -> Iterator[Finding]:
    shape = ctx.network.input_shape
    for size in (*shape.spatial, shape.channels):
        if size < 1:
            yield Finding(f"input sizes must be at least 1, got {size}", field="input")
            return


RULE = Rule(
    id="CC012",
    name="invalid-input",
    severity=Severity.ERROR,
    stage="network",
    doc=__doc__ or "",
    example="input: [0, 224, 3]\nlayers:\n  - relu",
    check_network=check,
)
