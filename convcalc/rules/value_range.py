"""A number outside the range its field allows: a size, kernel, stride, dilation, filter or unit
count below 1, negative padding, or a dropout rate outside [0, 1). Also a size, count or receptive
field the calculator computes with more digits than the `max-computed-digits` limit allows (later
layers are then not computed)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def _numbers(value: object) -> Iterator[int | float]:
    if isinstance(value, (bool, str)) or value is None:
        return
    if isinstance(value, (int, float)):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _numbers(item)


def check(ctx: LayerContext) -> Iterator[Finding]:
    for kind_field in ctx.kind.fields:
        for number in _numbers(ctx.spec.fields.get(kind_field.name)):
            if number != number:  # NaN compares false with every bound
                yield Finding(
                    f"`{kind_field.name}` must be a number, got nan", field=kind_field.name
                )
                break
            if kind_field.minimum is not None and number < kind_field.minimum:
                yield Finding(
                    f"`{kind_field.name}` must be at least {kind_field.minimum}, got {number}",
                    field=kind_field.name,
                )
                break
            if kind_field.below is not None and number >= kind_field.below:
                yield Finding(
                    f"`{kind_field.name}` must be below {kind_field.below}, got {number}",
                    field=kind_field.name,
                )
                break


RULE = Rule(
    id="CC010",
    name="value-out-of-range",
    severity=Severity.ERROR,
    stage="spec",
    doc=__doc__ or "",
    example="  - {type: conv, filters: 8, kernel: 3, stride: 0}",
    check_layer=check,
)
