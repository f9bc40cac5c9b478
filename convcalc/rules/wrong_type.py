"""A value of the wrong type: text where a number is expected, a list of the wrong form, an unknown
padding keyword.
"""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC004",
    name="wrong-type",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""  - {type: conv, filters: eight, kernel: 3}""",
)
