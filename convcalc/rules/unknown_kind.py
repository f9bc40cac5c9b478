"""A layer `type` that is not in the layer registry. PyTorch and Keras spellings (`Conv2d`,
`MaxPooling2D`, `Linear`) are accepted case-insensitively; `convcalc kinds` lists them. A PyTorch or
Keras layer convcalc does not have yet (`Reshape`, `LSTM`, `Hardswish`) is named as such, with what
stands in for it where something does (`identity` for an elementwise activation); otherwise the
hint suggests a close spelling, only when it is close (a letter or two).
"""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC007",
    name="unknown-kind",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""  - {type: convolution_transposed, filters: 8}""",
)
