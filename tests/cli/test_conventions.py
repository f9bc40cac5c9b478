"""The conventions linters share (ruff, flake8, mypy): `--output-file`, `--exit-zero`, `--quiet`,
`--statistics`, FORCE_COLOR; each through the command line."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from conftest import invoke

BAD = "input: [7, 7, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 9}\n"  # kernel > input
GOOD = "input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n"
NON_SPEC = "name: not a spec\n"


# ---------------------------------------------------------------------------- --output-file


def test_output_file_holds_the_format_and_stdout_the_default(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    spec = write_spec(BAD)
    out = tmp_path / "out.sarif"
    result = invoke("check", "--isolated", "--format", "sarif", "--output-file", str(out), spec)
    assert result.exit_code == 1
    sarif = json.loads(out.read_text(encoding="utf-8"))
    codes = [result["ruleId"] for result in sarif["runs"][0]["results"]]
    assert codes
    # Standard output: concise lines (not a terminal), not SARIF.
    assert result.stdout.startswith(f"{spec}:3:")
    assert f" {codes[0]} error " in result.stdout
    assert "$schema" not in result.stdout


def test_sarif_to_file_and_annotations_to_stdout(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    spec = write_spec(BAD)
    out = tmp_path / "out.sarif"
    result = invoke(
        "check", "--isolated", "--format", "sarif", "--output-file", str(out),
        "--stdout-format", "github", spec,
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=")
    assert json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert result.stderr.count("1 error") == 1  # the summary once, not once per output


def test_output_file_replaces_an_old_report_and_leaves_no_temporary(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    spec = write_spec(GOOD)
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    result = invoke("calc", "--input", "8x8x3", "conv:filters=4,kernel=3", "--format", "json",
                    "--output-file", str(out))  # fmt: skip
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["layers"]
    assert sorted(os.listdir(tmp_path)) == sorted(["report.json", Path(spec).name])
    assert "─" in result.stdout or "conv" in result.stdout  # calc's default: the table


def test_output_file_that_is_an_input_is_refused(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    spec = write_spec(BAD)
    other = write_spec(NON_SPEC, "other.yaml")  # skipped as not a spec: read all the same
    named = invoke("check", "--isolated", "--format", "json", "--output-file", spec, spec)
    found = invoke("check", "--isolated", "--output-file", spec, str(tmp_path))
    skipped = invoke("check", "--isolated", "--output-file", other, str(tmp_path))
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / ".convcalc.yaml").write_text("strict: false\n", encoding="utf-8")
    configuration = str(settings / ".convcalc.yaml")
    config = invoke("check", "--config", configuration, "--output-file", configuration, "-",
                    stdin=GOOD)  # fmt: skip
    for result in (named, found, skipped, config):
        assert result.exit_code == 2
        assert "is an input of this run" in result.stderr
    assert Path(spec).read_text(encoding="utf-8") == BAD
    assert Path(other).read_text(encoding="utf-8") == NON_SPEC
    assert (settings / ".convcalc.yaml").read_text(encoding="utf-8") == "strict: false\n"
    assert sorted(os.listdir(tmp_path)) == ["net.yaml", "other.yaml", "settings"]
    assert os.listdir(settings) == [".convcalc.yaml"]


def test_unwritable_output_file_is_a_usage_error(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    result = invoke("check", "--output-file", str(tmp_path / "no" / "x.json"), write_spec(GOOD))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_stdout_format_needs_output_file(write_spec: Callable[..., str]) -> None:
    result = invoke("check", "--stdout-format", "github", write_spec(GOOD))
    assert result.exit_code == 2
    assert "--output-file" in result.stderr


def test_output_file_with_set_keeps_each_formats_view(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    """json shows old → new; concise on standard output shows the changed network."""
    spec = write_spec(GOOD)
    out = tmp_path / "diff.json"
    result = invoke("check", "--isolated", "--format", "json", "--output-file", str(out),
                    "--set", "input.size=4", spec)  # fmt: skip
    expected = invoke("check", "--isolated", "--format", "json", "--set", "input.size=4", spec)
    assert out.read_text(encoding="utf-8") == expected.stdout  # the old → new view
    alone = invoke("check", "--isolated", "--format", "concise", "--set", "input.size=4", spec)
    assert result.stdout == alone.stdout


# ---------------------------------------------------------------------------- --exit-zero


def test_exit_zero_passes_errors_but_not_usage_problems(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    spec = write_spec(BAD)
    plain = invoke("check", "--isolated", "--format", "concise", spec)
    zero = invoke("check", "--isolated", "--format", "concise", "--exit-zero", spec)
    assert (plain.exit_code, zero.exit_code) == (1, 0)
    assert zero.stdout == plain.stdout  # the same report
    warned = invoke("check", "--isolated", "--fail-on", "info", "--exit-zero", spec)
    assert warned.exit_code == 0
    missing = invoke("check", "--isolated", "--exit-zero", spec, str(tmp_path / "missing.yaml"))
    assert missing.exit_code == 2
    calc = invoke("calc", "--exit-zero", "--input", "4x4x3", "conv:filters=4,kernel=9")
    assert calc.exit_code == 0
    assert "error" in calc.stdout


# ---------------------------------------------------------------------------- --quiet


def test_quiet_prints_the_diagnostics_alone(write_spec: Callable[..., str], tmp_path: Path) -> None:
    spec = write_spec(BAD)
    write_spec(NON_SPEC, "other.yaml")
    loud = invoke("check", "--isolated", "--format", "concise", str(tmp_path))
    quiet = invoke("check", "--isolated", "--format", "concise", "--quiet", str(tmp_path))
    assert loud.stdout.splitlines()[:-1] == quiet.stdout.splitlines()
    assert quiet.stdout.splitlines()[0].startswith(f"{spec}:3:")
    assert "in 1 of 1 file" in loud.stdout.splitlines()[-1]
    assert quiet.exit_code == loud.exit_code == 1
    github = invoke("check", "--isolated", "--format", "github", "-q", spec)
    assert github.stdout.startswith("::error ")
    assert github.stderr == ""
    markdown = invoke("check", "--isolated", "--format", "markdown", "-q", spec)
    assert markdown.stdout.rstrip().splitlines()[-1].startswith("| ")
    table = invoke("check", "--isolated", "--format", "table", str(tmp_path))
    quiet_table = invoke("check", "--isolated", "--format", "table", "-q", str(tmp_path))
    assert "skipped" in table.stdout.splitlines()[-1]
    assert quiet_table.stdout.splitlines() == table.stdout.splitlines()[:-1]


def test_quiet_leaves_machine_formats_alone(write_spec: Callable[..., str]) -> None:
    spec = write_spec(BAD)
    for format_name in ("json", "sarif"):
        loud = invoke("check", "--isolated", "--format", format_name, spec)
        quiet = invoke("check", "--isolated", "--format", format_name, "--quiet", spec)
        assert quiet.stdout == loud.stdout


def test_quiet_still_reports_what_could_not_be_read(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    result = invoke("check", "--quiet", write_spec(GOOD), str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "missing.yaml" in result.stderr


# ---------------------------------------------------------------------------- --statistics

PARTIAL = "input: [7, 7, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 2, stride: 2}\n"


def test_statistics_count_each_code_most_frequent_first(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    write_spec(BAD, "a.yaml")
    write_spec(BAD, "b.yaml")
    write_spec(PARTIAL, "c.yaml")
    concise = invoke("check", "--isolated", "--format", "concise", "--fail-on", "info",
                     str(tmp_path))  # fmt: skip
    codes = [line.split(": ")[1].split()[0] for line in concise.stdout.splitlines()[:-1]]
    result = invoke("check", "--isolated", "--statistics", "--fail-on", "info", str(tmp_path))
    assert result.exit_code == concise.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == concise.stdout.splitlines()[-1]  # the same summary line
    counted = [line.split() for line in lines[:-1]]
    assert [(int(count), code) for count, code, _ in counted] == sorted(
        ((codes.count(code), code) for code in set(codes)), key=lambda item: (-item[0], item[1])
    )
    assert int(counted[0][0]) == 2
    quiet = invoke("check", "--isolated", "--statistics", "-q", str(tmp_path))
    assert quiet.stdout.splitlines() == lines[:-1]


def test_statistics_on_stdout_full_report_in_file(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    spec = write_spec(BAD)
    out = tmp_path / "report.json"
    result = invoke("check", "--isolated", "--statistics", "--format", "json",
                    "--output-file", str(out), spec)  # fmt: skip
    assert json.loads(out.read_text(encoding="utf-8"))[0]["diagnostics"]
    assert result.stdout.splitlines()[0].startswith("1  CC")
    clean = invoke("check", "--isolated", "--statistics", write_spec(GOOD, "good.yaml"))
    assert clean.stdout == "no problems in 1 file\n"


# ---------------------------------------------------------------------------- FORCE_COLOR

ESCAPE = "\x1b["


def test_force_color_colours_piped_output_as_no_color_plains_it(
    write_spec: Callable[..., str],
) -> None:
    spec = write_spec(BAD)

    def table(*options: str, **env: str | None) -> str:
        return invoke("check", "--format", "table", *options, spec, **env).stdout

    assert ESCAPE in table(FORCE_COLOR="1", NO_COLOR=None)
    assert ESCAPE not in table(FORCE_COLOR="", NO_COLOR=None)  # empty: not set
    assert ESCAPE not in table(FORCE_COLOR=None, NO_COLOR=None)  # piped: plain
    assert ESCAPE not in table(FORCE_COLOR="1", NO_COLOR="1")  # NO_COLOR wins
    assert ESCAPE not in table("--color", "never", FORCE_COLOR="1", NO_COLOR=None)  # --color wins
    assert ESCAPE in table("--color", "always", FORCE_COLOR=None, NO_COLOR="1")
    # A coloured table says the same once the escapes are taken out.
    coloured = table(FORCE_COLOR="1", NO_COLOR=None)
    plain = table(FORCE_COLOR=None, NO_COLOR=None)
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_force_color_leaves_machine_formats_and_files_plain(
    write_spec: Callable[..., str], tmp_path: Path
) -> None:
    spec = write_spec(BAD)
    out = tmp_path / "report.txt"
    result = invoke("check", "--format", "table", "--output-file", str(out),
                    "--stdout-format", "table", spec, FORCE_COLOR="1", NO_COLOR=None)  # fmt: skip
    assert ESCAPE in result.stdout
    assert ESCAPE not in out.read_text(encoding="utf-8")
    concise = invoke("check", "--format", "concise", spec, FORCE_COLOR="1", NO_COLOR=None)
    assert ESCAPE not in concise.stdout


# ---------------------------------------------------------------------------- concise hints


def test_concise_ends_each_line_with_its_hint(write_spec: Callable[..., str]) -> None:
    """One line per diagnostic still: editors' matchers read `path:line:col: …` lines."""
    spec = write_spec(BAD)
    concise = invoke("check", "--isolated", "--format", "concise", spec).stdout.splitlines()
    hints = [d["hint"] for d in json.loads(
        invoke("check", "--isolated", "--format", "json", spec).stdout
    )[0]["diagnostics"]]  # fmt: skip
    assert len(concise) == len(hints) + 1  # then the summary line
    for line, hint in zip(concise, hints, strict=False):
        assert line.startswith(f"{spec}:3:5: ")
        assert line.endswith(f"; hint: {hint}")


