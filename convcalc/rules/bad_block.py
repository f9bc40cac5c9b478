"""A block definition or use that cannot be expanded: a block that uses itself (directly or
through another block), nesting deeper than 16 levels, more than 20,000 layers after expansion,
a `repeat` below 1, an argument the block does not declare or a required one left out, or a
`$name` that is not one of the block's arguments."""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC016",
    name="bad-block",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="input: [32, 32, 3]\nblocks:\n  pair:\n    args: {width: null}\n    layers:\n"
    "      - {type: conv, filters: $widht, kernel: 3}\nlayers:\n  - {type: pair, width: 8}",
)
