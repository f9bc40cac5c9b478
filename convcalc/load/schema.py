"""The JSON Schema (draft 2020-12) of the spec format, generated from the layer-kind registry.

Nothing here is written per kind: each kind in KINDS becomes a definition with its fields
(canonical names and aliases, any case, `-` for `_`, as the loader reads them), their types,
bounds, defaults and help. The schema is a helper for editors (yaml-language-server); convcalc
itself stays the judge: geometry, duplicate keys and names, and references cannot be expressed.
Inside blocks any value may be a `$argument`, so every field also accepts that form.
"""

from __future__ import annotations

import re
from typing import Any

from convcalc.core.shapes import LAYOUTS
from convcalc.kinds import KINDS
from convcalc.kinds.base import PADDING_KEYWORDS, Field, LayerKind
from convcalc.load.build import BLOCK_KEYS, BLOCK_USE_KEYS, INPUT, LAYER_KEYS, TOP_LEVEL_KEYS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# The loader's `3x5` (values.py): whole numbers joined by x or ×.
DIMS_TEXT = r"^\s*\d+(\s*[x×]\s*\d+)*\s*$"
ARGUMENT = {"type": "string", "pattern": r"^\$", "description": "A block argument: `$name`."}


def _letters(word: str) -> str:
    """A regex for one word in any case (JSON Schema patterns have no flags)."""
    return "".join(
        f"[{c.lower()}{c.upper()}]" if c.isalpha() and c.lower() != c.upper() else re.escape(c)
        for c in word
    )


def kind_pattern(spellings: list[str]) -> str:
    """Any spelling of a kind: case-insensitive, `_` and `-` ignored anywhere (normalise_kind)."""
    options = []
    for spelling in spellings:
        plain = spelling.lower().replace("_", "").replace("-", "")
        options.append("[-_]*" + "".join(_letters(c) + "[-_]*" for c in plain))
    return "^(" + "|".join(options) + ")$"


def field_pattern(names: list[str]) -> str:
    """Any spelling of a field name: case-insensitive, `-` for `_` (normalise_field)."""
    return "^(" + "|".join(_letters(n).replace("_", "[-_]") for n in names) + ")$"


def _spellings(kind: LayerKind) -> list[str]:
    return [kind.name, *kind.aliases]


def _bounded(base: dict[str, Any], field: Field) -> dict[str, Any]:
    if field.minimum is not None:
        base["minimum"] = field.minimum
    if field.below is not None:
        base["exclusiveMaximum"] = field.below
    return base


def _value(field: Field) -> dict[str, Any]:
    """The schema of one field's value, as values.parse_value reads it."""
    integer = _bounded({"type": "integer"}, field)
    dims: list[dict[str, Any]] = [
        integer,
        {"type": "array", "items": integer, "minItems": 1},
        {"type": "string", "pattern": DIMS_TEXT},
    ]
    options: list[dict[str, Any]]
    if field.type == "int":
        options = [integer]
    elif field.type == "dims":
        options = dims
    elif field.type in ("padding", "pads"):
        pair = {"type": "array", "items": integer, "minItems": 2, "maxItems": 2}
        options = [*dims, {"type": "array", "items": {"anyOf": [integer, pair]}, "minItems": 1}]
        if field.type == "padding":
            words = "|".join(_letters(word) for word in PADDING_KEYWORDS)
            options.append({"type": "string", "pattern": rf"^\s*({words})\s*$"})
    elif field.type == "bool":
        options = [{"type": "boolean"}]
    elif field.type == "float":
        options = [_bounded({"type": "number"}, field)]
    elif field.type == "choice":
        options = [
            {"type": "string", "pattern": "^(" + "|".join(map(_letters, field.choices)) + ")$"}
        ]
    elif field.type == "str":
        options = [{"type": "string"}]
    else:  # a type this generator does not know yet: accept anything rather than refuse
        options = [{}]
    if field.keywords:
        words = "|".join(_letters(word) for word in field.keywords)
        options.append({"type": "string", "pattern": rf"^\s*({words})\s*$"})
    if field.null_value is not None:
        options.append({"type": "null"})
    return {"anyOf": [*options, {"$ref": "#/$defs/argument"}]}