# ---------------------------------------------------------------------------- piped tables


def test_piped_tables_have_no_trailing_spaces(write_spec: Callable[..., str]) -> None:
    spec = write_spec(BAD)
    write_spec(GOOD, "good.yaml")
    runs = [
        ("check", "--format", "table", spec, str(Path(spec).parent)),
        ("calc", "--input", "32x32x3", "conv:filters=16,kernel=3", "relu", "dense:units=10"),
        ("sweep", spec, "--vary", "layers.0.kernel=1:3"),
        ("solve", "--input", "227", "--kernel", "11", "--output", "55"),
    ]
    for args in runs:
        for env in ({}, {"FORCE_COLOR": "1", "NO_COLOR": None}):
            out = invoke(*args, **env).stdout
            assert "─" in out, args  # a table was drawn
            assert not re.search(r" +(\x1b\[[0-9;]*m)*$", out, re.MULTILINE), (args, env)
    # The columns still line up: each header starts where its values do.
    table = invoke("calc", "--input", "32x32x3", "conv:filters=16,kernel=3").stdout.splitlines()
    header = next(line for line in table if "name" in line and "output" in line)
    row = next(line for line in table if " conv1 " in line)
    assert header.index("name") == row.index("conv1")


# ---------------------------------------------------------------------------- per-file-ignores

