"""A key that the spec format or the layer kind does not know. The hint suggests the closest known
name; aliases such as `kernel_size` or `out_channels` are accepted.
"""

from __future__ import annotations

from convcalc.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC003",
    name="unknown-field",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""  - {type: conv, filters: 8, kernel: 3, strid: 2}""",
)
