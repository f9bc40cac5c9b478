"""Totals that are partial say so: a figure convcalc could not compute (after an error) is never
counted as 0 without a mark, in the table, JSON, `--set` diffs and sweeps.

What "was computed" is derived without convcalc: for ResNet-50 from the per-module parameters
PyTorch recorded (tests/fixtures/torchvision_layers.json); for the U-Net of specs/unet.yaml by hand
from the arithmetic (conv `k·k·C_in·F` weights, batchnorm `2·C`, transposed conv `C_in·F·k·k`
weights plus `F` biases, as docs/counting.md and PyTorch count them).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import invoke as run_convcalc

from convcalc.report.base import short_count

FIXTURE = Path(__file__).parents[1] / "fixtures" / "torchvision_layers.json"
RESNET50 = "specs/torchvision/resnet50.yaml"
UNET = "specs/unet.yaml"
# Stride 1 in the first 3×3 of layer2 keeps 56×56 on the main path while the shortcut goes to
# 28×28: the block's `add` fails, and nothing after it can be computed.
BREAK_RESNET = "layer2.0.conv2.stride=1"


def invoke(*args: str) -> Result:
    # Wider than the shared 200 columns: the partial-total tables carry marks beside each figure.
    return run_convcalc(*args, columns=250)


def as_json(*args: str) -> Any:
    result = invoke(*args, "--format", "json")
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------- ResNet-50 (torch)


@pytest.fixture(scope="module")
def torch_resnet50() -> dict[str, Any]:
    model: dict[str, Any] = json.loads(FIXTURE.read_text())["models"]["resnet50"]
    return model


# Forward order of torchvision's ResNet-50 up to layer2.0's `out += identity`: the stem, layer1
# and every module of layer2.0 (conv1..bn3 and the downsample shortcut) run before the add.
BEFORE_THE_ADD = ("conv1", "bn1", "layer1", "layer2.0")


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _computed_in_torch(model: dict[str, Any], figure: str) -> int:
    modules = model["modules"]
    return sum(modules[name][f"{figure}_total"] for name in BEFORE_THE_ADD)


def _uncomputed_in_torch(model: dict[str, Any]) -> int:
    """Layers the spec writes after the failing add, counted from torch's record: every call of a
    leaf module after it, one functional `add` per later bottleneck, layer2.0's last ReLU call
    and the functional flatten."""
    after = ("layer2.1", "layer2.2", "layer2.3", "layer3", "layer4", "avgpool", "fc")
    modules = model["modules"]
    calls = sum(
        len(module["outputs"])
        for name, module in modules.items()
        if module["leaf"] and _under(name, after)
    )
    adds = sum(1 for name in modules if re.fullmatch(r"layer\d\.\d+", name) and _under(name, after))
    return calls + adds + 2


def test_resnet50_json_marks_every_uncomputed_figure(torch_resnet50: dict[str, Any]) -> None:
    (report,) = as_json("check", RESNET50, "--set", BREAK_RESNET, "--no-diff")
    totals = report["totals"]
    assert totals["params"] == _computed_in_torch(torch_resnet50, "params")  # 604,736
    assert totals["buffers"] == _computed_in_torch(torch_resnet50, "buffers")
    assert totals["params"] < torch_resnet50["total_params"]
    assert totals["complete"] is False
    assert totals["partial"] == ["weights", "biases", "params", "buffers", "macs"]
    assert totals["uncomputed_layers"] == _uncomputed_in_torch(torch_resnet50) == 128
    modules = torch_resnet50["modules"]
    for layer in report["layers"]:
        module = modules.get(layer["name"])
        if module is None or not module["params"]:
            continue
        if _under(layer["name"], BEFORE_THE_ADD):
            assert layer["params"] == module["params"], layer["name"]
        else:
            assert layer["params"] is None, layer["name"]
            assert layer["macs"] is None, layer["name"]


def test_resnet50_set_shows_no_change_against_a_partial_total(
    torch_resnet50: dict[str, Any],
) -> None:
    (diff,) = as_json("check", RESNET50, "--set", BREAK_RESNET)
    assert diff["totals_was"]["complete"] is True
    assert diff["totals_was"]["params"] == torch_resnet50["total_params"]
    assert diff["delta"]["params"] is None
    assert diff["delta"]["percent"]["params"] is None
    assert diff["delta"]["macs"] is None

    table = invoke("check", "--format", "table", RESNET50, "--set", BREAK_RESNET)
    whole = f"{torch_resnet50['total_params']:,}"
    part = f"{_computed_in_torch(torch_resnet50, 'params'):,}"
    (line,) = [line for line in table.stdout.splitlines() if line.startswith("params:")]
    assert line.startswith(f"params: {whole} → ≥{part} (partial: ")
    assert "%" not in line and "−" not in line
    assert "97.6" not in table.stdout
    assert f"partial totals: {_uncomputed_in_torch(torch_resnet50)} of " in table.stdout


def test_resnet50_table_footer_marks_the_total(torch_resnet50: dict[str, Any]) -> None:
    table = invoke("check", "--format", "table", RESNET50, "--set", BREAK_RESNET, "--no-diff")
    assert table.exit_code == 1
    # The table shows large counts with three significant digits (JSON keeps them exact).
    part = short_count(_computed_in_torch(torch_resnet50, "params"))
    (total,) = [line for line in table.stdout.splitlines() if line.strip().startswith("total")]
    assert f"≥{part}" in total
    assert re.search(rf"(?<!≥){re.escape(part)}", total) is None
    assert "partial totals: 128 of " in table.stdout
    (fc,) = [line for line in table.stdout.splitlines() if re.match(r"\s*\d+\s+fc\s", line)]
    assert "?" in fc and "skipped" in fc


def test_resnet50_sweep_marks_partial_rows(torch_resnet50: dict[str, Any]) -> None:
    vary = ("sweep", RESNET50, "--vary", "layer2.0.conv2.stride=1,2")
    part = _computed_in_torch(torch_resnet50, "params")
    whole = torch_resnet50["total_params"]

    table = invoke(*vary)
    assert table.exit_code == 0
    rows = [line for line in table.stdout.splitlines() if re.match(r"\s+[12]\s", line)]
    assert f"≥{part:,}" in rows[0]
    assert f"{whole:,}" in rows[1] and "≥" not in rows[1]
    assert "partial totals in 1 of 2 combinations" in table.stdout

    broken, fine = as_json(*vary)["rows"]
    assert broken["params"] is None and broken["macs"] is None
    assert broken["complete"] is False and broken["uncomputed_layers"] == 128
    assert fine["params"] == whole and fine["complete"] is True and fine["uncomputed_layers"] == 0

    written = invoke(*vary, "--format", "csv").stdout
    broken_row, fine_row = csv.DictReader(io.StringIO(written))
    assert (broken_row["params"], broken_row["complete"], broken_row["uncomputed_layers"]) == (
        "",
        "false",
        "128",
    )
    assert (fine_row["params"], fine_row["complete"]) == (str(whole), "true")


# ---------------------------------------------------------------------------- U-Net (by hand)


def double_conv(c_in: int, width: int) -> int:
    """(conv 3×3 without bias → batchnorm → relu) × 2: 9·C_in·w + 2w + 9·w·w + 2w."""
    return 9 * c_in * width + 2 * width + 9 * width * width + 2 * width


def up(c_in: int, filters: int) -> int:
    """Transposed conv 2×2 with bias: C_in·F·4 + F."""
    return c_in * filters * 4 + filters


ENCODER = double_conv(1, 16) + double_conv(16, 32) + double_conv(32, 64) + double_conv(64, 128)
BOTTLENECK = double_conv(128, 256)
DECODER = (
    double_conv(256, 128)
    + up(128, 64)
    + double_conv(128, 64)
    + up(64, 32)
    + double_conv(64, 32)
    + up(32, 16)
    + double_conv(32, 16)
    + (16 * 2 + 2)  # head: 1×1 conv, 16 → 2, with bias
)


def test_unet_with_a_mismatched_skip_counts_only_what_was_computed() -> None:
    # pool4 3×3 /3 turns 32×32 into (32 − 3)//3 + 1 = 10; up4 doubles it to 20×20, which cannot
    # be concatenated with enc4's 32×32: cat4 fails and the whole decoder after it is unknown.
    (report,) = as_json("check", UNET, "--set", "pool4.kernel=3", "--no-diff")
    totals = report["totals"]
    errors = [d["layer"] for d in report["diagnostics"] if d["severity"] == "error"]
    assert errors == ["cat4"]
    assert totals["params"] == ENCODER + BOTTLENECK + up(256, 128)  # 1,310,672
    assert totals["complete"] is False
    # After cat4: four double convs of 6 layers, three (up, concat) pairs and the head.
    assert totals["uncomputed_layers"] == 4 * 6 + 3 * 2 + 1

    (whole,) = as_json("check", UNET)
    assert whole["totals"]["params"] == ENCODER + BOTTLENECK + up(256, 128) + DECODER
    assert whole["totals"]["complete"] is True
    assert whole["totals"]["uncomputed_layers"] == 0
    assert whole["totals"]["partial"] == []


def test_unet_collapsed_blocks_mark_partial_sums() -> None:
    (report,) = as_json("check", UNET, "--set", "pool4.kernel=3", "--no-diff")
    blocks = {block["name"]: block for block in report["blocks"]}
    assert blocks["enc4"]["params"] == double_conv(64, 128)
    assert blocks["enc4"]["complete"] is True
    assert blocks["dec4"]["complete"] is False
    assert blocks["dec4"]["uncomputed_layers"] == 6
    table = invoke(
        "check", "--format", "table", UNET, "--set", "pool4.kernel=3", "--no-diff", "--depth", "0"
    )
    (dec4,) = [line for line in table.stdout.splitlines() if re.search(r"\sdec4\s", line)]
    assert "?" in dec4  # nothing of it was counted: unknown, not 0
    diff = invoke("check", "--format", "table", UNET, "--set", "pool4.kernel=3", "--depth", "0")
    (dec4,) = [line for line in diff.stdout.splitlines() if re.search(r"\sdec4\s", line)]
    assert f"{short_count(double_conv(256, 128))} → ?" in dec4  # 442,880 before


# ---------------------------------------------------------------------------- one figure unknown


def test_a_conv_larger_than_its_input_has_weights_but_no_macs() -> None:
    # 5×5 kernel on 4×4: PyTorch refuses, so there is no output and no MAC count; the weights
    # exist all the same: 5·5·3·8 = 600, biases 8.
    (report,) = as_json("calc", "--input", "4x4x3", "conv:filters=8,kernel=5")
    (layer,) = report["layers"]
    assert (layer["weights"], layer["biases"], layer["macs"]) == (600, 8, None)
    totals = report["totals"]
    assert (totals["params"], totals["complete"], totals["partial"]) == (608, False, ["macs"])
    assert totals["uncomputed_layers"] == 1
    table = invoke("calc", "--input", "4x4x3", "conv:filters=8,kernel=5")
    (total,) = [line for line in table.stdout.splitlines() if line.strip().startswith("total")]
    assert "608" in total and "≥" not in total  # the parameters are whole
    assert "partial totals: 1 of 1 layer not computed" in table.stdout


def test_a_complete_network_has_no_mark() -> None:
    table = invoke("check", "--format", "table", "specs/alexnet.yaml")
    assert "≥" not in table.stdout and "partial" not in table.stdout
    (report,) = as_json("check", "specs/alexnet.yaml")
    assert report["totals"]["complete"] is True