def _plain_json(value: Any) -> bool:
    """Whether a default can be written in JSON as it is (numbers, text, lists of them)."""
    if isinstance(value, (list, tuple)):
        return all(_plain_json(item) for item in value)
    return isinstance(value, (bool, int, float, str))


def _describe_field(field: Field) -> str:
    parts = [field.help]
    if field.required:
        parts.append("Required.")
    elif field.default is not None:
        parts.append(f"Default: {field.default}.")
    if field.choices:
        parts.append(f"One of: {', '.join(field.choices)}.")
    if field.keywords:
        parts.append(f"Or: {', '.join(field.keywords)}.")
    if field.aliases:
        parts.append(f"Also written: {', '.join(field.aliases)}.")
    return " ".join(parts)


def _kind_definition(kind: LayerKind) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "type": {
            "type": "string",
            "pattern": kind_pattern(_spellings(kind)),
            "description": kind.summary,
        },
        **{key: {"$ref": f"#/$defs/layer-{key}"} for key in LAYER_KEYS if key != "type"},
    }
    patterns: dict[str, Any] = {}
    required: list[dict[str, Any]] = []
    for field in kind.fields:
        value = {**_value(field), "description": _describe_field(field)}
        if _plain_json(field.default) and not field.required:
            value["default"] = field.default
        names = [field.name, *field.aliases]
        for name in names:
            properties[name] = value
        patterns[field_pattern(names)] = value
        if field.required:
            # Present under any spelling: "not every key fails to match".
            required.append(
                {
                    "anyOf": [
                        *({"required": [name]} for name in names),
                        {"not": {"propertyNames": {"not": {"pattern": field_pattern(names)}}}},
                    ]
                }
            )
    also = f" Also: {', '.join(kind.aliases)}." if kind.aliases else ""
    definition: dict[str, Any] = {
        "type": "object",
        "description": f"{kind.summary}{also}",
        "properties": properties,
        "patternProperties": patterns,
        "additionalProperties": False,
        "required": ["type"],
    }
    if required:
        definition["allOf"] = required
    return definition


def _any_kind() -> str:
    return kind_pattern([s for kind in KINDS.values() for s in _spellings(kind)])


def _layer(allow_blocks: bool) -> dict[str, Any]:
    """A layer: a bare kind (or block) name, or a mapping dispatched on its `type`."""
    dispatch: list[dict[str, Any]] = [
        {
            "if": {"properties": {"type": {"pattern": kind_pattern(_spellings(kind))}}},
            "then": {"$ref": f"#/$defs/kind-{kind.name}"},
        }
        for kind in KINDS.values()
    ]
    any_kind = _any_kind()
    if allow_blocks:
        other: dict[str, Any] = {"$ref": "#/$defs/block-use"}
        bare: dict[str, Any] = {"type": "string", "description": "A kind or block name."}
    else:
        other = {"properties": {"type": {"pattern": any_kind}}}
        bare = {"type": "string", "pattern": any_kind, "description": "A kind without fields."}
    dispatch.append({"if": {"properties": {"type": {"pattern": any_kind}}}, "else": other})
    return {
        "anyOf": [
            bare,
            {"type": "object", "required": ["type"], "allOf": dispatch},
        ]
    }


_NAME: dict[str, Any] = {
    "anyOf": [{"type": "string", "not": {"const": INPUT}}, {"type": "integer"}],
    "description": f"The layer's name (unique; not `{INPUT}`). Default: kind and a number.",
}
_REFERENCE: dict[str, Any] = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
_LAYER_KEY_SCHEMAS: dict[str, dict[str, Any]] = {
    "name": _NAME,
    "from": {
        "anyOf": [_REFERENCE, {"type": "array", "items": _REFERENCE, "minItems": 1}],
        "description": f"The layer (or layers) this one reads; `{INPUT}` is the network input. "
        "Default: the layer above.",
    },
    "if": {"type": "boolean", "description": "false: the layer is switched off (an identity)."},
    "type": {"type": "string", "description": "The layer kind, or a block's name."},
}
_BLOCK_USE_SCHEMAS: dict[str, dict[str, Any]] = {
    "repeat": {"type": "integer", "minimum": 1, "description": "Use the block this many times."},
    "first": {"type": "object", "description": "Arguments for the first repetition only."},
}

