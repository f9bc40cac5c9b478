"""The JSON Schema (draft 2020-12) of the spec format, generated from the layer-kind registry.

Nothing here is written per kind: each kind in KINDS becomes a definition with its fields, their
types, bounds, defaults and help. The schema is a helper for editors (yaml-language-server):
convcalc itself stays the judge: geometry, duplicate keys and names, and references cannot be
expressed. Inside blocks any value may be a `$argument`, so every field also accepts that form.

Kinds, fields and words are enums, so that an editor can offer them and a wrong one is named in a
short message. An enum cannot say "any case, `-` and `_` anywhere" as the loader reads names
(normalise_kind, normalise_field), so it lists the spellings as they are usually written: each
kind's name and registered aliases, and those aliases as PyTorch, Keras and ONNX write them
(`MaxPool2d`, `MaxPooling2D`, `BatchNormalization`, `Relu`). convcalc reads more spellings than
the schema offers (`CONV_2D`, `Out-Channels`, `activation: ReLU`); docs/integrations.md says so.
The schema is strict JSON that JavaScript validators load too: no Infinity, and patterns use
only what ECMA-262 regexes with the `u` flag accept.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from typing import Any

from convcalc.core.profiles import PROFILES
from convcalc.core.shapes import LAYOUTS
from convcalc.kinds import KINDS
from convcalc.kinds.base import PADDING_KEYWORDS, Field, LayerKind, normalise_kind
from convcalc.load.build import BLOCK_KEYS, BLOCK_USE_KEYS, INPUT, LAYER_KEYS, TOP_LEVEL_KEYS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# The loader's `3x5` (values.py): whole numbers joined by x or ×. [0-9], not \d: the loader
# reads ASCII digits only, and Python's \d would take other scripts' digits too.
DIMS_TEXT = r"^\s*[0-9]+(\s*[x×]\s*[0-9]+)*\s*$"
ARGUMENT = {"type": "string", "pattern": r"^\$", "description": "A block argument: `$name`."}

# How the words in kind names are written by the frameworks, each form one that PyTorch, Keras,
# ONNX or Caffe uses (`ReLU` in PyTorch and Keras, `Relu` in ONNX). A registered spelling is cut
# into these words (and a rank, `2d`) to give its written forms; one that cannot be cut is
# offered only as registered.
WORDS: dict[str, tuple[str, ...]] = {
    "activation": ("Activation",),
    "adaptive": ("Adaptive",),
    "add": ("Add",),
    "average": ("Average",),
    "avg": ("Avg",),
    "axes": ("Axes",),
    "batch": ("Batch",),
    "bn": ("BN",),
    "cat": ("Cat",),
    "celu": ("CELU",),
    "channel": ("Channel",),
    "chunk": ("Chunk",),
    "circular": ("Circular",),
    "concat": ("Concat",),
    "concatenate": ("Concatenate",),
    "connected": ("Connected",),
    "constant": ("Constant",),
    "conv": ("Conv",),
    "convolution": ("Convolution",),
    "center_crop": ("CenterCrop",),
    "cropping": ("Cropping",),
    "deconv": ("Deconv",),
    "deconvolution": ("Deconvolution",),
    "dense": ("Dense",),
    "depth": ("Depth",),
    "drop": ("Drop",),
    "dropout": ("Dropout",),
    "elu": ("ELU", "Elu"),
    "fc": ("FC",),
    "flatten": ("Flatten",),
    "fractional": ("Fractional",),
    "fully": ("Fully",),
    "gap": ("GAP",),
    "gelu": ("GELU", "Gelu"),
    "global": ("Global",),
    "gn": ("GN",),
    "group": ("Group",),
    "hardshrink": ("Hardshrink",),
    "hardsigmoid": ("Hardsigmoid",),
    "hardswish": ("Hardswish",),
    "hardtanh": ("Hardtanh",),
    "identity": ("Identity",),
    "inner": ("Inner",),
    "instance": ("Instance",),
    "interpolate": ("Interpolate",),
    "layer": ("Layer",),
    "leaky": ("Leaky",),
    "linear": ("Linear",),
    "ln": ("LN",),
    "locally": ("Locally",),
    "log": ("Log",),
    "logsigmoid": ("LogSigmoid",),
    "max": ("Max",),
    "mish": ("Mish",),
    "mul": ("Mul",),
    "multiply": ("Multiply",),
    "norm": ("Norm",),
    "normalization": ("Normalization",),
    "pad": ("Pad",),
    "padding": ("Padding",),
    "passthrough": ("Passthrough",),
    "path": ("Path",),
    "permute": ("Permute",),
    "pixel": ("Pixel",),
    "pool": ("Pool",),
    "pooling": ("Pooling",),
    "prelu": ("PReLU", "PRelu"),
    "product": ("Product",),
    "reflect": ("Reflect",),
    "reflection": ("Reflection",),
    "relu": ("ReLU", "Relu"),
    "relu6": ("ReLU6",),
    "replicate": ("Replicate",),
    "replication": ("Replication",),
    "reshape": ("Reshape",),
    "resize": ("Resize",),
    "rrelu": ("RReLU",),
    "sampling": ("Sampling",),
    "scale": ("Scale",),
    "selu": ("SELU",),
    "sep": ("Sep",),
    "separable": ("Separable",),
    "shuffle": ("Shuffle",),
    "sigmoid": ("Sigmoid",),
    "silu": ("SiLU", "Silu"),
    "softmax": ("Softmax",),
    "softmin": ("Softmin",),
    "softplus": ("Softplus",),
    "softshrink": ("Softshrink",),
    "softsign": ("Softsign",),
    "spatial": ("Spatial",),
    "split": ("Split",),
    "stochastic": ("Stochastic",),
    "sum": ("Sum",),
    "swap": ("Swap",),
    "swish": ("Swish",),
    "tanh": ("Tanh", "TanH"),
    "tanhshrink": ("Tanhshrink",),
    "threshold": ("Threshold",),
    "transpose": ("Transpose",),
    "unflatten": ("Unflatten",),
    "unpool": ("Unpool",),
    "unshuffle": ("Unshuffle",),
    "up": ("Up",),
    "upsample": ("Upsample",),
    "view": ("View",),
    "zero": ("Zero",),
}
# A rank inside a name: PyTorch writes `Conv2d`, Keras `Conv2D`. Words only one of them uses
# say which (`MaxPooling2D`, `BatchNorm2d`); a rank before another word is Keras'
# (`Conv2DTranspose`, PyTorch's is `ConvTranspose2d`); otherwise both (`MaxPool2d`, `MaxPool2D`).
RANK = re.compile(r"[1-3]d")
KERAS_WORDS = frozenset(
    ("convolution", "separable", "locally", "pooling", "sampling", "padding", "spatial", "cropping")
)
TORCH_WORDS = frozenset(
    ("norm", "pad", "adaptive", "reflection", "replication", "circular", "constant", "dropout")
)


def _words(name: str) -> list[str] | None:
    """A normalised name cut into WORDS and ranks, longest word first; None if it cannot be."""
    words: list[str] = []
    at = 0
    while at < len(name):
        rank = RANK.match(name, at)
        if rank:
            words.append(rank.group())
            at = rank.end()
            continue
        found = max((w for w in WORDS if name.startswith(w, at)), key=len, default=None)
        if found is None:
            return None
        words.append(found)
        at += len(found)
    return words


def written_forms(spelling: str) -> list[str]:
    """A registered spelling, then the ways the frameworks write it (`conv2d`: Conv2d, Conv2D)."""
    forms = [spelling]
    words = _words(normalise_kind(spelling))
    if words is None:
        return forms
    for rank_case in _rank_cases(words):
        choices = [
            (word[0] + rank_case,) if RANK.fullmatch(word) else WORDS[word] for word in words
        ]
        forms.extend("".join(parts) for parts in itertools.product(*choices))
    return list(dict.fromkeys(forms))


def _rank_cases(words: list[str]) -> tuple[str, ...]:
    """How the rank is written in a name of these words: `D` (Keras), `d` (PyTorch) or both."""
    ranked = [i for i, word in enumerate(words) if RANK.fullmatch(word)]
    if not ranked:
        return ("",)  # nothing to write: one form
    if KERAS_WORDS.intersection(words) or ranked[-1] < len(words) - 1:
        return ("D",)
    if TORCH_WORDS.intersection(words):
        return ("d",)
    return ("d", "D")


def kind_spellings(kind: LayerKind) -> list[str]:
    """Every spelling the schema offers for a kind: name, aliases, their written forms."""
    forms = (form for spelling in (kind.name, *kind.aliases) for form in written_forms(spelling))
    return list(dict.fromkeys(forms))


def _bounded(base: dict[str, Any], field: Field) -> dict[str, Any]:
    # An infinite bound is no bound, and JSON has no Infinity.
    if field.minimum is not None and math.isfinite(field.minimum):
        base["minimum"] = field.minimum
    if field.below is not None and math.isfinite(field.below):
        base["exclusiveMaximum"] = field.below
    return base


def _value(field: Field) -> dict[str, Any]:
    """The schema of one field's value, as values.parse_value reads it."""
    integer = _bounded({"type": "integer"}, field)
    item = {"anyOf": [integer, {"type": "null"}]} if field.null_items else integer
    dims: list[dict[str, Any]] = [
        integer,
        {"type": "array", "items": item, "minItems": 1},
        {"$ref": "#/$defs/dims-text"},
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
            options.append({"$ref": "#/$defs/padding-keyword"})
    elif field.type == "bool":
        options = [{"type": "boolean"}]
    elif field.type == "float":
        options = [_bounded({"type": "number"}, field)]
    elif field.type == "choice":
        options = [{"enum": list(field.choices)}]
    elif field.type == "str":
        options = [{"type": "string"}]
    else:  # a type this generator does not know yet: accept anything rather than refuse
        options = [{}]
    if field.keywords:
        options.append({"enum": list(field.keywords)})
    if field.null_value is not None:
        options.append({"type": "null"})
    return {"anyOf": [*options, {"$ref": "#/$defs/argument"}]}


def _plain_json(value: Any) -> bool:
    """Whether a default can be written in JSON as it is (numbers, text, lists of them)."""
    if isinstance(value, (list, tuple)):
        return all(_plain_json(item) for item in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (bool, int, str))


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


class _Shared:
    """Definitions made once and referred to wherever they recur: a value schema that many
    fields have (a whole number from 1), a field that several kinds share (`filters`)."""

    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}
        self._names: dict[str, str] = {}  # a definition's JSON -> its name

    def refer(self, name: str, definition: dict[str, Any]) -> dict[str, str]:
        """A $ref to the definition: an equal one already made, else this one named `name`
        (`name-2`, ... when that name holds another)."""
        key = json.dumps(definition, sort_keys=True)
        if key not in self._names:
            unique = name
            for number in itertools.count(2):
                if unique not in self.definitions:
                    break
                unique = f"{name}-{number}"
            self.definitions[unique] = definition
            self._names[key] = unique
        return {"$ref": f"#/$defs/{self._names[key]}"}


