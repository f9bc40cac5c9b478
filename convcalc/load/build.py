"""A Raw tree into a NetworkSpec, reading the kind registry for names, aliases, fields and defaults.

Every problem becomes a load diagnostic with its location; reading goes on past a bad layer so a
single run reports all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from convcalc.diagnostics import Diagnostic
from convcalc.kinds import KINDS, kind_spellings, lookup_field, lookup_kind
from convcalc.kinds.base import LayerKind
from convcalc.load.problems import did_you_mean, load_diagnostic
from convcalc.load.raw import Raw, RawEntry, RawMap, RawScalar, RawSeq, describe
from convcalc.load.values import ValueProblem, dims_from_text, parse_value
from convcalc.rules import (
    duplicate_key,
    duplicate_name,
    missing_field,
    not_a_spec,
    unknown_field,
    unknown_kind,
    wrong_type,
)
from convcalc.shapes import LAYOUTS, Shape
from convcalc.specs import LayerSpec, Location, NetworkSpec

TOP_LEVEL_KEYS = ("name", "input", "layout", "layers")
LAYER_KEYS = ("type", "name")


@dataclass
class _Reader:
    source: str
    problems: list[Diagnostic] = field(default_factory=list)

    def report(self, rule: Any, message: str, location: Location | None, **extra: Any) -> None:
        self.problems.append(load_diagnostic(rule.RULE, message, location, **extra))

    def keyed(
        self, mapping: RawMap, known: Iterable[str], layer: str | None = None
    ) -> dict[str, RawEntry]:
        """Entries by key, reporting non-text and duplicate keys."""
        seen: dict[str, RawEntry] = {}
        for entry in mapping.entries:
            key = entry.key
            if not isinstance(key, RawScalar) or not isinstance(key.value, str):
                self.report(
                    wrong_type, f"keys must be text, got {describe(key)}", key.location, layer=layer
                )
                continue
            if key.value in seen:
                first = seen[key.value].key.location
                self.report(
                    duplicate_key,
                    f"`{key.value}` is given twice (first at line {first.line})",
                    key.location,
                    hint="keep one of them",
                    layer=layer,
                )
                continue
            seen[key.value] = entry
        return seen


def _key_text(entry: RawEntry) -> str:
    assert isinstance(entry.key, RawScalar)
    return str(entry.key.value)


def _read_input(reader: _Reader, raw: Raw, layout: str) -> tuple[Shape, tuple[int, ...]] | None:
    sizes: tuple[int, ...] | None = None
    if isinstance(raw, RawScalar):
        if isinstance(raw.value, int) and not isinstance(raw.value, bool):
            sizes = (raw.value,)
        elif isinstance(raw.value, str):
            sizes = dims_from_text(raw.value)
    elif isinstance(raw, RawSeq) and 1 <= len(raw.items) <= 4:
        values = [item.value if isinstance(item, RawScalar) else None for item in raw.items]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            sizes = tuple(int(v) for v in values if v is not None)
    if sizes is None or len(sizes) > 4:
        reader.report(
            wrong_type,
            f"`input` must be spatial sizes then channels, like [227, 227, 3] or 227x227x3 "
            f"(1 to 3 spatial dimensions), got {describe(raw)}",
            raw.location,
        )
        return None
    return Shape.from_layout(sizes, layout), sizes


def _read_layer(
    reader: _Reader, raw: Raw, index: int
) -> tuple[LayerKind, int | None, str, str | None, dict[str, Any], dict[str, Location], Location]:
    """kind, implied rank, written kind, explicit name, fields, field locations, location."""
    location = raw.location
    if isinstance(raw, RawScalar) and isinstance(raw.value, str):
        type_raw: Raw = raw
        entries: dict[str, RawEntry] = {}
    elif isinstance(raw, RawMap):
        entries = reader.keyed(raw, ())
        type_entry = entries.pop("type", None)
        if type_entry is None:
            reader.report(
                missing_field,
                f"layer {index + 1} has no `type`",
                location,
                hint="start the layer with `type:` (conv, maxpool, dense, …)",
            )
            raise ValueError
        type_raw = type_entry.value
    else:
        reader.report(
            wrong_type,
            f"layer {index + 1} must be a kind name or a mapping, got {describe(raw)}",
            location,
        )
        raise ValueError
    if not isinstance(type_raw, RawScalar) or not isinstance(type_raw.value, str):
        reader.report(
            wrong_type, f"`type` must be text, got {describe(type_raw)}", type_raw.location
        )
        raise ValueError
    written = type_raw.value.strip()
    found = lookup_kind(written)
    if found is None:
        reader.report(
            unknown_kind,
            f"unknown layer kind `{written}`",
            type_raw.location,
            hint=did_you_mean(written, kind_spellings()),
        )
        raise ValueError
    kind, rank = found
    name_entry = entries.pop("name", None)
    name: str | None = None
    if name_entry is not None:
        name_raw = name_entry.value
        if (
            isinstance(name_raw, RawScalar)
            and isinstance(name_raw.value, (str, int))
            and not isinstance(name_raw.value, bool)
            and str(name_raw.value).strip()
        ):
            name = str(name_raw.value).strip()
        else:
            reader.report(
                wrong_type, f"`name` must be text, got {describe(name_raw)}", name_raw.location
            )
    values: dict[str, Any] = {}
    locations: dict[str, Location] = {}
    written_as: dict[str, str] = {}
    failed = False
    label = name or f"layer {index + 1}"
    for key, entry in entries.items():
        kind_field = lookup_field(kind, key)
        if kind_field is None:
            candidates = [f.name for f in kind.fields] + [a for f in kind.fields for a in f.aliases]
            known = ", ".join(f.name for f in kind.fields) or "none"
            reader.report(
                unknown_field,
                f"unknown field `{key}` for `{kind.name}`",
                entry.key.location,
                hint=did_you_mean(key, [*candidates, "name"]) or f"known fields: {known}",
                layer=label,
            )
            failed = True
            continue
        if kind_field.name in written_as:
            reader.report(
                duplicate_key,
                f"`{kind_field.name}` is given twice (as `{written_as[kind_field.name]}` "
                f"and `{key}`)",
                entry.key.location,
                hint="keep one of them",
                layer=label,
            )
            failed = True
            continue
        written_as[kind_field.name] = key
        try:
            values[kind_field.name] = parse_value(kind_field, entry.value)
        except ValueProblem as problem:
            reader.report(wrong_type, str(problem), entry.value.location, layer=label)
            failed = True
            continue
        locations[kind_field.name] = entry.value.location
    for kind_field in kind.fields:
        if kind_field.name not in written_as and kind_field.required:
            reader.report(
                missing_field,
                f"`{kind.name}` needs `{kind_field.name}` ({kind_field.help.rstrip('.')})",
                location,
                layer=label,
            )
            failed = True
    if failed:
        raise ValueError
    return kind, rank, written, name, values, locations, location


def _auto_name(kind: str, counts: dict[str, int], taken: set[str]) -> str:
    while True:
        counts[kind] = counts.get(kind, 0) + 1
        candidate = f"{kind}{counts[kind]}"
        if candidate not in taken:
            return candidate


def build_network(root: Raw | None, source: str) -> tuple[NetworkSpec | None, list[Diagnostic]]:
    """The network a Raw document describes, and every problem found while reading it."""
    reader = _Reader(source)
    if not isinstance(root, RawMap):
        what = "empty" if root is None else f"{describe(root)}"
        location = root.location if root is not None else Location(source)
        reader.report(
            not_a_spec,
            f"a spec is a mapping with `input` and `layers`; this document is {what}",
            location,
        )
        return None, reader.problems
    top = reader.keyed(root, TOP_LEVEL_KEYS)
    for key, entry in top.items():
        if key not in TOP_LEVEL_KEYS:
            reader.report(
                unknown_field,
                f"unknown top-level key `{key}`",
                entry.key.location,
                hint=did_you_mean(key, TOP_LEVEL_KEYS)
                or "known keys: " + ", ".join(TOP_LEVEL_KEYS),
            )
    for key in ("input", "layers"):
        if key not in top:
            reader.report(missing_field, f"the spec has no `{key}`", root.location)
    layout = "hwc"
    if "layout" in top:
        layout_raw = top["layout"].value
        text = layout_raw.value if isinstance(layout_raw, RawScalar) else None
        if isinstance(text, str) and text.lower() in LAYOUTS:
            layout = text.lower()
        else:
            reader.report(
                wrong_type,
                f"`layout` must be one of {', '.join(LAYOUTS)}, got {describe(layout_raw)}",
                layout_raw.location,
            )
    name: str | None = None
    if "name" in top:
        name_raw = top["name"].value
        if isinstance(name_raw, RawScalar) and isinstance(name_raw.value, (str, int)):
            name = str(name_raw.value)
        else:
            reader.report(
                wrong_type, f"`name` must be text, got {describe(name_raw)}", name_raw.location
            )
    shape_read = _read_input(reader, top["input"].value, layout) if "input" in top else None
    layers: list[LayerSpec] = []
    if "layers" in top:
        layers_raw = top["layers"].value
        if not isinstance(layers_raw, RawSeq) or not layers_raw.items:
            reader.report(
                wrong_type,
                f"`layers` must be a non-empty list, got {describe(layers_raw)}",
                layers_raw.location,
            )
        else:
            layers = _read_layers(reader, layers_raw)
    if reader.problems or shape_read is None:
        return None, reader.problems
    shape, written = shape_read
    network = NetworkSpec(
        source=source,
        input_shape=shape,
        input_written=written,
        layout=layout,
        layers=tuple(layers),
        name=name,
        input_location=top["input"].value.location,
    )
    return network, reader.problems


def _read_layers(reader: _Reader, layers_raw: RawSeq) -> list[LayerSpec]:
    read: list[tuple[Any, ...]] = []
    names: dict[str, Location] = {}
    for index, item in enumerate(layers_raw.items):
        try:
            kind, rank, written, name, values, locations, location = _read_layer(
                reader, item, index
            )
        except ValueError:
            continue
        if name is not None:
            if name in names:
                first = names[name]
                reader.report(
                    duplicate_name,
                    f"layer name `{name}` is already used (line {first.line})"
                    if first.line
                    else f"layer name `{name}` is already used",
                    location,
                    hint="layer names must be unique",
                    layer=name,
                )
            names.setdefault(name, location)
        read.append((index, kind, rank, written, name, values, locations, location))
    taken = set(names)
    counts: dict[str, int] = {}
    specs: list[LayerSpec] = []
    for index, kind, rank, written, name, values, locations, location in read:
        fields = {f.name: values.get(f.name, f.default) for f in kind.fields}
        specs.append(
            LayerSpec(
                kind=kind.name,
                name=name or _auto_name(kind.name, counts, taken),
                index=index,
                fields=fields,
                location=location,
                field_locations=locations,
                given=frozenset(values),
                written_kind=written,
                required_rank=rank,
            )
        )
    assert all(spec.kind in KINDS for spec in specs)
    return specs
