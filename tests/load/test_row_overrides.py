"""`--set ROW.COLUMN=VALUE` on an Ultralytics model YAML (`3.args.0=128`, `2.repeats=6`,
`11.from=[-1, 4]`): the row edited before parse_model scales it, as editing the file would.

Checked against the file edited by hand (convcalc on the copy gives the same figures and
findings) and against Ultralytics itself on edited YAMLs (tests/fixtures/ultralytics_edited.json,
recorded by tools/record_ultralytics_edits.py)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
YAMLS = FIXTURES / "ultralytics"
YOLOV8 = YAMLS / "v8" / "yolov8.yaml"
DFL_WEIGHTS = 16  # Detect's frozen DFL convolution: in model.info(), in no convcalc layer


@functools.cache
def edited_truth() -> list[dict[str, Any]]:
    with open(FIXTURES / "ultralytics_edited.json", encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = json.load(handle)["cases"]
    return cases


def checked(path: Path | str, *options: str) -> tuple[int, dict[str, Any]]:
    result = invoke("check", "--isolated", "--format", "json", *options, str(path))
    assert "Traceback" not in result.output
    [report] = json.loads(result.stdout)
    return result.exit_code, report


def rows(report: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    """The report's layers by the row they came from (`model.3.conv` → 3)."""
    found: dict[int, list[dict[str, Any]]] = {}
    for layer in report["layers"]:
        found.setdefault(int(layer["name"].split(".")[1]), []).append(layer)
    return found


# The fast loop's share: one edit against Ultralytics, two against the file edited by hand
# (about 1 s each); the rest are slow.
FAST_TRUTH = "3.args.0=128"
FAST_BY_HAND = ("3.args.0=128", "11.from=[-1, 4]")


@pytest.mark.parametrize(
    "case",
    [
        case if case["set"] == FAST_TRUTH else pytest.param(case, marks=pytest.mark.slow)
        for case in edited_truth()
    ],
    ids=lambda case: f"{case['yaml']} {case['set']}",
)
def test_each_row_is_what_ultralytics_builds_from_the_edited_yaml(case: dict[str, Any]) -> None:
    code, report = checked(YAMLS / case["yaml"], "--scale", case["scale"], "--set", case["set"])
    assert code == 0
    by_row = rows(report)
    for truth in case["layers"][:-1]:  # the Detect head: its levels, not Ultralytics' boxes
        mine = by_row[truth["i"]]
        assert sum(layer["params"] for layer in mine) == truth["params"], truth["i"]
        height, width, channels = mine[-1]["output"]
        assert [1, channels, height, width] == truth["output"], truth["i"]
    assert report["totals"]["params"] + DFL_WEIGHTS == case["parameters"]


def _comparable(report: dict[str, Any]) -> tuple[Any, ...]:
    layers = [(layer["name"], layer["output"], layer["params"]) for layer in report["layers"]]
    findings = [(d["code"], d["layer"], d["message"]) for d in report["diagnostics"]]
    return layers, findings, report["totals"]["params"]


