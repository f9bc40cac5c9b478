"""Reading one field's value by its declared type (no arithmetic: shapes are not computed here)."""

from __future__ import annotations

import re
from typing import Any

from convcalc.core import limits
from convcalc.kinds.base import PADDING_KEYWORDS, Field
from convcalc.load.raw import Raw, RawMap, RawScalar, RawSeq, describe

# ASCII digits only: `²` or `٣` are not sizes (YAML does not read them as numbers either).
_DIMS_TEXT = re.compile(r"^\s*\d+(\s*[x×]\s*\d+)*\s*$", re.ASCII)


class ValueProblem(Exception):
    """A value that does not have its field's type; the message says what was expected."""


def _int(raw: Raw) -> int | None:
    if (
        isinstance(raw, RawScalar)
        and isinstance(raw.value, int)
        and not isinstance(raw.value, bool)
    ):
        return raw.value
    return None


def dims_from_text(text: str) -> tuple[int, ...] | None:
    """`3x5` -> (3, 5); None when the text is not of that form."""
    if not _DIMS_TEXT.match(text):
        return None
    parts = re.split(r"[x×]", text)
    if any(len(part.strip()) > limits.current().digits for part in parts):
        return None  # refused rather than converted: see Limits.digits
    return tuple(int(part) for part in parts)


def _dims(raw: Raw, null_items: bool = False) -> int | tuple[int | None, ...] | None:
    number = _int(raw)
    if number is not None:
        return number
    if isinstance(raw, RawScalar) and isinstance(raw.value, str):
        dims = dims_from_text(raw.value)
        if dims is not None:
            return dims[0] if len(dims) == 1 else dims
    if isinstance(raw, RawSeq) and raw.items:
        items: list[int | None] = []
        for item in raw.items:
            if null_items and isinstance(item, RawScalar) and item.value is None:
                items.append(None)  # this dimension kept as it is
                continue
            number = _int(item)
            if number is None:
                return None
            items.append(number)
        return tuple(items)
    return None


def _padding(raw: Raw, keywords: bool = True) -> Any:
    if keywords and isinstance(raw, RawScalar) and isinstance(raw.value, str):
        keyword = raw.value.strip().lower()
        if keyword in PADDING_KEYWORDS:
            return keyword
    dims = _dims(raw)
    if dims is not None:
        return dims
    if isinstance(raw, RawSeq) and raw.items:
        per_dim: list[int | tuple[int, int]] = []
        for item in raw.items:
            number = _int(item)
            if number is not None:
                per_dim.append(number)
                continue
            if isinstance(item, RawSeq) and len(item.items) == 2:
                before, after = _int(item.items[0]), _int(item.items[1])
                if before is not None and after is not None:
                    per_dim.append((before, after))
                    continue
            return None
        return tuple(per_dim)
    return None


_EXPECTED = {
    "int": "a whole number",
    "dims": "a whole number, or one per spatial dimension (a list, or `3x5`)",
    "padding": "a number, one per dimension, [before, after] pairs, or one of "
    + ", ".join(PADDING_KEYWORDS),
    "pads": "a number, one per dimension, or [before, after] pairs per dimension",
    "bool": "true or false",
    "float": "a number",
    "str": "text",
}


def parse_value(field: Field, raw: Raw) -> Any:
    """The field's value, or ValueProblem naming what was expected."""
    value: Any = None
    if field.null_value is not None and isinstance(raw, RawScalar) and raw.value is None:
        return field.null_value
    if field.keywords and isinstance(raw, RawScalar) and isinstance(raw.value, str):
        keyword = raw.value.strip().lower()
        if keyword in field.keywords:
            return keyword
    if field.type == "int":
        value = _int(raw)
    elif field.type == "dims":
        value = _dims(raw, field.null_items)
    elif field.type == "padding":
        value = _padding(raw)
    elif field.type == "pads":
        value = _padding(raw, keywords=False)
    elif field.type == "bool":
        if isinstance(raw, RawScalar) and isinstance(raw.value, bool):
            value = raw.value
    elif field.type == "float":
        if (
            isinstance(raw, RawScalar)
            and isinstance(raw.value, (int, float))
            and not isinstance(raw.value, bool)
        ):
            value = raw.value
    elif (
        field.type == "choice"
        and isinstance(raw, RawScalar)
        and isinstance(raw.value, str)
        and raw.value.lower() in field.choices
    ):
        value = raw.value.lower()
    elif field.type == "str" and isinstance(raw, RawScalar) and isinstance(raw.value, str):
        value = raw.value
    if value is None:
        expected = _EXPECTED.get(field.type) or "one of " + ", ".join(field.choices)
        if field.keywords:
            expected += " or " + ", ".join(f"`{word}`" for word in field.keywords)
        shown = "a mapping" if isinstance(raw, RawMap) else describe(raw)
        raise ValueProblem(f"`{field.name}` must be {expected}, got {shown}")
    return value