_RULE = re.compile(r": (CC\d{3}) ")


def _codes_by_file(output: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        code = _RULE.search(line)
        if code:
            found.setdefault(Path(line.split(":")[0]).parent.name, []).append(code.group(1))
    return found


def test_per_file_ignores_drop_codes_in_matching_files_only(tmp_path: Path) -> None:
    for folder in ("legacy", "current"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "net.yaml").write_text(PARTIAL, encoding="utf-8")
    everything = invoke("check", "--format", "concise", "--isolated", str(tmp_path))
    codes = _codes_by_file(everything.stdout)
    assert codes["legacy"] == codes["current"] != []
    dropped = codes["legacy"][0]
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.convcalc.per-file-ignores]\n"legacy/*.yaml" = ["{dropped}"]\n', encoding="utf-8"
    )
    configured = _codes_by_file(invoke("check", "--format", "concise", str(tmp_path)).stdout)
    assert dropped not in configured.get("legacy", [])
    assert configured["current"] == codes["current"]
    # On top of --ignore, which replaces the configuration's `ignore` but not these.
    other = invoke("check", "--format", "concise", "--ignore", "CC001", str(tmp_path)).stdout
    assert dropped not in _codes_by_file(other).get("legacy", [])
    # --isolated reads no configuration.
    isolated = invoke("check", "--format", "concise", "--isolated", str(tmp_path)).stdout
    assert _codes_by_file(isolated) == codes


def test_per_file_ignores_must_name_rules(tmp_path: Path) -> None:
    (tmp_path / "net.yaml").write_text(GOOD, encoding="utf-8")
    config = tmp_path / ".convcalc.yaml"
    for text, message in (
        ("per-file-ignores:\n  '*.yaml': [CC999]\n", "matches no rule"),
        ("per-file-ignores: [CC104]\n", "must map globs to lists of codes"),
        ("per-file-ignores:\n  '*.yaml': 3\n", "must be a list of text"),
    ):
        config.write_text(text, encoding="utf-8")
        result = invoke("check", str(tmp_path / "net.yaml"))
        assert result.exit_code == 2
        assert message in result.stderr
