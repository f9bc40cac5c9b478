"""Output written as it is made: JSON as each file is checked (reading as the one array
`json.dumps` writes), a sweep's rows as each point is calculated, keeping no report."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Any

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


# --- sweep: rows as each point is calculated, no report kept ----------------------------------

SWEPT = (
    "input: [32, 32, 3]\nlayers:\n"
    "  - {type: conv, name: 卷积, filters: 8, kernel: 3}\n"
    "  - {type: conv, name: c2, filters: 8, kernel: 3, stride: 2}\n"
)


def _spy_on_points(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[int]]:
    """What standard output held, and how many earlier reports were still alive, as each sweep
    point was about to be calculated."""
    import weakref

    from convcalc.commands import sweep

    written_before: list[str] = []
    alive_before: list[int] = []
    reports: list[weakref.ref[NetworkReport]] = []
    recalculate = sweep.recalculate_network

    def spy(*args: Any) -> Any:
        sys.stdout.flush()
        written_before.append(sys.stdout.buffer.getvalue().decode())  # type: ignore[attr-defined]
        gc.collect()
        alive_before.append(sum(1 for report in reports if report() is not None))
        calculation = recalculate(*args)
        reports.append(weakref.ref(calculation.report))
        return calculation

    monkeypatch.setattr(sweep, "recalculate_network", spy)
    return written_before, alive_before


@pytest.mark.parametrize("output_format", ["csv", "json", "table"])
def test_sweep_keeps_only_the_last_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(SWEPT, encoding="utf-8")
    written_before, alive_before = _spy_on_points(monkeypatch)
    # The objects alive before the run are moved out of the collector's sight: each point's
    # gc.collect() then scans only what the sweep made (about 0.4 s a collection otherwise).
    gc.freeze()
    try:
        result = invoke("sweep", str(path), "--vary", "c2.stride=1:6", "--format", output_format)
    finally:
        gc.unfreeze()
    assert result.exit_code == 0, result.output
    # The point before (the one the next is calculated from) at most: no report piles up.
    assert alive_before == [0, 1, 1, 1, 1, 1]
    if output_format == "csv":  # the header, then one row per point already calculated
        assert [text.count("\n") for text in written_before] == [1, 2, 3, 4, 5, 6]
    if output_format == "json":
        assert written_before[1].count('"values"') == 1
        assert (
            result.stdout
            == json.dumps(json.loads(result.stdout), indent=2, ensure_ascii=False) + "\n"
        )


@pytest.mark.parametrize(
    "args",
    [
        ["--vary", "c2.stride=1:6"],  # partial totals where c2's kernel fits no more
        ["--vary", "卷积.kernel=28:34", "--vary", "c2.stride=1,2"],  # wide characters, errors
        ["--vary", "input.size=5,32,300"],
    ],
)
def test_the_plain_sweep_table_is_the_table_rich_draws(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from convcalc.report import sweep_format

    path = tmp_path / "net.yaml"
    path.write_text(SWEPT, encoding="utf-8")
    written = invoke("sweep", str(path), *args, "--format", "table")
    monkeypatch.setattr(sweep_format.SweepTable, "_write_plain", lambda self: False)
    drawn = invoke("sweep", str(path), *args, "--format", "table")
    assert written.exit_code == drawn.exit_code == 0
    assert written.stdout == drawn.stdout
    assert "combinations" in written.stdout and "─" in written.stdout
