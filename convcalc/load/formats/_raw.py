"""Building a convcalc spec's Raw tree from another format: the pieces every importer needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from convcalc.core import limits
from convcalc.core.diagnostics import Diagnostic
from convcalc.core.records import field, mutable
from convcalc.core.specs import Location
from convcalc.load.raw import Raw, RawEntry, RawMap, RawScalar, RawSeq
from convcalc.rules.table import WRONG_TYPE


def too_many_digits(text: str, location: Location) -> Diagnostic | None:
    """A number written with more digits than the `digits` limit (as for YAML specs): refused
    before it is converted, since converting a megabyte of digits takes seconds."""
    most = limits.current().digits
    if sum(character.isdigit() for character in text) <= most:
        return None
    return WRONG_TYPE.diagnostic(
        f"a number with more than {most:,} digits" + limits.named("digits"),
        location,
        hint=limits.how_to_raise("digits"),
    )


def value(written: Any, location: Location) -> Raw:
    """A number, text, or (nested) list of them, every piece at `location`."""
    if isinstance(written, (list, tuple)):
        return RawSeq(tuple(value(item, location) for item in written), location)
    return RawScalar(written, location)


@mutable
class LayerBuilder:
    """One convcalc layer as an importer writes it: fields in order, each where it was written
    (a field the format leaves implicit sits at the layer's own location)."""

    kind: str
    name: str
    location: Location
    fields: list[tuple[str, Any, Location]] = field(default_factory=list)

    def set(self, key: str, written: Any, location: Location | None = None) -> LayerBuilder:
        self.fields.append((key, written, location or self.location))
        return self

    def raw(self) -> RawMap:
        entries = [
            RawEntry(RawScalar("type", self.location), RawScalar(self.kind, self.location)),
            RawEntry(RawScalar("name", self.location), RawScalar(self.name, self.location)),
        ]
        entries.extend(
            RawEntry(RawScalar(key, where), value(written, where))
            for key, written, where in self.fields
        )
        return RawMap(tuple(entries), self.location)


def spec_tree(
    name: str,
    framework: str,
    input_shape: Sequence[int],
    input_location: Location,
    layers: Sequence[LayerBuilder],
    outputs: Sequence[str] = (),
) -> RawMap:
    """The whole spec: name, the framework profile (a PROFILES key), input (H, W, C or a flat
    size), layers and, when given, outputs."""
    top = Location(input_location.source, 1, 1)
    entries = [
        RawEntry(RawScalar("name", top), RawScalar(name, top)),
        RawEntry(RawScalar("input", input_location), value(list(input_shape), input_location)),
        RawEntry(RawScalar("framework", top), RawScalar(framework, top)),
        RawEntry(RawScalar("layers", top), RawSeq(tuple(layer.raw() for layer in layers), top)),
    ]
    if outputs:
        entries.append(RawEntry(RawScalar("outputs", top), value(list(outputs), top)))
    return RawMap(tuple(entries), top)


def plain(raw: Raw) -> Any:
    """The tree as plain data (dicts, lists, scalars), locations dropped."""
    if isinstance(raw, RawSeq):
        return [plain(item) for item in raw.items]
    if isinstance(raw, RawMap):
        return {plain(entry.key): plain(entry.value) for entry in raw.entries}
    return raw.value


def _flow(data: Any) -> str:
    return (
        str(yaml.safe_dump(data, default_flow_style=True, width=2**31, sort_keys=False))
        .strip()
        .removesuffix("...")
        .strip()
    )


def spec_text(root: RawMap, header: str) -> str:
    """The tree as a convcalc spec's YAML: the top-level keys one a line, one layer a line
    (in flow style, as specs/ writes them), each with the line of the original it came from."""
    lines = [f"# {line}" for line in header.splitlines()]
    for entry in root.entries:
        key = plain(entry.key)
        if key != "layers" or not isinstance(entry.value, RawSeq):
            lines.append(f"{_flow({key: plain(entry.value)}).removeprefix('{').removesuffix('}')}")
            continue
        lines.append("layers:")
        for layer in entry.value.items:
            where = layer.location.line
            lines.append(f"  - {_flow(plain(layer))}" + (f"  # line {where}" if where else ""))
    return "\n".join(lines) + "\n"
