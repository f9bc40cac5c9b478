"""`ceil_mode` in TensorFlow mode. TensorFlow's pooling has no ceil mode (its output sizes come
from `valid` or `same` padding), so the layer would not exist as written; convcalc still applies
PyTorch's ceil rule to the shape."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.settings.framework == "tensorflow" and ctx.spec.fields.get("ceil_mode") is True:
        yield Finding(
            "`ceil_mode` has no TensorFlow equivalent; the size follows PyTorch's ceil rule",
            hint="use `padding: same` (output ceil(L / stride)) for TensorFlow",
            field="ceil_mode",
        )


RULE = Rule(
    id="CC113",
    name="ceil-mode-tensorflow",
    severity=Severity.WARNING,
    stage="spec",
    doc=__doc__ or "",
    example="# convcalc check --framework tensorflow\n"
    "  - {type: maxpool, kernel: 2, ceil_mode: true}",
    check_layer=check,
)
