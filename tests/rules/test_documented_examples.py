"""Every rule's documented example (the `example` shown by `convcalc rules CODE` and in
docs/diagnostics.md) reports that rule when checked as a file, exactly as a user would run it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from convcalc.cli import main
from convcalc.rules.table import RULES

# An example that shows only layers (it starts with an indented `- `) is the `layers:` of a spec;
# docs/diagnostics.md promises it reports its rule under any ordinary input.
FRAGMENT_INPUTS = ("input: [32, 32, 3]", "input: [7, 7, 3]", "input: [33, 33, 3]")
COMMAND = re.compile(r"^# (convcalc check .*)$")
FINDING = re.compile(r"^\S+:\d+:\d+: (CC\d{3}) ", re.MULTILINE)


def runnable(example: str, fragment_input: str) -> tuple[str, list[str]]:
    """The example as a file's text, and the options its `# convcalc check ...` line names."""
    options: list[str] = []
    lines = example.splitlines()
    for line in lines:
        command = COMMAND.match(line)
        if command:
            options += shlex.split(command.group(1))[2:]
    body = [line for line in lines if not line.startswith("#")]
    if body and body[0].startswith("  -"):
        return f"{fragment_input}\nlayers:\n" + "\n".join(lines) + "\n", options
    return example + "\n", options


@pytest.mark.parametrize("fragment_input", FRAGMENT_INPUTS)
@pytest.mark.parametrize("code", sorted(RULES))
def test_documented_example_reports_its_rule(
    code: str, fragment_input: str, tmp_path: Path
) -> None:
    rule = RULES[code]
    assert rule.example.strip(), f"{code} has no documented example"
    text, options = runnable(rule.example, fragment_input)
    spec = tmp_path / "example.yaml"
    spec.write_text(text, encoding="utf-8")
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        main, ["check", "--isolated", "--format", "concise", *options, str(spec)]
    )
    assert "Traceback" not in result.output
    reported = FINDING.findall(result.output)
    assert code in reported, f"{code}'s example reports {reported}:\n{text}\n{result.output}"
