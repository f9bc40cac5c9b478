"""Two layers with the same `name`. Names identify layers in diagnostics and overrides, so they
must be unique.
"""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC006",
    name="duplicate-name",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""  - {type: conv, name: stem, filters: 8, kernel: 3}
  - {type: conv, name: stem, filters: 8, kernel: 3}""",
)
