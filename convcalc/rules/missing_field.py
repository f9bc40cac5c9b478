"""A required key is missing: `input` or `layers` at the top, `type` on a layer, or a field the
layer kind needs (`filters` and `kernel` for conv, `units` for dense).
"""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC002",
    name="missing-field",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""layers:
  - {type: conv, kernel: 3}   # no filters""",
)
