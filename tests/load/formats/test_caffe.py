"""Caffe .prototxt files against Caffe itself (tests/fixtures/caffe/truth.json: real Caffe built
every BVLC net in each phase and dumped its blobs), and planted mistakes at their line."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import LayerResult, NetworkReport
from convcalc.load.build import build_network
from convcalc.load.formats.caffe import read_phase
from tests.conftest import invoke

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "caffe"
# Layers Caffe runs that are no feature map: inputs, the Split layers Caffe inserts itself, losses.
NOT_LAYERS = ("Input", "Split", "SoftmaxWithLoss", "Accuracy")


@functools.cache
def truth() -> dict[str, Any]:
    with open(FIXTURES / "truth.json", encoding="utf-8") as handle:
        files: dict[str, Any] = json.load(handle)["files"]
    return files


@functools.cache
def checked(path: str, phase: str) -> NetworkReport:
    """Each file and phase read and calculated once per session."""
    text = (FIXTURES / path).read_text(encoding="utf-8")
    tree, problems = read_phase(text, path, phase)
    assert tree is not None and not problems, problems
    network, found = build_network(tree, path)
    assert network is not None, found
    return calculate_network(network, CalculationSettings())


RUNS = [
    (path, phase)
    for path, entry in sorted(truth().items())
    for phase, recorded in sorted(entry["phases"].items())
    if "layers" in recorded["caffe"]
]
FAST = (
    ("BVLC_caffe/bvlc_googlenet/deploy.prototxt", "TEST"),
    ("BVLC_caffe/bvlc_alexnet/train_val.prototxt", "TRAIN"),
    ("BVLC_caffe_examples/cifar10/cifar10_full.prototxt", "TEST"),
)


def compare(path: str, phase: str) -> None:
    report = checked(path, phase)
    mine: dict[str, list[LayerResult]] = {}
    for layer in report.layers:  # InnerProduct's flatten goes with it
        mine.setdefault(layer.spec.name.removesuffix(".flatten"), []).append(layer)
    recorded = truth()[path]["phases"][phase]["caffe"]
    compared = 0
    for layer in recorded["layers"]:
        if layer["type"] in NOT_LAYERS:
            continue
        where = (path, phase, layer["name"])
        results = mine[layer["name"]]
        shape = results[-1].output_shape
        assert shape is not None, where
        assert [shape.channels, *shape.spatial] == layer["top_shapes"][0][1:], where
        assert sum(result.framework_params or 0 for result in results) == layer["params"], where
        compared += 1
    assert compared == len(mine)
    assert report.totals is not None
    assert report.totals.framework_params == recorded["total_learnable_param_count"]
    assert not [d for d in report.diagnostics if d.severity.name == "ERROR"]


def test_every_file_caffe_could_run_is_compared() -> None:
    assert len(RUNS) == 19 and set(FAST) <= set(RUNS)


@pytest.mark.parametrize(("path", "phase"), FAST)
def test_nets_of_each_layer_type_match_caffe_layer_by_layer(path: str, phase: str) -> None:
    compare(path, phase)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "phase"), [run for run in RUNS if run not in FAST])
def test_every_bvlc_prototxt_matches_caffe_layer_by_layer_in_each_phase(
    path: str, phase: str
) -> None:
    compare(path, phase)


def concise(path: str | Path) -> tuple[int, str]:
    result = invoke("check", "--isolated", "--format", "concise", str(path))
    return result.exit_code, result.stdout


def test_a_bad_bottom_is_reported_at_its_line_with_the_blobs_above(tmp_path: Path) -> None:
    text = (FIXTURES / "BVLC_caffe/bvlc_alexnet/deploy.prototxt").read_text(encoding="utf-8")
    at = text.index('bottom: "norm1"')
    path = tmp_path / "deploy.prototxt"
    path.write_text(text[:at] + 'bottom: "norm_1"' + text[at + 15 :], encoding="utf-8")
    code, output = concise(path)
    assert code == 1
    line = text[:at].count("\n") + 1
    assert f"{path}:{line}:" in output and "CC015" in output
    assert 'bottom "norm_1" is no top of a layer above it' in output and '"norm1"' in output


def test_a_stride_that_breaks_a_concat_is_reported_at_the_concat(tmp_path: Path) -> None:
    text = (FIXTURES / "BVLC_caffe/bvlc_googlenet/deploy.prototxt").read_text(encoding="utf-8")
    at = text.index("kernel_size: 1", text.index('name: "inception_3a/1x1"'))
    path = tmp_path / "deploy.prototxt"
    path.write_text(text[:at] + "kernel_size: 1 stride: 2" + text[at + 14 :], encoding="utf-8")
    code, output = concise(path)
    assert code == 1
    finding = next(line for line in output.splitlines() if "CC220" in line)
    line = int(finding.split(":")[1])
    assert text.splitlines()[line - 1].strip() == "layer {"
    assert 'name: "inception_3a/output"' in text.splitlines()[line]
    assert "hint:" in finding


def test_legacy_input_dim_batchnorm_and_scale_count_as_caffe_does(tmp_path: Path) -> None:
    # Caffe's blobs: BatchNorm mean C, variance C and the factor 1; Scale C, and C with bias_term.
    path = tmp_path / "net.prototxt"
    path.write_text(
        'name: "tiny"\ninput: "data"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 32\ninput_dim: 32\n'
        'layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"\n'
        "  convolution_param { num_output: 8 kernel_size: 3 bias_term: false } }\n"
        'layer { name: "bn" type: "BatchNorm" bottom: "conv" top: "conv" }\n'
        'layer { name: "scale" type: "Scale" bottom: "conv" top: "conv"\n'
        "  scale_param { bias_term: true } }\n"
        'layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" }  # in place\n'
        'layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool"\n'
        "  pooling_param { pool: MAX kernel_size: 3 stride: 2 } }\n",
        encoding="utf-8",
    )
    result = invoke("check", "--isolated", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    counted = {layer["name"]: layer["framework_params"] for layer in report["layers"]}
    assert counted == {"conv": 216, "bn": 17, "scale": 16, "relu": 0, "pool": 0}
    assert report["input"] == [32, 32, 3]
    # 30×30 pooled 3/2 rounds up in Caffe: ceil(27/2) + 1 = 15 (PyTorch's default floors to 14)
    assert report["layers"][-1]["output"] == [15, 15, 8]
    assert [layer["inputs"] for layer in report["layers"][1:]] == [
        ["conv"],
        ["bn"],
        ["scale"],
        ["relu"],
    ]


def test_hdf5_data_is_one_diagnostic_saying_the_shape_is_in_the_data() -> None:
    code, output = concise(FIXTURES / "BVLC_caffe_examples/hdf5_classification/train_val.prototxt")
    assert code == 1
    assert output.count("CC012") == 1 and "its shape is in the data" in output


def test_a_syntax_error_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.prototxt"
    path.write_text('layer {\n  name: "a"\n  type: "ReLU"\n', encoding="utf-8")
    code, output = concise(path)
    assert code == 1
    assert f"{path}:1:7: CC001" in output and "never closed" in output


def test_an_unknown_layer_type_is_one_diagnostic_and_the_rest_is_checked(tmp_path: Path) -> None:
    text = (FIXTURES / "BVLC_caffe/bvlc_alexnet/deploy.prototxt").read_text(encoding="utf-8")
    path = tmp_path / "deploy.prototxt"
    path.write_text(text.replace('type: "LRN"', 'type: "LNR"', 1), encoding="utf-8")
    code, output = concise(path)
    assert code == 1
    assert output.count("CC007") == 1 and '"LNR" is not a Caffe layer type' in output
    assert "1 error, 0 warnings" in output  # the layers after it are checked, and fine


def test_a_misspelt_field_is_one_diagnostic_with_the_spelling_caffe_knows(tmp_path: Path) -> None:
    text = (FIXTURES / "BVLC_caffe/bvlc_alexnet/deploy.prototxt").read_text(encoding="utf-8")
    at = text.index("kernel_size: 11")
    path = tmp_path / "deploy.prototxt"
    path.write_text(text[:at] + "kernal_size: 11" + text[at + 15 :], encoding="utf-8")
    code, output = concise(path)
    assert code == 1
    line = text[:at].count("\n") + 1
    assert f"{path}:{line}:5: CC003" in output and "did you mean `kernel_size`?" in output
    assert output.count(" error ") == 1


def test_round_mode_floor_pools_as_a_floor(tmp_path: Path) -> None:
    # caffe.proto: PoolingParameter.round_mode, CEIL by default, FLOOR on request.
    path = tmp_path / "net.prototxt"
    path.write_text(
        'layer { name: "data" type: "Input" top: "data"\n'
        "  input_param { shape { dim: 1 dim: 3 dim: 30 dim: 30 } } }\n"
        'layer { name: "pool" type: "Pooling" bottom: "data" top: "pool"\n'
        "  pooling_param { pool: AVE kernel_size: 3 stride: 2 round_mode: FLOOR } }\n",
        encoding="utf-8",
    )
    result = invoke("check", "--isolated", "--format", "json", str(path))
    assert json.loads(result.stdout)[0]["layers"][0]["output"] == [14, 14, 3]


def test_a_number_past_the_digits_limit_is_refused_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "big.prototxt"
    path.write_text('input: "data"\ninput_dim: ' + "9" * 100_000 + "\n", encoding="utf-8")
    code, output = concise(path)
    assert code == 1 and f"{path}:2:12: CC004" in output and "--max-digits" in output


def test_slice_cuts_the_channels_at_its_points_or_in_equal_parts(tmp_path: Path) -> None:
    # slice_layer.cpp: with slice points, top i holds the channels between points i−1 and i (the
    # last to the end); without, the tops share the channels equally.
    path = tmp_path / "net.prototxt"
    path.write_text(
        'layer { name: "data" type: "Input" top: "pair"\n'
        "  input_param { shape { dim: 1 dim: 6 dim: 28 dim: 28 } } }\n"
        'layer { name: "cut" type: "Slice" bottom: "pair" top: "a" top: "b" top: "c"\n'
        "  slice_param { slice_dim: 1 slice_point: 1 slice_point: 4 } }\n"
        'layer { name: "halves" type: "Slice" bottom: "c" top: "d" top: "e" }\n'
        'layer { name: "sum" type: "Eltwise" bottom: "a" bottom: "d" }\n',
        encoding="utf-8",
    )
    result = invoke("check", "--isolated", "--format", "json", str(path))
    layers = json.loads(result.stdout)[0]["layers"]
    shapes = {layer["name"]: layer["output"] for layer in layers}
    assert shapes == {
        "cut.a": [28, 28, 1],
        "cut.b": [28, 28, 3],
        "cut.c": [28, 28, 2],
        "halves.d": [28, 28, 1],
        "halves.e": [28, 28, 1],
        "sum": [28, 28, 1],
    }
    assert layers[-1]["inputs"] == ["cut.a", "halves.d"]
