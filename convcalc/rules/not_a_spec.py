"""The document is not a spec: it is empty, a list or a scalar instead of a mapping with `input`
and `layers`, or nested or aliased past convcalc's limits. A file named to be checked that is
clearly something else gets this one message instead of one per key: another framework's model
config (Ultralytics' `backbone:`/`head:`, Keras' `class_name:`/`config:`), or a document without
`input` whose `layers` holds no layers (a training config's `layers: [2, 2, 2, 2]`).
"""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
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