def _value_name(field: Field) -> str:
    """What a value schema is called: its type (a choice field's name) and bounds."""
    parts = ["value", field.name if field.type == "choice" else field.type]
    for word, bound in (("from", field.minimum), ("below", field.below)):
        if bound is not None and math.isfinite(bound):
            parts.append(f"{word}-{bound:g}")
    if field.keywords:
        parts.append("or-" + "-".join(field.keywords))
    if field.null_value is not None:
        parts.append("or-null")
    return "-".join(parts).replace("_", "-")


def _field(field: Field, shared: _Shared) -> dict[str, str]:
    definition: dict[str, Any] = {
        **shared.refer(_value_name(field), _value(field)),
        "description": _describe_field(field),
    }
    if _plain_json(field.default) and not field.required:
        definition["default"] = field.default
    return shared.refer(f"field-{field.name}", definition)


def _kind_definition(kind: LayerKind, shared: _Shared) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "type": {"$ref": f"#/$defs/type-{kind.name}"},
        **{key: {"$ref": f"#/$defs/layer-{key}"} for key in LAYER_KEYS if key != "type"},
    }
    required = ["type"]
    spelled: list[dict[str, Any]] = []  # required fields that have aliases: any spelling will do
    for field in kind.fields:
        reference = _field(field, shared)
        names = [field.name, *field.aliases]
        for name in names:
            properties[name] = reference
        if field.required and field.aliases:
            spelled.append({"anyOf": [{"required": [name]} for name in names]})
        elif field.required:
            required.append(field.name)
    also = f" Also: {', '.join(kind.aliases)}." if kind.aliases else ""
    definition: dict[str, Any] = {
        "type": "object",
        "description": f"{kind.summary}{also}",
        "properties": properties,
        "additionalProperties": False,
        "required": required,
    }
    if spelled:
        definition["allOf"] = spelled
    return definition


