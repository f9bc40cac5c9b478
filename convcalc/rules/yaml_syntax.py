"""The file is not valid YAML (or not UTF-8 text), so it cannot be read as a spec."""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC001",
    name="yaml-syntax",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""layers:
  - {type: conv, filters: 8""",
)