_BLOCK_KEY_SCHEMAS: dict[str, dict[str, Any]] = {
    "args": {"type": "object", "description": "Argument names and defaults (null: required)."},
    "layers": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/layer-or-block-use"}},
    "output": {"type": "string", "description": "The layer that is the block's output."},
}


def _top_level() -> dict[str, dict[str, Any]]:
    layers = {"type": "array", "minItems": 1, "description": "The layers, in order."}
    return {
        "name": {"anyOf": [{"type": "string"}, {"type": "integer"}], "description": "A name."},
        "input": {
            "description": "Spatial sizes then channels ([L, C], [H, W, C] or [D, H, W, C]) in "
            "the spec's layout, or written as 227x227x3; one number is a flat vector.",
            "anyOf": [
                {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 1},
                    "minItems": 1,
                    "maxItems": 4,
                },
                {"type": "string", "pattern": DIMS_TEXT},
                {"type": "integer", "minimum": 1},
            ],
        },
        "layout": {
            "type": "string",
            "pattern": r"^\s*(" + "|".join(map(_letters, LAYOUTS)) + r")\s*$",
            "description": "How `input` and shapes are written: hwc (channels last, the "
            "default) or chw.",
        },
        "layers": layers,
        "blocks": {
            "type": "object",
            "description": "Reusable groups of layers, used by name as a layer's `type`.",
            "propertyNames": {"not": {"pattern": _any_kind()}},
            "additionalProperties": {"$ref": "#/$defs/block"},
        },
        "outputs": {
            "anyOf": [_REFERENCE, {"type": "array", "items": _REFERENCE, "minItems": 1}],
            "description": "The layers whose outputs are the network's. Default: the last.",
        },
    }


def spec_schema() -> dict[str, Any]:
    """The whole schema, as a dict ready for json.dumps."""
    top = _top_level()
    definitions: dict[str, Any] = {
        "argument": ARGUMENT,
        "layer": _layer(allow_blocks=False),
        "layer-or-block-use": _layer(allow_blocks=True),
        "block-use": {
            "type": "object",
            "description": "A block used as a layer: its arguments, `repeat` and `first`.",
            "properties": {
                **{key: {"$ref": f"#/$defs/layer-{key}"} for key in LAYER_KEYS},
                **{
                    key: {"anyOf": [_BLOCK_USE_SCHEMAS.get(key, {}), {"$ref": "#/$defs/argument"}]}
                    for key in BLOCK_USE_KEYS
                },
            },
        },
        "block": {
            "type": "object",
            "properties": {key: _BLOCK_KEY_SCHEMAS.get(key, {}) for key in BLOCK_KEYS},
            "required": ["layers"],
            "additionalProperties": False,
        },
        # Inside a block, `$argument` may stand for any value, these keys' included.
        **{
            f"layer-{key}": {
                "anyOf": [_LAYER_KEY_SCHEMAS.get(key, {}), {"$ref": "#/$defs/argument"}]
            }
            for key in LAYER_KEYS
        },
        **{f"kind-{kind.name}": _kind_definition(kind) for kind in KINDS.values()},
    }
    return {
        "$schema": DRAFT,
        "title": "convcalc spec",
        "description": "A CNN described for convcalc: its input and its layers. Generated by "
        "`convcalc schema` from the layer-kind registry.",
        "type": "object",
        "properties": {key: top.get(key, {}) for key in TOP_LEVEL_KEYS},
        "required": ["input", "layers"],
        "additionalProperties": False,
        # With blocks, a layer's type may name one: its keys are the block's arguments.
        "if": {"required": ["blocks"]},
        "then": {"properties": {"layers": {"items": {"$ref": "#/$defs/layer-or-block-use"}}}},
        "else": {"properties": {"layers": {"items": {"$ref": "#/$defs/layer"}}}},
        "$defs": definitions,
    }
