"""A `# convcalc: ignore[CODE]` comment that suppresses nothing: no diagnostic with that code is
reported on its line (any more), or the code names no rule. Remove the comment, or fix the code.
Reported by the suppression filter after analysis, like ruff's unused `noqa`."""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC301",
    name="unused-suppression",
    severity=Severity.INFO,
    stage="load",
    doc=__doc__ or "",
    example="input: [227, 227, 3]\nlayers:\n"
    "  - {type: conv, filters: 96, kernel: 11, stride: 4}  # convcalc: ignore[CC103]",
)
