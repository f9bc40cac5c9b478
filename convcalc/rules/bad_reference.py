"""A `from:` or `outputs:` reference that names no earlier layer: an unknown name, a layer defined
further down (a forward reference; layers are wired in the order they are written, so cycles
cannot be written), or a layer's own name. Inside a block, references name the block's own
layers or `input`, the block's input."""

from __future__ import annotations

from convcalc.core.diagnostics import Severity
from convcalc.rules.base import Rule

RULE = Rule(
    id="CC015",
    name="bad-reference",
    severity=Severity.ERROR,
    stage="load",
    doc=__doc__ or "",
    example="  - {type: add, from: [conv2, shortcutt]}",
)
