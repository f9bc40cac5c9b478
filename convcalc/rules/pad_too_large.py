"""Reflection or circular padding larger than the input allows. Reflect padding mirrors the input
without its edge pixel, so each side must be below the input size (PyTorch: "Padding size should
be less than the corresponding input dimension"); circular padding wraps the input around once at
most, so each side must be at most the input size (PyTorch: "Padding value causes wrapping around
more than once"). Replicate and zero padding have no limit. Applies to the padding layers and to
a convolution's `padding_mode`."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules._text import dimension_name
from convcalc.rules.base import LayerContext, Rule

# Per mode: the largest side that fits an input of `size` pixels (as an offset from the size),
# and the limit in words.
_LIMITS = {"reflect": (-1, "below"), "circular": (0, "at most")}


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.analysis is None:
        return
    mode = getattr(ctx.kind, "padding_mode", None) or ctx.spec.fields.get("padding_mode")
    if mode not in _LIMITS:
        return
    offset, words = _LIMITS[mode]
    windows = ctx.analysis.windows
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


RULE = Rule(
    id="CC110",
    name="pad-too-large",
    severity=Severity.ERROR,
    stage="layer",
    doc=__doc__ or "",
    example="input: [3, 3, 8]\nlayers:\n  - {type: reflection_pad, padding: 3}",
    check_layer=check,
)
