"""The same key twice in one mapping (or a field and its alias, such as `kernel` and
`kernel_size`). YAML loaders usually keep the last one silently; convcalc refuses to guess.
"""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC005",
    name="duplicate-key",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""  - {type: conv, filters: 8, kernel: 3, kernel: 5}""",
)
