"""The document is not a spec: it is empty, a list or a scalar instead of a mapping with `input`
and `layers`, or nested or aliased past convcalc's limits.
"""

from __future__ import annotations

from convcalc.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC008",
    name="not-a-spec",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""- conv
- relu""",
)
