"""One registry feeds every `--format`, and every JSON output is written in one layout."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from conftest import invoke

from convcalc.cli import main
from convcalc.report import REPORTERS, SOLVE_REPORTERS, SWEEP_REPORTERS, Reporter
from convcalc.report.solve_format import SolveReporter
from convcalc.report.sweep_format import SweepReporter

SPEC = (
    "name: größe\n"
    "input: [8, 8, 3]\n"
    "layers:\n"
    "  - {type: conv, name: c1, filters: 4, kernel: 3}\n"
    "  - {type: conv, name: c2, filters: 4, kernel: 9}\n"
)


@pytest.mark.parametrize(
    ("command", "registry"),
    [
        ("check", REPORTERS),
        ("calc", REPORTERS),
        ("sweep", SWEEP_REPORTERS),
        ("solve", SOLVE_REPORTERS),
    ],
)
def test_format_choices_are_the_registrys(command: str, registry: object) -> None:
    group = main
    assert isinstance(group, click.Group)
    found = group.get_command(click.Context(group), command)  # sweep and solve load when asked
    assert found is not None
    option = next(p for p in found.params if p.name == "output_format")
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == list(registry)  # type: ignore[call-overload]


def test_every_registered_format_loads_a_reporter_of_its_kind() -> None:
    assert all(issubclass(REPORTERS[name], Reporter) for name in REPORTERS)
    assert all(issubclass(SWEEP_REPORTERS[name], SweepReporter) for name in SWEEP_REPORTERS)
    assert all(issubclass(SOLVE_REPORTERS[name], SolveReporter) for name in SOLVE_REPORTERS)


def test_only_the_table_and_json_have_the_set_view() -> None:
    shown = {name for name in REPORTERS if REPORTERS[name].shows_diffs}
    assert shown == {"table", "json"}


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "json", "{spec}", "{spec}"],
        ["check", "--format", "json", "{spec}", "--set", "c1.kernel=1"],
        ["check", "--format", "sarif", "{spec}"],
        ["calc", "--input", "8x8x3", "conv:filters=4,kernel=3", "--format", "json"],
        ["sweep", "{spec}", "--vary", "c1.kernel=1:3", "--format", "json"],
        ["solve", "--input", "32", "--kernel", "3", "--format", "json"],
        ["solve", "--input", "32", "--kernel", "3", "--same", "--format", "json"],
    ],
)
def test_every_json_output_has_one_layout(tmp_path: Path, args: list[str]) -> None:
    """Two-space indents, non-ASCII text as itself (the spec's name), one final newline."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    result = invoke(*(arg.format(spec=spec) for arg in args))
    assert result.exit_code in (0, 1), result.output
    payload = json.loads(result.stdout)
    assert result.stdout == json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if args[:3] == ["check", "--format", "json"]:
        assert '"name": "größe"' in result.stdout


def test_the_schema_is_written_one_definition_a_line() -> None:
    """The schema alone is written in outline (it is 93 KB with an enum item a line): the top-level
    keys and each `$defs` entry on a line of their own, the values below them compact."""
    result = invoke("schema")
    payload = json.loads(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and result.stdout.endswith("}\n")
    for name, definition in payload["$defs"].items():
        (line,) = [line for line in lines if line.startswith(f'    "{name}": ')]
        value = line.removeprefix(f'    "{name}": ').removesuffix(",")
        assert json.loads(value) == definition
        assert value == json.dumps(definition, ensure_ascii=False, separators=(",", ":"))
