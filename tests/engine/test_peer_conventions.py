"""convcalc's per-layer figures, converted by the rules docs/counting.md documents, give each
peer's recorded number exactly (tests/fixtures/peer_counts.json, tools/record_peer_counts.py).

Layers are matched to torch modules by name: the torchvision specs use torchvision's module names.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

ROOT = Path(__file__).resolve().parents[2]
NETS = ("alexnet", "efficientnet_b0", "mobilenet_v2", "resnet18", "resnet50", "vgg16")
CONVOLUTIONS = {"conv"}


@functools.cache
def peers(net: str) -> dict[str, Any]:
    recorded = json.loads((ROOT / "tests/fixtures/peer_counts.json").read_text(encoding="utf-8"))
    found: dict[str, Any] = recorded["nets"][f"torchvision/{net}"]
    return found


@functools.cache
def ours(net: str) -> dict[str, Any]:
    result = invoke("check", str(ROOT / f"specs/torchvision/{net}.yaml"), "--format", "json")
    report: dict[str, Any] = json.loads(result.stdout)[0]
    return report


def layers(net: str) -> dict[str, dict[str, Any]]:
    return {layer["name"]: layer for layer in ours(net)["layers"]}


def torchinfo_mult_adds(layer: dict[str, Any]) -> int:
    """torchinfo: a Conv's MACs plus one add per output element for its bias; any other module
    with parameters (Linear, BatchNorm) counts its parameters once per sample; the rest 0."""
    if layer["type"] in CONVOLUTIONS:
        bias_adds = layer["activation_elements"] if layer["biases"] else 0
        return int(layer["macs"]) + bias_adds
    return int(layer["params"])


@pytest.mark.parametrize("net", NETS)
def test_flop_counter_is_twice_our_macs_layer_by_layer(net: str) -> None:
    counted = peers(net)["peers"]["flop_counter"]
    mine = layers(net)
    for module, flops in counted["by_module"].items():
        assert 2 * mine[module]["macs"] == flops, module
    assert 2 * ours(net)["totals"]["macs"] == counted["total"]


@pytest.mark.parametrize("net", NETS)
def test_torchinfo_mult_adds_pass_size_and_parameter_bytes(net: str) -> None:
    counted = peers(net)["peers"]["torchinfo"]
    mine = layers(net)
    compared = 0
    for module, values in counted["by_module"].items():
        if module in mine and values[0]:
            assert torchinfo_mult_adds(mine[module]) == values[0], module
            compared += 1
    assert compared >= 8
    memory = ours(net)["totals"]["memory"]
    assert memory["pass_bytes"] == counted["pass_bytes"]
    assert memory["parameter_bytes"] == counted["param_bytes"]


@pytest.mark.parametrize("net", NETS)
def test_fvcore_counts_our_macs_for_convolutions_and_linears(net: str) -> None:
    counted = peers(net)["peers"]["fvcore"]["by_module"]
    mine = layers(net)
    for module, value in counted.items():
        layer = mine.get(module)
        if layer is None:
            continue
        if layer["type"] in (*CONVOLUTIONS, "dense"):
            assert layer["macs"] == value, module
        elif layer["type"] == "batchnorm":  # scale and shift per element, in eval
            assert 2 * layer["activation_elements"] == value, module


@pytest.mark.parametrize("net", NETS)
def test_torchvision_published_gflops_are_our_giga_macs(net: str) -> None:
    published = peers(net)["published_gflops"]
    assert round(ours(net)["totals"]["macs"] / 1e9, 3) == published


def test_alexnet_first_layer_memory_from_the_article() -> None:
    """227×227×3 through 96 filters of 11×11 at stride 4: im2col 363 × 3025 (seed 001)."""
    result = invoke(
        "calc", "--input", "227x227x3", "conv:filters=96,kernel=11,stride=4", "--format", "json"
    )
    layer = json.loads(result.stdout)[0]["layers"][0]
    assert (layer["im2col"]["rows"], layer["im2col"]["columns"]) == (363, 3025)
    assert layer["activation_elements"] == 55 * 55 * 96
    assert layer["im2col"]["bytes"] == 363 * 3025 * 4


@pytest.mark.parametrize(
    ("dtype", "size"), [("float32", 4), ("float16", 2), ("bfloat16", 2), ("int8", 1)]
)
def test_dtype_and_batch_scale_the_memory(dtype: str, size: int) -> None:
    result = invoke(
        "calc", "--input", "227x227x3", "conv:filters=96,kernel=11,stride=4",
        "--format", "json", "--dtype", dtype, "--batch", "8",
    )  # fmt: skip
    report = json.loads(result.stdout)[0]
    layer = report["layers"][0]
    assert layer["activation_bytes"] == 8 * 55 * 55 * 96 * size
    assert layer["parameter_bytes"] == 34_944 * size
    assert layer["macs"] == 8 * 105_415_200  # FlopCounterMode counts every input of a batch
    assert layer["im2col"]["columns"] == 8 * 3025
    assert report["totals"]["memory"]["dtype"] == dtype


# ptflops' `pytorch` backend hooks: which convcalc kinds it counts per element.
PTFLOPS_PER_INPUT = {"maxpool", "avgpool", "adaptive_avgpool", "global_avgpool"}


def ptflops_count(layer: dict[str, Any], by_name: dict[str, dict[str, Any]]) -> int:
    """ptflops (pytorch backend): a conv's MACs plus one add per output element for its bias; a
    Linear's MACs plus its biases; batchnorm 2 per element; ReLU and ReLU6 1 per output element;
    pooling 1 per input element; everything else (SiLU, Sigmoid, Dropout, Flatten) 0."""
    kind = layer["type"]
    if kind in CONVOLUTIONS:
        return int(layer["macs"]) + (layer["activation_elements"] if layer["biases"] else 0)
    if kind == "dense":
        return int(layer["macs"]) + int(layer["biases"])
    if kind == "batchnorm":
        return 2 * int(layer["activation_elements"])
    if kind in {"relu", "relu6"}:  # one hook serves nn.ReLU and nn.ReLU6
        return int(layer["activation_elements"])
    if kind in PTFLOPS_PER_INPUT:
        (source,) = layer["inputs"]
        return int(by_name[source]["activation_elements"])
    return 0


@pytest.mark.parametrize("net", NETS)
def test_ptflops_per_module_from_our_figures(net: str) -> None:
    counted = peers(net)["peers"]["ptflops"]["pytorch"]["by_module"]
    mine = layers(net)
    compared = 0
    for module, value in counted.items():
        if module in mine:
            assert ptflops_count(mine[module], mine) == value, module
            compared += 1
    assert compared >= 10


@pytest.mark.parametrize("net", NETS)
def test_torchscan_macs_for_convolutions_linears_and_norms(net: str) -> None:
    """torchscan: conv and Linear = our MACs (bias in the accumulation); batchnorm (eval) = 2 per
    element. Its pooling counts read an int kernel_size as the whole kernel, which a spec does
    not record (docs/counting.md): not compared."""
    counted = peers(net)["peers"]["torchscan"]["by_module"]
    mine = layers(net)
    for module, calls in counted.items():
        layer = mine.get(module)
        if layer is None or calls[0]["macs"] is None:
            continue
        if layer["type"] in (*CONVOLUTIONS, "dense"):
            assert layer["macs"] == calls[0]["macs"], module
        elif layer["type"] == "batchnorm":
            assert 2 * layer["activation_elements"] == calls[0]["macs"], module
