"""Layers written as command-line arguments (`conv:filters=96,kernel=11,stride=4`) as a Raw tree."""

from __future__ import annotations

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.specs import Location
from convcalc.load.raw import Raw, RawEntry, RawMap, RawScalar, RawSeq
from convcalc.load.yaml_source import YamlProblem, parse_yaml
from convcalc.rules.table import WRONG_TYPE, YAML_SYNTAX

SOURCE = "<command line>"


class FlagProblem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside brackets, so `padding=[[1,2],[0,1]]` stays whole."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _value(text: str, location: Location) -> Raw:
    """A value as YAML would read it (`true`, `3`, `[1, 2]`, `same`, `3x5`), with the same limits
    on nesting, aliases and number length as a spec file; text that is not YAML stays text."""
    if not text.strip():
        return RawScalar(None, location)
    try:
        parsed = parse_yaml(text, SOURCE, fixed=location)
    except YamlProblem as problem:
        if problem.diagnostic.code == YAML_SYNTAX.id:
            return RawScalar(text, location)  # not YAML: plain text, as a shell user means it
        raise FlagProblem(problem.diagnostic) from None
    return parsed if parsed is not None else RawScalar(None, location)


def layer_from_argument(text: str, position: int) -> Raw:
    """`kind` or `kind:field=value,...` as a layer mapping; `position` counts from 0, as the
    table's `#` and `--set layers.N` do."""
    location = Location(SOURCE, argument=position)
    kind, _, rest = text.partition(":")
    entries = [RawEntry(RawScalar("type", location), RawScalar(kind.strip(), location))]
    if rest.strip():
        for item in _split_top_level(rest):
            key, equals, value = item.partition("=")
            if not equals or not key.strip():
                raise FlagProblem(
                    WRONG_TYPE.diagnostic(
                        f"expected `field=value`, got {item.strip()!r}",
                        location,
                        hint="write layers as kind:field=value,field=value",
                    )
                )
            entries.append(RawEntry(RawScalar(key.strip(), location), _value(value, location)))
    return RawMap(tuple(entries), location)


def network_from_arguments(input_text: str, layers: tuple[str, ...], layout: str) -> Raw:
    """The same Raw tree a YAML spec with `input`, `layout` and `layers` would give."""
    top = Location(SOURCE)
    items: list[Raw] = []
    for position, text in enumerate(layers):
        items.append(layer_from_argument(text, position))
    input_location = Location("--input")
    return RawMap(
        (
            RawEntry(RawScalar("input", top), RawScalar(input_text, input_location)),
            RawEntry(RawScalar("layout", top), RawScalar(layout, top)),
            RawEntry(RawScalar("layers", top), RawSeq(tuple(items), top)),
        ),
        top,
    )
