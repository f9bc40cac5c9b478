"""YAML text into a Raw tree, from `yaml.compose` nodes so every key keeps its line and column.

Safe by construction: only plain YAML types are built (no Python tags), aliases are followed
under a budget so "billion laughs" documents stop early, and nesting depth is bounded.
"""

from __future__ import annotations

import re
from itertools import accumulate

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


def _plain_scalar(node: yaml.Node) -> object:
    """The value of the scalars specs are made of, as SafeConstructor builds them, without its
    per-node bookkeeping (a third of reading a spec); _NOT_PLAIN for any other, which the
    constructor builds: floats, octal `010`, `1_000`, sexagesimal `1:30`, timestamps, tags."""
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    if tag == _INT and text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1):
        return int(text)
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return SafeConstructor.bool_values.get(text.lower(), _NOT_PLAIN)
    return _NOT_PLAIN


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
