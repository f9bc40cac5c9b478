"""A layer gets the wrong number of inputs through `from`: a join (`add`, `concat`, `multiply`)
needs at least two, every other kind exactly one."""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC009",
    name="input-count",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="  - {type: conv, name: a, filters: 8, kernel: 3}\n"
    "  - {type: conv, name: b, from: input, filters: 8, kernel: 3}\n"
    "  - {type: conv, filters: 8, kernel: 3, from: [a, b]}",
)