def _by_kind() -> dict[str, Any]:
    """A layer mapping checked as its kind's definition says, chosen by its `type`. (Gated on
    `type` being there: without it every `if` below would hold.)"""
    return {
        "if": {"type": "object", "required": ["type"]},
        "then": {
            "allOf": [
                {
                    "if": {
                        "type": "object",
                        "properties": {"type": {"$ref": f"#/$defs/type-{kind.name}"}},
                    },
                    "then": {"$ref": f"#/$defs/kind-{kind.name}"},
                }
                for kind in KINDS.values()
            ]
        },
    }


def _layer(allow_blocks: bool) -> dict[str, Any]:
    """A layer: a bare kind (or block) name, or a mapping dispatched on its `type`."""
    kind = {"$ref": "#/$defs/kind"}
    # In allOf rather than beside a $ref: yaml-language-server merges a $ref's keywords into
    # its siblings, so two `if`s there would become one.
    checks: list[dict[str, Any]] = [{"$ref": "#/$defs/by-kind"}]
    named: dict[str, Any] = kind
    if allow_blocks:
        # The kinds beside "any text", so that an editor still offers them.
        named = {"anyOf": [kind, {"type": "string", "description": "A block's name."}]}
        checks.append(
            {
                "if": {"type": "object", "properties": {"type": kind}},
                "else": {"$ref": "#/$defs/block-use"},
            }
        )
    mapping = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": named},
        "allOf": checks,
    }
    return _text_or_mapping(named, mapping)


