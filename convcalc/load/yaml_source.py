"""YAML text into a Raw tree in which every key and value keeps its line and column: built from
libyaml's parser events, or for an unusual document (anchors, errors, …) from `yaml.compose` nodes.

Safe by construction: only plain YAML types are built (no Python tags), aliases are followed
under a budget so "billion laughs" documents stop early, and nesting depth is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from convcalc.core import limits
from convcalc.core.diagnostics import Diagnostic
from convcalc.core.records import frozen
from convcalc.core.specs import Location
from convcalc.load.raw import Raw, RawEntry, RawMap, RawScalar, RawSeq
from convcalc.rules.table import NOT_A_SPEC, WRONG_TYPE, YAML_SYNTAX

MAX_DEPTH = 64  # a spec nests four or five levels
# libyaml's composer recurses in C and overflows the stack near 30,000 levels: refuse deep
# flow nesting (the only cheap way to write it) before handing the text over.
_MAX_BRACKETS = 500
_BRACKETS = re.compile(r"[\[\]{}]")

try:  # libyaml's parser when present: same nodes and marks, faster
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_NOT_PLAIN = object()
# The loader's implicit resolvers by first character (`None`: tried for any); a plain scalar whose
# first character has none is text.
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = (
    yaml.resolver.Resolver.yaml_implicit_resolvers
)
_ANY_FIRST = _IMPLICIT.get(None, [])
_RESOLVERS = {
    first: [*resolvers, *_ANY_FIRST] for first, resolvers in _IMPLICIT.items() if first is not None
}


def _plain_scalar(node: yaml.Node) -> object:
    """The value of the scalars specs are made of, as SafeConstructor builds them, without its
    per-node bookkeeping (a third of reading a spec); _NOT_PLAIN for any other, which the
    constructor builds: floats, octal `010`, `1_000`, sexagesimal `1:30`, timestamps, tags."""
    return _plain_value(node.tag, node.value)


def _plain_value(tag: str, text: str) -> object:
    if tag == _STR:
        return text
    if tag == _INT and text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1):
        return int(text)
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return SafeConstructor.bool_values.get(text.lower(), _NOT_PLAIN)
    return _NOT_PLAIN


class _Unusual(Exception):
    """Something the event reader leaves to the composing one (which says what is wrong, or
    reads it): anchors and aliases, a second document, a syntax error, a value past a limit."""


class _EventReader:
    """The Raw tree straight from libyaml's parser events, without composing PyYAML's node tree
    first: half the time of `yaml.compose` and no second tree held while converting (a composed
    node is 2.4 KiB per layer of a sequential spec). It reads the documents specs are; anything
    else raises _Unusual and `parse_yaml` reads the text as before, so every message is the
    composer's and the converter's."""

    def __init__(self, source: str, fixed: Location | None) -> None:
        self.source = source
        self.fixed = fixed
        self.limits = limits.current()
        self.converter = _Converter(source, fixed)
        # Each plain scalar's text read once: its value (texts repeat: `conv`, `16`, `type`),
        # one object for all its uses; quoted texts likewise.
        self.plain: dict[str, object] = {}
        self.quoted: dict[str, str] = {}
        self.mark_line = -1
        self.line: int | None = None

    def location(self, event: Any) -> Location:  # a libyaml event (typed as PyYAML's own)
        if self.fixed is not None:
            return self.fixed
        mark = event.start_mark
        if mark.line != self.mark_line:  # one int per line, not one per value on it
            self.mark_line = mark.line
            self.line = mark.line + 1
        return Location(self.source, self.line, mark.column + 1)

    def plain_value(self, text: str) -> object:
        tag = _resolve(text)
        if tag == _INT and len(text) > self.limits.digits:
            raise _Unusual
        value = _plain_value(tag, text)
        if value is _NOT_PLAIN:
            value = self.constructed(yaml.ScalarNode(tag, text))
        self.plain[text] = value
        return value

    def constructed(self, node: yaml.ScalarNode) -> object:
        try:
            return self.converter.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError):
            raise _Unusual from None

    def scalar(self, event: Any) -> object:
        text = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if event.implicit[0]:
                value = self.plain.get(text, _NOT_PLAIN)
                return self.plain_value(text) if value is _NOT_PLAIN else value
            return self.quoted.setdefault(text, text)
        if tag.endswith(":int") and len(text) > self.limits.digits:
            raise _Unusual
        value = _plain_value(tag, text)
        if value is _NOT_PLAIN:
            value = self.constructed(yaml.ScalarNode(tag, text))
        return value

    def read(self, text: str) -> Raw | None:
        loader = _Loader(text)
        try:
            return self.document(loader.get_event)
        except yaml.YAMLError:
            raise _Unusual from None
        finally:
            loader.dispose()

    def document(self, next_event: Callable[[], Any]) -> Raw | None:
        next_event()  # the stream's start
        if isinstance(next_event(), yaml.StreamEndEvent):  # else the document's start
            return None
        most = self.limits.yaml_nodes
        nodes = 0
        # The collections open around the next node: their items so far (a mapping's keys and
        # values alternate), their location, whether it is a mapping.
        open_: list[tuple[list[Raw], Location, bool]] = []
        items: list[Raw] = []  # the innermost open collection's, or the document's
        root = items
        while True:
            event = next_event()
            kind = event.__class__
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done, location, mapping = open_.pop()
                built: Raw = (
                    RawMap(
                        tuple(map(RawEntry, done[::2], done[1::2])),
                        location,
                    )
                    if mapping
                    else RawSeq(tuple(done), location)
                )
                items = open_[-1][0] if open_ else root
                items.append(built)
                continue
            if kind is yaml.DocumentEndEvent:
                break
            nodes += 1
            if nodes > most or len(open_) > MAX_DEPTH or event.anchor is not None:
                raise _Unusual
            if kind is yaml.ScalarEvent:
                items.append(RawScalar(self.scalar(event), self.location(event)))
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                items = []
                open_.append((items, self.location(event), kind is yaml.MappingStartEvent))
            else:  # an alias
                raise _Unusual
        if not isinstance(next_event(), yaml.StreamEndEvent):  # a second document
            raise _Unusual
        return root[0]


def _resolve(text: str) -> str:
    """The tag of a plain scalar, as the loader's resolver finds it."""
    for tag, pattern in _RESOLVERS.get(text[:1], _ANY_FIRST):
        if pattern.match(text):
            return str(tag)
    return _STR


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Converter:
    def __init__(self, source: str, fixed: Location | None = None) -> None:
        self.source = source
        self.fixed = fixed  # every value's location, for text from a command-line argument
        self.nodes = 0
        self.limits = limits.current()
        self.constructor = yaml.constructor.SafeConstructor()

    def location(self, node: yaml.Node) -> Location:
        if self.fixed is not None:
            return self.fixed
        mark = node.start_mark
        return Location(self.source, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node, depth: int) -> Raw:
        self.nodes += 1
        if self.nodes > self.limits.yaml_nodes:
            raise YamlProblem(
                NOT_A_SPEC.diagnostic(
                    f"more than {self.limits.yaml_nodes:,} YAML nodes after expanding aliases"
                    + limits.named("yaml_nodes"),
                    self.location(node),
                    hint="a spec this large is not a network description; check for alias "
                    "loops, or " + limits.how_to_raise("yaml_nodes"),
                )
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(
                NOT_A_SPEC.diagnostic(f"nested deeper than {MAX_DEPTH} levels", self.location(node))
            )
        location = self.location(node)
        if isinstance(node, yaml.MappingNode):
            return RawMap(
                tuple(
                    RawEntry(self.convert(key, depth + 1), self.convert(value, depth + 1))
                    for key, value in node.value
                ),
                location,
            )
        if isinstance(node, yaml.SequenceNode):
            return RawSeq(tuple(self.convert(item, depth + 1) for item in node.value), location)
        if node.tag.endswith(":int") and len(node.value) > self.limits.digits:
            raise YamlProblem(
                WRONG_TYPE.diagnostic(
                    f"a number with {len(node.value):,} digits; convcalc reads up to "
                    f"{self.limits.digits:,}" + limits.named("digits"),
                    location,
                    hint=limits.how_to_raise("digits"),
                )
            )
        value = _plain_scalar(node)
        if value is not _NOT_PLAIN:
            return RawScalar(value, location)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as error:
            raise YamlProblem(
                WRONG_TYPE.diagnostic(
                    f"cannot read this value ({error})".replace("\n", " "),
                    location,
                )
            ) from None
        return RawScalar(value, location)


def _syntax_problem(
    error: yaml.YAMLError, source: str, fixed: Location | None = None
) -> Diagnostic:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if fixed is not None:
        mark = None
    location = (
        Location(source, mark.line + 1, mark.column + 1) if mark else fixed or Location(source)
    )
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"{context}, {problem}" if context else str(problem)
    return YAML_SYNTAX.diagnostic(f"invalid YAML: {message}", location)


def _too_deep(text: str, source: str) -> Location | None:
    """Where flow brackets first nest too deep, if they do."""
    brackets = _BRACKETS.findall(text)
    depths = list(accumulate(1 if b in "[{" else -1 for b in brackets))
    if max(depths, default=0) <= _MAX_BRACKETS:
        return None
    match = next(
        m
        for m, depth in zip(_BRACKETS.finditer(text), depths, strict=True)
        if depth > _MAX_BRACKETS
    )
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return Location(source, line, column)


def parse_yaml(text: str, source: str, fixed: Location | None = None) -> Raw | None:
    """The document as a Raw tree; None for an empty document. Raises YamlProblem.

    With `fixed`, every value gets that location (text from a command-line argument).
    """
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            # Lone surrogates: bytes that were not UTF-8 in an argument (Python keeps them so);
            # libyaml cannot take them, and they are not YAML text.
            raise YamlProblem(
                YAML_SYNTAX.diagnostic(
                    f"not UTF-8 text (byte 0x{ord(text[error.start]) & 0xFF:02x})",
                    fixed or Location(source),
                )
            ) from None
    deep = _too_deep(text, source)
    if deep is not None:
        raise YamlProblem(
            NOT_A_SPEC.diagnostic(f"nested deeper than {MAX_DEPTH} levels", fixed or deep)
        )
    try:
        return _EventReader(source, fixed).read(text)
    except _Unusual:
        pass
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise YamlProblem(_syntax_problem(error, source, fixed)) from None
    except RecursionError:
        raise YamlProblem(
            NOT_A_SPEC.diagnostic(
                f"nested deeper than {MAX_DEPTH} levels", fixed or Location(source)
            )
        ) from None
    if node is None:
        return None
    return _Converter(source, fixed).convert(node, 0)


@frozen(slots=True)
class Parsed:
    """parse_yaml's outcome for one text from one source, kept when a file is read to judge it
    (lint.targets.judge) so that loading it (load.files.load_text) does not read it again."""

    text: str
    source: str
    root: Raw | None
    problem: YamlProblem | None  # what stopped the reading; then `root` is None


def parsed(text: str, source: str) -> Parsed:
    try:
        return Parsed(text, source, parse_yaml(text, source), None)
    except YamlProblem as problem:
        return Parsed(text, source, None, problem)
