"""A layer `type` that is not in the layer registry. PyTorch and Keras spellings (`Conv2d`,
`MaxPooling2D`, `Linear`) are accepted case-insensitively; `convcalc kinds` lists them.
"""

from __future__ import annotations

from convcalc.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC007",
    name="unknown-kind",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""  - {type: convolution_transposed, filters: 8}""",
)
