"""The check behind CC113 ceil-mode-tensorflow (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import CEIL_MODE_TENSORFLOW


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.settings.framework == "tensorflow" and ctx.spec.fields.get("ceil_mode") is True:
        yield Finding(
            "`ceil_mode` has no TensorFlow equivalent; the size follows PyTorch's ceil rule",
            hint="use `padding: same` (output ceil(L / stride)) for TensorFlow",
            field="ceil_mode",
        )


CHECK = LayerCheck(CEIL_MODE_TENSORFLOW, check, concerns=with_fields("ceil_mode"))
