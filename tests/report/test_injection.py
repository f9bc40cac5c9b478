"""User text in every format is escaped: a layer name or file name can forge no line of output
(a GitHub workflow command in CI), no terminal escape, and no malformed XML or JSON.

The real consumers are the judges: GitHub's workflow-command syntax (parsed as the runner reads
stdout, line by line), an XML parser for JUnit, a JSON parser for SARIF and JSON.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import invoke

from report.test_formats import parse_commands

# A layer name that, printed raw, ends the line and starts a workflow command of its own; with
# a terminal escape, a NUL and a C0 control that XML 1.0 forbids even as a reference.
EVIL = "conv\n::error file=evil.py,line=1::injected\x1b[2J\x00\x01\x7f"
# kernel 5 on a 4×4 input: a CC101 error that names the layer.
SPEC = (
    "input: [4, 4, 3]\nlayers:\n"
    '  - {type: conv, filters: 8, kernel: 5, name: "'
    + EVIL.replace("\n", "\\n")
    .replace("\x1b", "\\e")
    .replace("\x00", "\\0")
    .replace("\x01", "\\x01")
    .replace("\x7f", "\\x7f")
    + '"}\n'
)


@pytest.fixture
def spec(tmp_path: Path) -> str:
    path = tmp_path / "evil.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return str(path)


def no_raw_controls(text: str) -> None:
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in text), text


@pytest.mark.parametrize("output_format", ["concise", "markdown", "github", "junit", "sarif"])
def test_no_format_prints_a_name_raw(spec: str, output_format: str) -> None:
    result = invoke("check", "--format", output_format, spec)
    assert result.exit_code == 1, result.output
    no_raw_controls(result.stdout)
    # Whatever the format, no line of its output is a workflow command but its own.
    if output_format != "github":
        assert not any(line.startswith("::") for line in result.stdout.splitlines())
    assert "\\n::error file=evil.py" in result.stdout.replace("%3A", ":").replace("%2C", ",")


def test_github_holds_one_command_per_diagnostic(spec: str) -> None:
    commands = parse_commands(invoke("check", "--format", "github", spec).stdout)
    assert [(command, parameters["title"]) for command, parameters, _ in commands] == [
        ("error", "CC101")
    ]
    ((_, _, message),) = commands
    assert message.startswith("conv\\n::error file=evil.py,line=1::injected\\x1b[2J\\x00")


def test_junit_is_well_formed_xml_with_the_name_escaped(spec: str) -> None:
    out = invoke("check", "--format", "junit", spec).stdout
    root = ET.fromstring(out.encode("utf-8"))
    (case,) = root.iter("testcase")
    assert "conv\\n::error" in case.get("name", "")
    (failure,) = case.iter("failure")
    assert failure.get("type") == "CC101 error"


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_json_formats_parse(spec: str, output_format: str) -> None:
    json.loads(invoke("check", "--format", output_format, spec).stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
@pytest.mark.parametrize("output_format", ["concise", "github", "junit", "sarif", "markdown"])
def test_a_non_utf8_file_name_is_written_escaped(tmp_path: Path, output_format: str) -> None:
    directory = os.fsencode(tmp_path)
    with open(os.path.join(directory, b"bad\xff.yaml"), "wb") as handle:
        handle.write(b"input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n")
    # A real process with a strict UTF-8 stdout: raw bytes or a surrogate would fail the write.
    answer = subprocess.run(
        [sys.executable, "-m", "convcalc", "check", "--format", output_format, str(tmp_path)],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"},
        timeout=60,
        check=False,
    )
    assert answer.returncode == 1, answer.stderr
    assert b"Traceback" not in answer.stderr
    assert b"\xff" not in answer.stdout
    out = answer.stdout.decode("utf-8")
    assert "bad\\xff.yaml" in out or "bad%FF.yaml" in out
    if output_format == "junit":
        ET.fromstring(answer.stdout)


# Markup, a terminal escape and a forged workflow command in one name; a second layer after it.
TABLE_SPEC = (
    "input: [8, 8, 3]\nlayers:\n"
    '  - {type: conv, filters: 4, kernel: 3, name: "a\\e[2J\\n::error file=evil.py,line=1::x'
    '[bold]x[/bold]"}\n'
    "  - {type: relu, name: r}\n"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colours, the only escapes allowed


@pytest.mark.parametrize("color", ["never", "always"])
def test_table_prints_names_escaped(tmp_path: Path, color: str) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(TABLE_SPEC, encoding="utf-8")
    result = invoke("check", "--format", "table", "--color", color, str(path))
    assert result.exit_code == 0, result.output
    output = SGR.sub("", result.output)
    no_raw_controls(output)
    assert "\\x1b[2J\\n::error file=evil.py,line=1::x[bold]x[/bold]" in output
    assert not any(line.startswith("::") for line in output.splitlines())  # no workflow command
    rows = [line.split()[0] for line in output.splitlines() if line.rstrip().endswith(" ok")]
    assert rows == ["0", "1"]  # one row per layer