BY_HAND = [
    ("3.args.0=128", "- [-1, 1, Conv, [256, 3, 2]] # 3-P3/8", "- [-1, 1, Conv, [128, 3, 2]]"),
    ("2.repeats=6", "- [-1, 3, C2f, [128, True]]", "- [-1, 6, C2f, [128, True]]"),
    ("2.number=6", "- [-1, 3, C2f, [128, True]]", "- [-1, 6, C2f, [128, True]]"),
    ("11.from=[-1, 4]", "- [[-1, 6], 1, Concat, [1]] # cat backbone P4",
     "- [[-1, 4], 1, Concat, [1]]"),
    ("8.module=C3", "- [-1, 3, C2f, [1024, True]]", "- [-1, 3, C3, [1024, True]]"),
    ("9.args=[1024, 9]", "- [-1, 1, SPPF, [1024, 5]] # 9", "- [-1, 1, SPPF, [1024, 9]]"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("setting", "row", "by_hand"),
    [
        case if case[0] in FAST_BY_HAND else pytest.param(*case, marks=pytest.mark.slow)
        for case in BY_HAND
    ],
)
def test_the_same_as_the_file_edited_by_hand(
    setting: str, row: str, by_hand: str, tmp_path: Path
) -> None:
    text = YOLOV8.read_text(encoding="utf-8")
    assert text.count(row) == 1, row
    copy = tmp_path / "yolov8.yaml"
    copy.write_text(text.replace(row, by_hand), encoding="utf-8")
    expected_code, expected = checked(copy)
    code, report = checked(YOLOV8, "--set", setting)
    assert code == expected_code
    assert _comparable(report) == _comparable(expected)


def test_the_edited_value_is_where_its_findings_point() -> None:
    """Row 11 concatenating row 4 (80×80) with the upsampled 40×40: the error names the
    --set that made it, and the exit code is a checked spec's error."""
    code, report = checked(YOLOV8, "--set", "11.from=[-1, 4]")
    assert code == 1
    [error] = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert error["layer"] == "model.11" and error["hint"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("30.args.0=1", "--set 30.args.0=1: no row 30; the rows are 0 to 22 (backbone, then head)"),
        ("3.args.5=1", "--set 3.args.5=1: row 3 (Conv) has 3 args, [256, 3, 2]: indices 0 to 2"),
        ("3.args.0=abc", "--set 3.args.0=abc: row 3: `Conv` cannot be built from these arguments"),
        ("3.colour=1", "--set 3.colour: a row has no column `colour`; its columns are from, "
         "repeats, module and args"),
        ("3.module=Convv", "module `Convv` is not an Ultralytics module convcalc knows; hint: "
         "did you mean `Conv`?"),
        ("11.from=[-1, 29]", "row 11 reads row 29, which is not a row above it; hint: the rows "
         "above this one are 0 to 10"),
        ("2.repeats=0", "row 2: repeats must be a whole number ≥ 1, got 0"),
        ("3.from.1=2", "`from` is one value: write 3.from=…"),
        ("3=128", "write ROW.COLUMN=VALUE"),
    ],
)  # fmt: skip
def test_what_cannot_apply_is_a_usage_error_naming_what_exists(setting: str, message: str) -> None:
    result = invoke("check", "--isolated", "--format", "concise", "--set", setting, str(YOLOV8))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{YOLOV8}: --set " in result.output and message in result.output, result.output


def test_sweep_varies_a_row() -> None:
    """Conv row 5's stride: 1 keeps P4 at 80×80, so row 14 concatenates the upsampled 160×160
    with row 4's 80×80, which it refuses; 2 is the file's."""
    result = invoke("sweep", str(YOLOV8), "--vary", "5.args.2=1,2", "--format", "json")
    assert result.exit_code == 0, result.output
    worst = [row["worst"] for row in json.loads(result.stdout)["rows"]]
    assert (worst[0]["severity"], worst[0]["layer"]) == ("error", "model.14")
    assert worst[1]["severity"] != "error"


def test_a_row_set_then_a_layer_set_by_the_name_it_now_has() -> None:
    code, report = checked(YOLOV8, "--set", "3.args.0=128", "--set", "model.3.conv.stride=1")
    assert code == 0  # every map from row 3 on twice as large: the joins still agree
    layers = {layer["name"]: layer for layer in report["layers"]}
    assert layers["model.3.conv"]["output"] == [160, 160, 32]  # 128 × width 0.25, stride 1


def test_explain_with_a_row_set() -> None:
    result = invoke("explain", str(YOLOV8), "model.3.conv", "--set", "3.args.0=128")
    assert result.exit_code == 0, result.output
    assert "32" in result.output


def test_darknet_is_set_by_layer_name_only() -> None:
    """Darknet's layers are named by their number: `3.args.0` names layer 3's field `args.0`."""
    cfg = FIXTURES / "darknet" / "alexeyab" / "yolov4.cfg"
    result = invoke("check", "--isolated", "--format", "concise", "--set", "3.args.0=1", str(cfg))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--set 3.args.0: `3` (identity) has no field `args.0`" in result.output


def test_draw_with_a_row_set(tmp_path: Path) -> None:
    picture = tmp_path / "yolov8.svg"
    result = invoke("draw", str(YOLOV8), "--set", "3.args.0=128", "-o", str(picture))
    assert result.exit_code == 0, result.output
    assert picture.read_text(encoding="utf-8").lstrip().startswith("<")
    refused = invoke("draw", str(YOLOV8), "--set", "3.args.9=1", "-o", str(tmp_path / "x.svg"))
    assert refused.exit_code == 2 and "indices 0 to 2" in refused.output
    assert not (tmp_path / "x.svg").exists()
