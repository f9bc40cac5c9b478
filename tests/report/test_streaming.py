"""JSON is written as each file is checked, and reads as the one array `json.dumps` writes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import invoke

from convcalc.commands import check
from convcalc.core.settings import Settings
from convcalc.engine.results import NetworkReport
from convcalc.load.files import Loaded

SPEC = "input: [8, 8, 3]\nlayers:\n  - {type: conv, name: c, filters: 4, kernel: 3}\n"


def test_json_items_written_as_each_file_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (tmp_path / name).write_text(SPEC, encoding="utf-8")
    written_before: list[str] = []
    calculate = check.calculate_loaded

    def spy(loaded: Loaded, source: str, settings: Settings) -> NetworkReport:
        sys.stdout.flush()
        written_before.append(sys.stdout.buffer.getvalue().decode())  # type: ignore[attr-defined]
        return calculate(loaded, source, settings)

    monkeypatch.setattr(check, "calculate_loaded", spy)
    result = invoke("check", "--format", "json", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert written_before[0] == ""
    assert "a.yaml" in written_before[1] and "b.yaml" not in written_before[1]
    # The same bytes as the whole array written at once.
    assert (
        result.output == json.dumps(json.loads(result.output), indent=2, ensure_ascii=False) + "\n"
    )
    assert [entry["file"] for entry in json.loads(result.output)] == [
        str(tmp_path / name) for name in ("a.yaml", "b.yaml", "c.yaml")
    ]


def test_json_of_no_files_is_an_empty_array(tmp_path: Path) -> None:
    result = invoke("check", "--format", "json", str(tmp_path))
    assert result.stdout == "[]\n"


def test_sarif_keeps_only_diagnostics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from convcalc.report import sarif

    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(SPEC.replace("kernel: 3", "kernel: 9"), encoding="utf-8")
    given: list[NetworkReport] = []
    log = sarif.sarif_log

    def spy(reports: list[NetworkReport], failures: tuple[str, ...] = ()) -> dict[str, object]:
        given.extend(reports)
        return log(reports, failures)

    monkeypatch.setattr(sarif, "sarif_log", spy)
    result = invoke("check", "--format", "sarif", str(tmp_path))
    assert result.exit_code == 1, result.output
    assert [report.network for report in given] == [None, None]
    assert all(report.layers == () and report.diagnostics for report in given)
    assert len(json.loads(result.stdout)["runs"][0]["results"]) == 2
