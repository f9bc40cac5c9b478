"""Whether a YAML document has the shape of a convcalc spec, judged from the whole document.

A repository holds many YAML files with a `layers:` key that are not specs: a Hydra or training
config (`layers: [2, 2, 2, 2]`), another framework's model config. A found file is a spec when
its top level is a mapping whose `layers` is a list of layers (each a mapping with `type`, or a
kind name) and which either has an `input` or has no key a spec does not have; anything else is
skipped by discovery. A file named on the command line is always read; when it is clearly another
framework's model config, or has no `input` and a `layers` that holds no layers, the loader says
so in one message instead of reporting every key (see `not_a_spec_reason`).
"""

from __future__ import annotations

from collections.abc import Collection

from convcalc.load.raw import Raw, RawMap, RawScalar, RawSeq

# Top-level keys that identify another framework's model config; every key of a set must be there.
# With what convcalc does with it (an Ultralytics config reaches this only under `--from convcalc`:
# otherwise its importer reads it).
_FOREIGN = (
    (
        frozenset({"backbone", "head"}),
        "an Ultralytics (YOLO) model config (`backbone:` and `head:` lists of "
        "[from, repeats, module, args]); convcalc reads it as one without `--from convcalc`",
    ),
    (
        frozenset({"class_name", "config"}),
        "a Keras model config (`class_name:` and `config:`, as `model.to_yaml()` writes it); "
        "convcalc does not read Keras model configs",
    ),
)


def _keys(root: RawMap) -> dict[str, Raw]:
    return {
        entry.key.value: entry.value
        for entry in root.entries
        if isinstance(entry.key, RawScalar) and isinstance(entry.key.value, str)
    }


def foreign_format(root: RawMap) -> str | None:
    """What other framework's model config the document is, or None."""
    keys = _keys(root)
    if "input" in keys:
        return None
    for required, what in _FOREIGN:
        if required <= keys.keys():
            return what
    return None


def _is_layer(item: Raw) -> bool:
    if isinstance(item, RawScalar):
        return isinstance(item.value, str) and bool(item.value.strip())
    if isinstance(item, RawMap):
        return "type" in _keys(item)
    return False


def _holds(layers: Raw) -> str:
    """What a `layers` value that is not a list of layers holds: `a list of numbers`."""
    if not isinstance(layers, RawSeq):
        if isinstance(layers, RawMap):
            return "a mapping"
        if isinstance(layers.value, (int, float)) and not isinstance(layers.value, bool):
            return "a number"
        return "text" if isinstance(layers.value, str) else "nothing"
    odd = next(item for item in layers.items if not _is_layer(item))
    if isinstance(odd, RawSeq):
        return "a list of lists"
    if isinstance(odd, RawMap):
        return "a list of mappings without `type`"
    if isinstance(odd.value, (int, float)) and not isinstance(odd.value, bool):
        return "a list of numbers"
    return "a list of other values"


def holds_layers(layers: Raw) -> bool:
    return isinstance(layers, RawSeq) and all(_is_layer(item) for item in layers.items)


def looks_like_spec(root: RawMap, spec_keys: Collection[str]) -> bool:
    """A found file is checked only when its whole shape is a spec's (see the module doc)."""
    keys = _keys(root)
    if "layers" not in keys or not holds_layers(keys["layers"]):
        return False
    return "input" in keys or all(key in spec_keys for key in keys)


def not_a_spec_reason(root: RawMap) -> str | None:
    """Why a named document is clearly not a spec, or None when it should be read as one (a
    spec with mistakes is better served by a message per mistake)."""
    foreign = foreign_format(root)
    if foreign is not None:
        return f"this is {foreign}"
    keys = _keys(root)
    if "input" in keys or "layers" not in keys or holds_layers(keys["layers"]):
        return None
    return (
        f"this is not a convcalc spec: it has no `input`, and its `layers` is "
        f"{_holds(keys['layers'])}, not a list of layers (a training or Hydra config?)"
    )
