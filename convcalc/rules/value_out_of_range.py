"""The check behind CC010 value-out-of-range (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.kinds.base import Field, LayerKind
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import VALUE_OUT_OF_RANGE

# The field types whose values hold numbers (a `choice`, `str` or `bool` field holds none).
_NUMERIC = ("int", "dims", "padding", "pads", "float")

# Per kind (by name), its fields that hold numbers, in order: found once, read for every layer.
_numeric_fields: dict[str, tuple[Field, ...]] = {}


def _numbers(value: object) -> Iterator[int | float]:
    if isinstance(value, (bool, str)) or value is None:
        return
    if isinstance(value, (int, float)):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _numbers(item)


def _fields(kind: LayerKind) -> tuple[Field, ...]:
    found = _numeric_fields.get(kind.name)
    if found is None:
        found = tuple(item for item in kind.fields if item.type in _NUMERIC)
        _numeric_fields[kind.name] = found
    return found


def check(ctx: LayerContext) -> Iterator[Finding]:
    values = ctx.spec.fields
    for kind_field in _fields(ctx.kind):
        value = values.get(kind_field.name)
        minimum, below = kind_field.minimum, kind_field.below
        if type(value) is int and (minimum is None or value >= minimum) and below is None:
            continue  # the usual whole number within its only bound
        for number in _numbers(value):
            if number != number:  # NaN compares false with every bound
                yield Finding(
                    f"`{kind_field.name}` must be a number, got nan", field=kind_field.name
                )
                break
            if minimum is not None and number < minimum:
                yield Finding(
                    f"`{kind_field.name}` must be at least {minimum}, got {number}",
                    field=kind_field.name,
                )
                break
            if below is not None and number >= below:
                yield Finding(
                    f"`{kind_field.name}` must be below {below}, got {number}",
                    field=kind_field.name,
                )
                break


CHECK = LayerCheck(VALUE_OUT_OF_RANGE, check, concerns=lambda kind: bool(_fields(kind)))
