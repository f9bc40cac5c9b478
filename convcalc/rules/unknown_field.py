"""A key that the spec format or the layer kind does not know. The hint suggests the closest known
name when it is close; aliases such as `kernel_size` or `out_channels` are accepted. A PyTorch or
Keras argument convcalc does not read (`kernel_initializer`, `inplace`, `data_format`, Keras'
`activation` on a layer that has none) is named as such, with what to do instead.
"""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC003",
    name="unknown-field",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="""  - {type: conv, filters: 8, kernel: 3, strid: 2}""",
)