def _text_or_mapping(text: dict[str, Any], mapping: dict[str, Any]) -> dict[str, Any]:
    # Chosen by type rather than anyOf, so that a validator names what is wrong with a mapping
    # instead of saying that it is not a kind's name either.
    return {"if": {"type": "string"}, "then": text, "else": mapping}


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
    "names": {
        "type": "string",
        "description": "Instance names: `{i}` is the repetition from 0, `{n}` from 1 "
        "(`denselayer{n}`).",
    },
    "flat": {
        "type": "boolean",
        "description": "Number the block's layers into the sequence the use names "
        "(`features.0`, `features.1`, …) instead of nesting them in an instance.",
    },
}

_BLOCK_KEY_SCHEMAS: dict[str, dict[str, Any]] = {
    "args": {"type": "object", "description": "Argument names and defaults (null: required)."},
    "layers": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/layer-or-block-use"}},
    "output": {"type": "string", "description": "The layer that is the block's output."},
}


def _top_level() -> dict[str, dict[str, Any]]:
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
                {"$ref": "#/$defs/dims-text"},
                {"type": "integer", "minimum": 1},
            ],
        },
        "layout": {
            "enum": [*LAYOUTS, *(layout.upper() for layout in LAYOUTS)],
            "description": "How `input` and shapes are written: hwc (channels last, the "
            "default) or chw.",
        },
        "framework": {
            "enum": list(PROFILES),
            "description": "The framework whose conventions an imported config follows "
            "(`convcalc convert` writes it).",
        },
        # The items as with blocks, which the editor reads; without blocks, `else` narrows them.
        "layers": {
            "type": "array",
            "minItems": 1,
            "description": "The layers, in order.",
            "items": {"$ref": "#/$defs/layer-or-block-use"},
        },
        "blocks": {
            "type": "object",
            "description": "Reusable groups of layers, used by name as a layer's `type`.",
            "propertyNames": {"not": {"$ref": "#/$defs/kind"}},
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
    shared = _Shared()
    kinds = {f"kind-{kind.name}": _kind_definition(kind, shared) for kind in KINDS.values()}
    definitions: dict[str, Any] = {
        "argument": ARGUMENT,
        "dims-text": {"type": "string", "pattern": DIMS_TEXT, "description": "Such as 3x5."},
        "padding-keyword": {
            # TensorFlow writes SAME and VALID.
            "enum": [*PADDING_KEYWORDS, *(word.upper() for word in PADDING_KEYWORDS)]
        },
        "kind": {
            "description": "A layer kind. convcalc also reads other cases and `-` or `_` "
            "anywhere: `convcalc kinds` lists them.",
            # The names first: a validator that names one alternative when none holds names
            # this one, the shortest whole list.
            "anyOf": [
                {"enum": list(KINDS)},
                *({"$ref": f"#/$defs/type-{kind.name}"} for kind in KINDS.values()),
            ],
        },
        **{
            f"type-{kind.name}": {"enum": kind_spellings(kind), "description": kind.summary}
            for kind in KINDS.values()
        },
        "by-kind": _by_kind(),
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
        **kinds,
        **shared.definitions,
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
        # Without blocks, a layer's type must be a kind (with blocks it may name a block: its
        # keys are then the block's arguments).
        "if": {"type": "object", "required": ["blocks"]},
        "else": {
            "type": "object",
            "properties": {"layers": {"type": "array", "items": {"$ref": "#/$defs/layer"}}},
        },
        "$defs": definitions,
    }
