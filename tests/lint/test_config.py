"""Configuration: `[tool.convcalc]` in pyproject.toml or `.convcalc.yaml`, nearest first, flags win.

Each test writes its own configuration under tmp_path and works there (the current directory is
tmp_path), so no file above it can take part.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from conftest import invoke

# (224 − 11)/4 + 1 = 54.25: a CC103 warning
WARNING = "input: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
# (224 − 7 + 6)/2 + 1 = 112.5, only padding dropped: a CC104 info; --strict makes it an error
INFO = (
    "input: [224, 224, 3]\nlayers:\n"
    "  - {type: conv, filters: 64, kernel: 7, stride: 2, padding: 3}\n"
)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: str, text: str) -> str:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
    return path


def codes(result: Result) -> list[str]:
    """The codes in concise output (`path:line:col: CODE severity …`)."""
    return [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()[:-1]]


def test_pyproject_table_applies() -> None:
    write("pyproject.toml", '[project]\nname = "x"\n\n[tool.convcalc]\nignore = ["CC103"]\n')
    write("specs/a.yaml", WARNING)
    assert codes(invoke("check", "--format", "concise", "specs")) == []


def test_dot_convcalc_yaml_applies() -> None:
    write(".convcalc.yaml", "ignore: [unread-input]\n")
    write("specs/a.yaml", WARNING)
    assert codes(invoke("check", "--format", "concise", "specs")) == []


def test_nearest_configuration_wins() -> None:
    write("pyproject.toml", "[tool.convcalc]\nignore = ['CC103']\n")
    write("specs/a.yaml", WARNING)
    write("specs/strict/.convcalc.yaml", "ignore: []\n")
    write("specs/strict/b.yaml", WARNING)
    result = invoke("check", "--format", "concise", "specs")
    assert result.stdout.count(" CC103 ") == 1
    assert "specs/strict/b.yaml:3:5: CC103 " in result.stdout


def test_yaml_wins_over_pyproject_in_the_same_directory() -> None:
    write("pyproject.toml", "[tool.convcalc]\nignore = ['CC103']\n")
    write(".convcalc.yaml", "select: [CC103]\n")
    write("a.yaml", WARNING)
    assert codes(invoke("check", "--format", "concise", "a.yaml")) == ["CC103"]


def test_a_pyproject_without_the_table_is_passed_over() -> None:
    write(".convcalc.yaml", "ignore: [CC103]\n")
    write("sub/pyproject.toml", '[project]\nname = "convcalc-user"\n')
    write("sub/a.yaml", WARNING)
    assert codes(invoke("check", "--format", "concise", "sub/a.yaml")) == []


# Every way TOML 1.0 writes the key path tool.convcalc (toml.io: dotted and quoted keys, tables,
# inline tables, escapes), each ignoring CC103. A pyproject.toml that merely names convcalc is
# passed over without being parsed; none of these may be.
@pytest.mark.parametrize(
    "table",
    [
        "[tool.convcalc]\nignore = ['CC103']",
        '[ "tool" . \'convcalc\' ]\nignore = ["CC103"]',
        "[tool]\nconvcalc = {ignore = ['CC103']}",
        "[\ttool ] # tools\nconvcalc.ignore = ['CC103']",
        "tool.convcalc.ignore = ['CC103']",
        "tool = {convcalc = {ignore = ['CC103']}}",
        "'tool' = {'convcalc' = {ignore = ['CC103']}}",
        '[tool."\\u0063onvcalc"]\nignore = ["CC103"]',
        '["\\U00000074ool".convcalc]\nignore = ["CC103"]',
        '[project]\nname = "convcalc-user"\nscripts = {convcalc = "x"}\n\n[tool . convcalc]\n'
        'ignore = ["CC103"]',
    ],
)
def test_every_spelling_of_the_table_is_read(table: str) -> None:
    write("pyproject.toml", table + "\n")
    write("a.yaml", WARNING)
    assert codes(invoke("check", "--format", "concise", "a.yaml")) == []


def test_a_pyproject_that_names_convcalc_elsewhere_is_passed_over() -> None:
    write(".convcalc.yaml", "ignore: [CC103]\n")
    pyproject = '[project]\nname = "convcalc"\n[project.scripts]\nconvcalc = "convcalc.cli:main"\n'
    comment = "  # [tool.convcalc] is read from here\n"
    write("sub/pyproject.toml", pyproject + comment + "\n[tool.ruff]\nsrc = ['convcalc']\n")
    write("sub/a.yaml", WARNING)
    assert codes(invoke("check", "--format", "concise", "sub/a.yaml")) == []


def test_command_line_select_and_ignore_replace_the_files() -> None:
    write(".convcalc.yaml", "ignore: [CC103]\n")
    write("a.yaml", WARNING)
    assert codes(invoke("check", "--format", "concise", "--ignore", "CC104", "a.yaml")) == ["CC103"]


def test_strict_from_the_file_and_no_strict_on_the_command_line() -> None:
    write(".convcalc.yaml", "strict: true\n")
    write("a.yaml", INFO)
    assert invoke("check", "a.yaml").exit_code == 1  # CC104 made an error
    assert invoke("check", "--no-strict", "a.yaml").exit_code == 0


def test_fail_on_from_the_current_directory() -> None:
    write("pyproject.toml", "[tool.convcalc]\nfail_on = 'warning'\n")
    write("a.yaml", WARNING)
    assert invoke("check", "a.yaml").exit_code == 1
    assert invoke("check", "--fail-on", "error", "a.yaml").exit_code == 0


def test_format_from_the_configuration() -> None:
    write(".convcalc.yaml", "format: github\n")
    write("a.yaml", WARNING)
    assert invoke("check", "a.yaml").stdout.startswith("::warning file=a.yaml,line=3,col=5,")
    assert invoke("check", "--format", "concise", "a.yaml").stdout.startswith("a.yaml:3:5: ")


def test_exclude_from_the_configuration() -> None:
    write("pyproject.toml", "[tool.convcalc]\nexclude = ['legacy']\n")
    write("specs/legacy/a.yaml", WARNING)
    write("specs/b.yaml", WARNING)
    result = invoke("check", "--format", "concise", "specs")
    assert "legacy" not in result.stdout
    assert result.stdout.splitlines()[-1].endswith(" in 1 file")  # b.yaml only


def test_explicit_config_and_isolated() -> None:
    write(".convcalc.yaml", "ignore: [CC103]\n")
    write("other.toml", "[tool.convcalc]\nselect = ['CC104']\n")
    write("a.yaml", WARNING)
    assert codes(invoke("check", "--format", "concise", "--isolated", "a.yaml")) == ["CC103"]
    assert codes(invoke("check", "--format", "concise", "--config", "other.toml", "a.yaml")) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "pyproject.toml",
            "[tool.convcalc]\nselekt = ['CC1']\n",
            "`selekt`; did you mean `select`?",
        ),
        ("pyproject.toml", "[tool.convcalc]\nfail-on = 'fatal'\n", "`fail-on` must be one of"),
        ("pyproject.toml", "[tool.convcalc]\nstrict = 'yes'\n", "`strict` must be true or false"),
        ("pyproject.toml", "[tool.convcalc]\nselect = [1]\n", "`select` must be a list of text"),
        ("pyproject.toml", "[tool.convcalc]\nignore = ['CC999']\n", "`CC999` matches no rule"),
        ("pyproject.toml", "[tool.convcalc\nselect = 1\n", "not valid TOML"),
        ("pyproject.toml", "[tool]\nconvcalc = 3\n", "must be a mapping"),
        (".convcalc.yaml", "- select\n", "must be a mapping"),
        (".convcalc.yaml", "format: xml\n", "`format` must be one of"),
        (".convcalc.yaml", "select: [CC1\n", "invalid YAML"),
        (".convcalc.yaml", "fail_on: info\nfail-on: error\n", "given twice"),
    ],
)
def test_a_bad_configuration_is_a_usage_error_naming_file_and_key(
    name: str, text: str, expected: str
) -> None:
    write(name, text)
    write("a.yaml", WARNING)
    result = invoke("check", "a.yaml")
    assert result.exit_code == 2
    assert name in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_unknown_selector_on_the_command_line_is_a_usage_error() -> None:
    write("a.yaml", WARNING)
    result = invoke("check", "--select", "CC9", "a.yaml")
    assert result.exit_code == 2
    assert "`CC9` matches no rule" in result.stderr


def test_missing_explicit_config_is_a_usage_error() -> None:
    write("a.yaml", WARNING)
    result = invoke("check", "--config", "nope.toml", "a.yaml")
    assert result.exit_code == 2
    assert "nope.toml" in result.stderr


def test_calc_reads_the_current_directory_configuration() -> None:
    write(".convcalc.yaml", "fail-on: warning\n")
    # (10 − 3)/2 + 1 = 4.5: the last position is never read, a warning
    result = invoke("calc", "--input", "10x1", "conv1d:filters=1,kernel=3,stride=2")
    assert result.exit_code == 1


# --- hostile configurations: one line on stderr, exit 2, never a traceback ----------------------


def refused(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    return line


def test_a_key_given_twice_in_yaml_is_refused_with_its_place() -> None:
    write(".convcalc.yaml", "select: [CC1]\nstrict: true\nselect: [CC2]\n")
    write("a.yaml", WARNING)
    line = refused(invoke("check", "a.yaml"))
    assert ".convcalc.yaml:3:1: `select` is given twice" in line


def test_a_key_that_is_not_text_is_named_as_the_user_wrote_it() -> None:
    write(".convcalc.yaml", "[select, ignore]: [CC1]\n")
    write("a.yaml", WARNING)
    line = refused(invoke("check", "a.yaml"))
    assert "a key must be text, got a list" in line
    assert "Raw" not in line


def test_deeply_nested_toml_is_refused_in_one_line() -> None:
    write("pyproject.toml", "[tool.convcalc]\nselect = " + "[" * 5000 + "]" * 5000 + "\n")
    write("a.yaml", WARNING)
    line = refused(invoke("check", "a.yaml"))
    assert "pyproject.toml: not valid TOML (nested too deeply)" in line


@pytest.mark.parametrize(
    "table",
    [
        "[tool.convcalc",  # not TOML
        "[tool]\nconvcalc = 3",  # not a table
        "[tool.convcalc]\nselect = 3",
        "[tool.convcalc]\nstrict = 'yes'",
        "[tool.convcalc]\nformat = ['json']",
        "[tool.convcalc]\nmax-ignore-patterns = -1",
        "[tool.convcalc]\nexclude = [1, 2]",
        "[tool.convcalc]\nselect = ['" + "x" * 100_000 + "']",
    ],
)
def test_a_broken_tool_convcalc_table_is_one_line(table: str) -> None:
    write("pyproject.toml", table + "\n# convcalc\n")
    write("a.yaml", WARNING)
    line = refused(invoke("check", "a.yaml"))
    assert "pyproject.toml" in line
    assert len(line) < 600  # a 100 KB value is not echoed whole


@pytest.mark.parametrize(
    "text",
    [
        "select: 3",
        "strict: 'yes'",
        "strict: [true]",
        "fail-on: [error]",
        "layout: {a: 1}",
        "exclude: {a: 1}",
        "format: 7",
        "max-ignore-patterns: true",
        "max-ignore-patterns: 1.5",
        "- select",
        "select: [CC1, [CC2]]",
        '"\\e[2J": 1',
    ],
)
def test_wrong_types_in_convcalc_yaml_are_one_line(text: str) -> None:
    write(".convcalc.yaml", text + "\n")
    write("a.yaml", WARNING)
    line = refused(invoke("check", "a.yaml"))
    assert ".convcalc.yaml" in line
    assert "\x1b" not in line


# --- extend: a shared configuration, as ruff's `extend = "../shared.toml"` -------------------


def test_extend_reads_the_shared_file_relative_to_the_configuration() -> None:
    write("shared/convcalc.toml", "[tool.convcalc]\nignore = ['CC103']\nstrict = true\n")
    write("team/models/.convcalc.yaml", "extend: ../../shared/convcalc.toml\n")
    write("team/models/a.yaml", WARNING)
    write("team/models/b.yaml", INFO)
    # From another directory: the path is the configuration's, not the current directory's.
    result = invoke("check", "--format", "concise", "team/models")
    assert codes(result) == ["CC104"]  # CC103 ignored, CC104 an error by the shared strict
    assert " CC104 error " in result.stdout
    assert result.exit_code == 1


def test_the_extending_files_own_keys_win_and_limits_merge_one_by_one() -> None:
    write("base.yaml", "ignore: [CC103]\nstrict: true\nmax-layers: 1\nmax-repeat: 1\n")
    write(
        "pyproject.toml",
        "[tool.convcalc]\nextend = 'base.yaml'\nignore = []\nmax-layers = 5\n",
    )
    write("a.yaml", WARNING)
    write("b.yaml", INFO)
    result = invoke("check", "--format", "concise", "a.yaml", "b.yaml")
    # Its own `ignore` (empty) replaces the shared one; `strict` comes from the shared file.
    assert codes(result) == ["CC103", "CC104"]
    assert " CC104 error " in result.stdout
    # Its max-layers (5) over the shared 1: two layers are checked; the shared max-repeat (1)
    # still holds: a block repeated twice is refused.
    write("c.yaml", "input: [8, 8, 3]\nlayers: [relu, relu]\n")
    assert invoke("check", "c.yaml").exit_code == 0
    blocks = "blocks:\n  b: {layers: [relu]}\n"
    write("d.yaml", f"input: [8, 8, 3]\n{blocks}layers:\n  - {{type: b, repeat: 2}}\n")
    refused = invoke("check", "--format", "concise", "d.yaml")
    assert refused.exit_code != 0 and "repeat" in refused.output, refused.output
    write("e.yaml", f"input: [8, 8, 3]\n{blocks}layers:\n  - {{type: b, repeat: 1}}\n")
    assert invoke("check", "e.yaml").exit_code == 0


def test_a_shared_file_may_extend_another(monkeypatch: pytest.MonkeyPatch) -> None:
    write("org.yaml", "ignore: [CC104]\n")
    write("team/team.yaml", "extend: ../org.yaml\nfail-on: warning\n")
    write("team/models/.convcalc.yaml", "extend: ../team.yaml\n")
    write("team/models/a.yaml", WARNING)
    write("team/models/b.yaml", INFO)
    # The org's ignore reaches the models, and the team's fail-on (which applies from the
    # current directory's configuration): a warning fails the run.
    monkeypatch.chdir("team/models")
    assert codes(invoke("check", "--format", "concise", "b.yaml")) == []
    result = invoke("check", "--format", "concise", "a.yaml")
    assert codes(result) == ["CC103"]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({".convcalc.yaml": "extend: shared.toml\n"}, "`extend`: cannot read the configuration"),
        ({".convcalc.yaml": "extend: .convcalc.yaml\n"}, "`extend` makes a cycle"),
        (
            {".convcalc.yaml": "extend: b.yaml\n", "b.yaml": "extend: ./.convcalc.yaml\n"},
            "b.yaml: `extend` makes a cycle",
        ),
        ({".convcalc.yaml": "extend: [a, b]\n"}, "`extend` must be the path of a configuration"),
        (
            {".convcalc.yaml": "extend: p.toml\n", "p.toml": "[project]\nname = 'convcalc'\n"},
            "p.toml has no [tool.convcalc] table",
        ),
        ({".convcalc.yaml": "extend: b.yaml\n", "b.yaml": "colour: red\n"}, "unknown key"),
    ],
    ids=["missing", "itself", "cycle", "not a path", "no table", "bad shared key"],
)
def test_a_shared_file_that_cannot_be_used_is_a_usage_error(
    files: dict[str, str], expected: str
) -> None:
    for name, text in files.items():
        write(name, text)
    write("a.yaml", WARNING)
    result = invoke("check", "a.yaml")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert expected in line, line
    assert "Traceback" not in result.output
