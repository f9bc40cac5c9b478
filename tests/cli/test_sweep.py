"""`convcalc sweep`: value lists and ranges, the grid, its formats, limits and the progress bar.

Expected numbers come from (W − F + 2P)/S + 1 worked by hand in the comments.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

from convcalc.commands.sweep import SweepError, expand_values
from convcalc.core import limits
from convcalc.report import sweep_format

# conv 96@11×11/s then maxpool 3/2, on 227 or 224.
CONV_POOL = """\
input: [227, 227, 3]
layers:
  - {type: conv, name: conv1, filters: 96, kernel: 11, stride: 4}
  - {type: maxpool, name: pool1, kernel: 3, stride: 2}
"""


@pytest.fixture
def spec(tmp_path: Path) -> str:
    path = tmp_path / "net.yaml"
    path.write_text(CONV_POOL, encoding="utf-8")
    return str(path)


def sweep_json(*args: str) -> dict[str, Any]:
    result = invoke("sweep", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert isinstance(payload, dict)
    return payload


# --- values and ranges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1,2,3", ["1", "2", "3"]),
        ("2:5", ["2", "3", "4", "5"]),
        ("1:10:+3", ["1", "4", "7", "10"]),
        ("1:10:3", ["1", "4", "7", "10"]),
        ("32:256:x2", ["32", "64", "128", "256"]),
        ("3:30:x3", ["3", "9", "27"]),
        ("1,4:6", ["1", "4", "5", "6"]),
        ("3x3,5x5", ["3x3", "5x5"]),
        ("[[1,2],[0,1]],same", ["[[1,2],[0,1]]", "same"]),
    ],
)
def test_values_and_ranges(text: str, values: list[str]) -> None:
    assert expand_values(text) == values


@pytest.mark.parametrize("text", ["5:1", "0:8:x2", "1:8:x1", "1:8:+0", "1,,2"])
def test_bad_ranges_are_refused(text: str) -> None:
    with pytest.raises(SweepError):
        expand_values(text)


def test_a_huge_range_is_not_materialised() -> None:
    values = expand_values(f"1:{10**30}")
    assert len(values) == limits.DEFAULT.combinations + 1  # enough to be refused, no more


# --- the command -----------------------------------------------------------------------------


def test_stride_sweep_json(spec: str) -> None:
    # stride 2: conv (227 − 11)/2 + 1 = 109, pool (109 − 3)/2 + 1 = 54
    # stride 3: conv (227 − 11)/3 + 1 = 73,  pool (73 − 3)/2 + 1 = 36
    # stride 4: conv (227 − 11)/4 + 1 = 55,  pool (55 − 3)/2 + 1 = 27
    payload = sweep_json(spec, "--vary", "conv1.stride=2:4")
    assert payload["vary"] == ["conv1.stride"]
    rows = payload["rows"]
    assert [row["values"] for row in rows] == [{"conv1.stride": s} for s in (2, 3, 4)]
    assert [row["output"] for row in rows] == [[54, 54, 96], [36, 36, 96], [27, 27, 96]]
    # Parameters do not depend on the stride: 96·3·11·11 + 96 = 34,944.
    assert {row["params"] for row in rows} == {34_944}
    # MACs: conv output² · 34,848 weights.
    assert [row["macs"] for row in rows] == [n * n * 34_848 for n in (109, 73, 55)]
    # Receptive field: conv 11 with jump s, then pool 3/2: 11 + 2·s, jump 2·s.
    assert [row["receptive_field"]["size"] for row in rows] == [[15, 15], [17, 17], [19, 19]]
    assert [row["receptive_field"]["jump"] for row in rows] == [[4, 4], [6, 6], [8, 8]]
    assert all(row["worst"] is None for row in rows)


def test_grid_order_and_worst_diagnostic(spec: str) -> None:
    # input 224, stride 4: (224 − 11)/4 + 1 = 54.25: the last column unread (CC103 on conv1).
    # input 227, stride 4: whole (55, then 27).
    payload = sweep_json(spec, "--vary", "input.size=224,227", "--vary", "conv1.stride=4")
    first, second = payload["rows"]
    assert first["values"] == {"input.size": [224], "conv1.stride": 4}
    assert first["worst"]["code"] == "CC103" and first["worst"]["layer"] == "conv1"
    assert first["warnings"] >= 1
    assert second["worst"] is None and second["output"] == [27, 27, 96]


def test_set_applies_to_every_combination(spec: str) -> None:
    # filters 32: weights 32·3·121 = 11,616, + 32 biases = 11,648.
    payload = sweep_json(spec, "--set", "conv1.filters=32", "--vary", "conv1.stride=4")
    assert payload["rows"][0]["params"] == 11_648


def test_an_error_row_has_no_totals(spec: str) -> None:
    # kernel 300 on 227: not one window fits (CC101).
    payload = sweep_json(spec, "--vary", "conv1.kernel=11,300")
    ok, broken = payload["rows"]
    assert ok["params"] == 34_944
    assert broken["output"] is None and broken["params"] is None and broken["macs"] is None
    assert broken["worst"]["code"] == "CC101" and broken["worst"]["severity"] == "error"
    assert broken["errors"] == 1


def test_csv_for_plotting(spec: str) -> None:
    result = invoke("sweep", spec, "--vary", "conv1.filters=32:128:x2", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["conv1.filters"] for row in rows] == ["32", "64", "128"]
    # params = f·3·121 + f = 364·f
    assert [int(row["params"]) for row in rows] == [364 * f for f in (32, 64, 128)]
    assert [row["output"] for row in rows] == ["27x27x32", "27x27x64", "27x27x128"]
    assert {row["worst_code"] for row in rows} == {""}


def test_table(spec: str) -> None:
    result = invoke("sweep", spec, "--vary", "conv1.stride=3,4", "--format", "table")
    assert result.exit_code == 0, result.output
    assert "2 combinations" in result.stdout
    assert "36×36×96" in result.stdout and "27×27×96" in result.stdout
    assert "conv1.stride" in result.stdout


def test_too_many_combinations_is_a_usage_error(spec: str) -> None:
    result = invoke("sweep", spec, "--vary", "conv1.stride=1:101", "--vary", "conv1.filters=1:100")
    assert result.exit_code == 2
    assert "101 × 100 = 10,100 combinations" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("vary", "message"),
    [
        ("cnv1.stride=1,2", "did you mean `conv1`"),
        ("conv1.strde=1,2", "did you mean `stride`"),
        ("conv1.stride=5:1", "ends"),
        ("conv1.stride", "PATH=VALUES"),
        ("conv1.stride=a,b", "`stride` must be"),
    ],
)
def test_unusable_vary_is_a_usage_error(spec: str, vary: str, message: str) -> None:
    result = invoke("sweep", spec, "--vary", vary)
    assert result.exit_code == 2
    assert message in result.stderr


def test_same_path_twice_is_refused(spec: str) -> None:
    result = invoke("sweep", spec, "--vary", "conv1.stride=1", "--vary", "conv1.stride=2")
    assert result.exit_code == 2 and "twice" in result.stderr


def test_missing_file_exits_2_and_broken_spec_exits_1(tmp_path: Path) -> None:
    assert invoke("sweep", str(tmp_path / "none.yaml"), "--vary", "x.y=1").exit_code == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("input: [8, 8, 1]\nlayers:\n  - {type: nope}\n", encoding="utf-8")
    result = invoke("sweep", str(broken), "--vary", "x.y=1")
    assert result.exit_code == 1
    assert "CC" in result.stderr


def test_suppressed_diagnostics_stay_suppressed(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(
        CONV_POOL.replace("227, 227", "224, 224").replace(
            "stride: 4}", "stride: 4}  # convcalc: ignore[CC103]"
        ),
        encoding="utf-8",
    )
    # Stride 4: conv1 (224 − 11)/4 + 1 = 54.25 leaves a column unread (suppressed); pool1
    # (54 − 3)/2 + 1 = 26.5 does too (not suppressed).
    # Stride 3: conv1 (224 − 11)/3 + 1 = 72, whole, so the suppression is unused there (not
    # reported by a sweep); pool1 (72 − 3)/2 + 1 = 35.5 leaves one unread.
    payload = sweep_json(str(path), "--vary", "conv1.stride=3,4")
    for row in payload["rows"]:
        assert (row["worst"]["code"], row["worst"]["layer"]) == ("CC103", "pool1")
        assert (row["errors"], row["warnings"], row["info"]) == (0, 1, 0)


# --- progress --------------------------------------------------------------------------------


def test_progress_bar_waits_for_a_slow_sweep(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    monkeypatch.setattr(sweep_format.time, "monotonic", lambda: clock[0])
    started: list[int] = []
    monkeypatch.setattr(sweep_format.Progress, "_start", lambda self: started.append(self.done))
    with sweep_format.Progress(10, wanted=True) as progress:
        progress.advance()  # at once: no bar
        clock[0] = sweep_format.PROGRESS_DELAY + 0.1
        progress.advance()
    assert started == [2]


def test_progress_bar_never_when_not_wanted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sweep_format.time, "monotonic", lambda: 1e9)
    with sweep_format.Progress(10, wanted=False) as progress:
        for _ in range(10):
            progress.advance()
    assert progress.bar is None


def test_progress_goes_to_stderr_not_stdout(spec: str, capfd: pytest.CaptureFixture[str]) -> None:
    from convcalc.commands.sweep import SweepSettings, run_sweep
    from convcalc.core.settings import CalculationSettings

    sweep_format.PROGRESS_DELAY, saved = 0.0, sweep_format.PROGRESS_DELAY
    try:
        code = run_sweep(
            SweepSettings(
                spec=spec,
                vary=("conv1.stride=1:30",),
                output_format="csv",
                calculation=CalculationSettings(),
                progress=True,
            )
        )
    finally:
        sweep_format.PROGRESS_DELAY = saved
    out = capfd.readouterr().out
    assert code == 0
    assert out.splitlines()[0].startswith("conv1.stride,output")
    assert len(out.splitlines()) == 31


def test_a_path_with_markup_is_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(CONV_POOL.replace("name: conv1", "name: '[red]c'"), encoding="utf-8")
    result = invoke("sweep", str(path), "--vary", "[red]c.stride=4", "--format", "table")
    assert result.exit_code == 0, result.output
    assert "[red]c.stride" in result.stdout
