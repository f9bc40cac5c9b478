"""bench/ scripts: each one's --help, and a smoke run with the fewest samples that still measures.

The figures themselves are not checked (nothing asserts a time or a size); what is checked is that
each script runs its cases, reports every case with its samples and ratios, and skips or reports
what it cannot measure with a message instead of a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

BENCH = Path(__file__).resolve().parents[1] / "bench"
SCRIPTS = [
    "startup",
    "lower_bound",
    "torchinfo_compare",
    "many_files",
    "scaling",
    "sweep",
]


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH / f"{script}.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def measured(script: str, *args: str) -> dict[str, Any]:
    """Run a script with one sample per case and --json; its payload."""
    result = run(script, "--runs", "1", "--warmup", "0", "--json", *args)
    assert result.returncode == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    for case in payload["cases"]:
        assert len(case["cpu_s"]) == len(case["wall_s"]) == len(case["maxrss_kib"]) == 1
        assert case["median_cpu_s"] > 0 and case["median_maxrss_kib"] > 0
    for comparison in payload["comparisons"]:
        assert comparison["cpu_ratio"] > 0 and comparison["rss_ratio"] > 0
    return payload


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script: str) -> None:
    result = run(script, "--help")
    assert result.returncode == 0, result.stderr
    assert "--runs" in result.stdout and "--json" in result.stdout


def test_bad_runs_is_a_usage_error() -> None:
    result = run("startup", "--runs", "0")
    assert result.returncode == 2
    assert "--runs must be at least 1" in result.stderr


def test_startup_table() -> None:
    result = run("startup", "--runs", "1", "--warmup", "0")
    assert result.returncode == 0, result.stderr
    for name in ("floor", "table floor", "old floor", "check json", "check table"):
        assert f"\n{name} " in result.stdout
    assert "check json / floor" in result.stdout
    assert "check table / table floor" in result.stdout


def test_lower_bound_counts_convcalcs_modules_and_reports_what_is_left() -> None:
    payload = measured("lower_bound")
    names = [case["name"] for case in payload["cases"]]
    assert names[0] == "json floor" and names[3] == "check json" and names[7] == "check table"
    # The stand-ins import as many modules as the checks did: a count, not a constant.
    modules = [int(name.split()[2]) for name in names if name.endswith(" modules")]
    assert len(modules) == 2 and all(count > 20 for count in modules)
    assert len(payload["comparisons"]) == 6
    assert len(payload["derived"]) == 2


def test_in_process_reports_each_stage_of_a_spec_and_of_a_directory() -> None:
    root = BENCH.parent
    assert "--runs" in run("in_process", "--help").stdout
    spec = run("in_process", str(root / "specs" / "lenet5.yaml"), "--runs", "1")
    assert spec.returncode == 0, spec.stderr
    for stage in ("import convcalc.cli.main", "load, first", "calculate, min of 1", "JSON report"):
        assert stage in spec.stdout
    folder = run("in_process", str(root / "specs"), "--runs", "1")
    assert folder.returncode == 0, folder.stderr
    assert "CPU ms per file" in folder.stdout and "CPU µs per layer" in folder.stdout
    missing = run("in_process", str(root / "no_such_spec.yaml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_torchinfo_skipped_without_torch(tmp_path: Path) -> None:
    result = run("torchinfo_compare")
    assert result.returncode == 0
    assert result.stdout.startswith("torchinfo comparison skipped: no --torch-python given")
    result = run("torchinfo_compare", "--torch-python", str(tmp_path / "python"))
    assert result.returncode == 0
    assert "no such file" in result.stdout


def test_many_files_without_yamllint(tmp_path: Path) -> None:
    payload = measured(
        "many_files",
        "--files",
        "3",
        "--yamllint",
        str(tmp_path / "yamllint"),
        "--keep",
        str(tmp_path),
    )
    assert [case["name"] for case in payload["cases"]] == [
        "check N",
        "check 2N",
        "libyaml N",
        "libyaml 2N",
    ]
    assert any("yamllint row skipped" in note for note in payload["notes"])
    # The generated specs are specs convcalc accepts: exit code 0, no errors.
    assert payload["cases"][0]["exit_codes"] == [0]
    assert len(list(tmp_path.glob("n6/*/*.yaml"))) == 6


def test_scaling() -> None:
    payload = measured("scaling", "--sizes", "30,300", "--table-size", "30")
    assert [case["name"] for case in payload["cases"]] == ["json 30", "json 300", "table 30"]
    assert "CPU × per tenfold, 30 → 300" in payload["derived"]


def test_scaling_reports_a_refused_size() -> None:
    # An option convcalc refuses (exit code 2) makes every size refused: reported, not a crash.
    payload = measured(
        "scaling", "--sizes", "6", "--table-size", "0", "--convcalc-option=--select=CC999"
    )
    assert payload["cases"] == []
    assert "exit code 2" in payload["derived"]["refused: 6 layers"]


def test_sweep() -> None:
    payload = measured("sweep", "--points", "12", "--formats", "csv")
    assert [case["name"] for case in payload["cases"]] == ["csv 10 points", "csv 12 points"]
    assert "csv: CPU ms per point" in payload["derived"]
