"""YAML text into a Raw tree, from `yaml.compose` nodes so every key keeps its line and column.

Safe by construction: only plain YAML types are built (no Python tags), aliases are followed
under a budget so "billion laughs" documents stop early, and nesting depth is bounded.
"""

from __future__ import annotations

import yaml

from convcalc.diagnostics import Diagnostic
from convcalc.load.problems import load_diagnostic
from convcalc.load.raw import Raw, RawEntry, RawMap, RawScalar, RawSeq
from convcalc.rules import not_a_spec, wrong_type, yaml_syntax
from convcalc.specs import Location

MAX_NODES = 100_000  # after alias expansion; a real spec has a few thousand
MAX_DEPTH = 64  # a spec nests four or five levels

try:  # libyaml's parser when present: same nodes and marks, faster
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Converter:
    def __init__(self, source: str) -> None:
        self.source = source
        self.nodes = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def location(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.source, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node, depth: int) -> Raw:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlProblem(
                load_diagnostic(
                    not_a_spec.RULE,
                    f"more than {MAX_NODES:,} YAML nodes (after expanding aliases)",
                    self.location(node),
                    hint="a spec this large is not a network description; check for alias loops",
                )
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(
                load_diagnostic(
                    not_a_spec.RULE, f"nested deeper than {MAX_DEPTH} levels", self.location(node)
                )
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
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as error:
            raise YamlProblem(
                load_diagnostic(
                    wrong_type.RULE,
                    f"cannot read this value ({error})".replace("\n", " "),
                    location,
                )
            ) from None
        return RawScalar(value, location)


def _syntax_problem(error: yaml.YAMLError, source: str) -> Diagnostic:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    location = Location(source, mark.line + 1, mark.column + 1) if mark else Location(source)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"{context}, {problem}" if context else str(problem)
    return load_diagnostic(yaml_syntax.RULE, f"invalid YAML: {message}", location)


def parse_yaml(text: str, source: str) -> Raw | None:
    """The document as a Raw tree; None for an empty document. Raises YamlProblem."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise YamlProblem(_syntax_problem(error, source)) from None
    except RecursionError:
        raise YamlProblem(
            load_diagnostic(
                not_a_spec.RULE, f"nested deeper than {MAX_DEPTH} levels", Location(source)
            )
        ) from None
    if node is None:
        return None
    return _Converter(source).convert(node, 0)
