"""The check behind CC010 value-out-of-range (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import VALUE_OUT_OF_RANGE


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


CHECK = LayerCheck(
    VALUE_OUT_OF_RANGE,
    check,
    concerns=lambda kind: any(f.minimum is not None or f.below is not None for f in kind.fields),
)
