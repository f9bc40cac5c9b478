"""The check behind CC110 pad-too-large (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules._text import dimension_name
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import PAD_TOO_LARGE

# Per mode: the largest side that fits an input of `size` pixels (as an offset from the size),
# and the limit in words.
_LIMITS = {"reflect": (-1, "below"), "circular": (0, "at most")}


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.calculation is None:
        return
    mode = ctx.kind.padding_mode or ctx.spec.fields.get("padding_mode")
    if mode not in _LIMITS:
        return
    offset, words = _LIMITS[mode]
    windows = ctx.calculation.windows
    for axis, window in enumerate(windows):
        pad = max(window.pad_before, window.pad_after)
        limit = window.size + offset
        if pad > limit:
            yield Finding(
                f"{mode} padding {pad:,} along the {dimension_name(len(windows), axis, 2)} must be "
                f"{words} the input size {window.size:,}",
                hint=f"pad at most {limit:,} on each side, or use replicate or zero padding",
                field="padding",
            )
            return


CHECK = LayerCheck(
    PAD_TOO_LARGE,
    check,
    concerns=lambda kind: (
        kind.padding_mode is not None or kind.field_named("padding_mode") is not None
    ),
)
