"""The zoo's specs agree with torchvision, module by module, at every size recorded.

tests/fixtures/torchvision_zoo.json.gz holds, per torchvision model, every module's own params
and buffers, its totals over its submodules, and the input and output shape of every call, at
224×224 and at the published evaluation size (tools/record_torchvision.py --zoo, torchvision
0.29.1). Each zoo spec names its layers after torchvision's modules; every name the spec shares
with torchvision is compared:

- a leaf module with its layer: output shape per call, params, buffers, and the shape of what the
  spec feeds it (which checks the functional operations between modules: adds, concatenations,
  flatten, torch.cat in DenseNet); a module called k times (ResNet's `relu`) is written as
  layers `<name>1` … `<name>k` in call order;
- a container with the block instance of the same name: its summed params and buffers;
- the model: total params (torchvision's published count) and buffers, and its output(s).

Every leaf module that runs must have its layer. Each spec is computed once per size per session;
the fast loop checks one model per family at its own input, the slow test every model at 224×224
and its published size.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_path
from convcalc.load.overrides import override_network
from convcalc.load.zoo import names

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "torchvision_zoo.json.gz"
ZOO = names()

# The convcalc kind that writes each torchvision module class: a layer written with another kind
# (a stand-in, such as relu for ReLU6) is a disagreement. A class missing here fails the test.
KIND_OF_TYPE = {
    "Conv2d": "conv",
    "BatchNorm2d": "batchnorm",
    "ReLU": "relu",
    "ReLU6": "relu6",
    "SiLU": "silu",
    "Sigmoid": "sigmoid",
    "Hardswish": "hardswish",
    "Hardsigmoid": "hardsigmoid",
    "GELU": "gelu",
    "MaxPool2d": "maxpool",
    "AvgPool2d": "avgpool",
    "AdaptiveAvgPool2d": "adaptive_avgpool",
    "Linear": "dense",
    "Dropout": "dropout",
    "Flatten": "flatten",
    "Identity": "identity",
    "StochasticDepth": "drop_path",
    "LayerNorm": "layernorm",
    "LayerNorm2d": "layernorm",
    "Permute": "permute",
}

# One model per family for the fast loop (the slow test runs them all, at every size).
REPRESENTATIVES = [
    name
    for name in (
        "alexnet",
        "vgg11_bn",
        "resnet50",
        "resnext50_32x4d",
        "densenet121",
        "squeezenet1_1",
        "googlenet",
        "inception_v3",
        "mobilenet_v2",
        "mnasnet0_5",
        "efficientnet_b0",
        "regnet_y_400mf",
        "fcn_resnet50",
        "deeplabv3_resnet50",
        "mobilenet_v3_small",
        "lraspp_mobilenet_v3_large",
        "shufflenet_v2_x0_5",
        "convnext_tiny",
        "efficientnet_v2_s",
    )
    if name in ZOO
]


@functools.cache
def recorded() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    return document


def hwc(shape: Shape | None) -> list[int] | None:
    return shape.in_layout("hwc") if shape is not None else None


# Specs that write a size as a number where torchvision takes it from a tensor at run time, as
# the spec's comments say: DeepLabV3's ASPP image pooling resizes back to the feature map, LR-ASPP
# to backbone.4's grid, DeepLabV3-MobileNetV3 its result to the input. Set per input size H.
SIZED_BY_HAND: dict[str, Callable[[int], list[str]]] = {
    "deeplabv3_resnet50": lambda h: [f"classifier.0.size={h // 8}"],
    "deeplabv3_resnet101": lambda h: [f"classifier.0.size={h // 8}"],
    "deeplabv3_mobilenet_v3_large": lambda h: [
        f"classifier.0.size={-(-h // 16)}",
        f"out.size={h}",
    ],
    "lraspp_mobilenet_v3_large": lambda h: [f"classifier.resize.size={-(-h // 8)}"],
}


@functools.cache
def report(name: str, size: str) -> NetworkReport:
    """The zoo spec's report at `size` (`224x224`), set as --set does."""
    network, problems = load_path(f"zoo:{name}")
    assert network is not None, problems
    overrides = [f"input.size={size}"]
    if name in SIZED_BY_HAND:
        overrides += SIZED_BY_HAND[name](int(size.partition("x")[0]))
    return calculate_network(override_network(network, overrides), CalculationSettings())


def own_size(name: str) -> str:
    network, _ = load_path(f"zoo:{name}")
    assert network is not None
    height, width, _channels = network.input_written
    return f"{height}x{width}"


def disagreements(name: str, size: str) -> list[str]:
    """Every way the spec differs from torchvision at one input size (empty: it agrees)."""
    model = recorded()["models"][name]
    modules: dict[str, dict[str, Any]] = model["modules"]
    current = report(name, size)
    network = current.network
    assert network is not None
    not_called = set(model["not_called"])
    # A module that never runs in eval mode cannot fail there: Inception v3's AuxLogits, whose
    # 5×5 conv does not fit its pooled 3×3 map at 224×224 (it would fail in training, too). Its
    # figures, and so the totals, are then not computed: left out of the comparison.
    errors = [d for d in current.diagnostics if d.severity.name == "ERROR"]
    idle = {
        module
        for module in not_called
        if any((d.layer or "").startswith(module + ".") for d in errors)
    }

    def compared(module: str) -> bool:
        return not any(module == gone or module.startswith(gone + ".") for gone in idle)

    wrong = [f"{d.location}: {d.code} {d.message}" for d in errors if compared(d.layer or "")]
    layers = {layer.spec.name: layer for layer in current.layers}
    produced: dict[str, list[int] | None] = {"input": hwc(network.input_shape)}
    produced.update({layer_name: hwc(layer.output_shape) for layer_name, layer in layers.items()})
    for module, entry in modules.items():
        if not entry["leaf"] or not compared(module):
            continue
        calls = entry["calls"].get(size) if module not in not_called else None
        count = len(calls["outputs"]) if calls else 1
        written = [module] if count == 1 else [f"{module}{k + 1}" for k in range(count)]
        for call, layer_name in enumerate(written):
            layer = layers.get(layer_name)
            if layer is None:
                if calls:  # a module that runs has its layer
                    wrong.append(f"{layer_name}: no layer")
                continue
            got = (layer.spec.kind, layer.params, layer.buffers)
            want = (
                KIND_OF_TYPE.get(entry["type"], entry["type"]),
                entry["params"],
                entry["buffers"],
            )
            if calls:
                got += (hwc(layer.output_shape),)
                want += (calls["outputs"][call],)
                if len(layer.spec.inputs) == 1:
                    got += (produced[layer.spec.inputs[0]],)
                    want += (calls["inputs"][call],)
            if got != want:
                wrong.append(f"{layer_name}: convcalc {got}, torchvision {want}")
    for group in current.blocks:
        entry = modules.get(group.name)
        if entry is not None and compared(group.name):
            got = (group.params, group.buffers)
            want = (entry["params_total"], entry["buffers_total"])
            if got != want:
                wrong.append(f"{group.name}: convcalc {got}, torchvision {want}")
    totals = current.totals
    assert totals is not None
    if not idle and (totals.params, totals.buffers) != (
        model["total_params"],
        model["total_buffers"],
    ):
        wrong.append(
            f"totals: convcalc {totals.params, totals.buffers}, "
            f"torchvision {model['total_params'], model['total_buffers']}"
        )
    output = model["runs"][size]["output"]
    if isinstance(output, dict):  # segmentation: {'out': …, 'aux': …}, the spec's `outputs`
        got_outputs = [hwc(shape) for _, shape in totals.outputs]
        if got_outputs != list(output.values()):
            wrong.append(f"outputs: convcalc {got_outputs}, torchvision {list(output.values())}")
    elif hwc(totals.output_shape) != output:
        wrong.append(f"output: convcalc {hwc(totals.output_shape)}, torchvision {output}")
    return wrong


def macs_that_run(name: str) -> int:
    """The spec's MACs at its own input, without the layers of modules that do not run in eval
    mode (Inception v3's AuxLogits): what torchvision's published figure counts."""
    current = report(name, own_size(name))
    model = recorded()["models"][name]
    idle = tuple(
        module + "."
        for module in model["not_called"]
        # A ModuleList has no forward of its own, but its children run (DeepLabV3's ASPP convs).
        if model["modules"][module]["type"] != "ModuleList"
    )
    return sum(layer.macs or 0 for layer in current.layers if not layer.spec.name.startswith(idle))


def published_gmacs(name: str) -> float:
    # torchvision's `_ops` ("GFLOPS" in its tables) counts multiply-accumulates, at the
    # published input: the figure `convcalc zoo` lists.
    value: float = recorded()["models"][name]["published"]["gflops"]
    return value


def test_every_zoo_entry_is_a_recorded_torchvision_model() -> None:
    assert ZOO, "the zoo is empty"
    assert set(ZOO) <= set(recorded()["models"])


@pytest.mark.parametrize("name", REPRESENTATIVES)
def test_one_model_per_family_agrees_with_torchvision(name: str) -> None:
    assert disagreements(name, own_size(name)) == []
    assert round(macs_that_run(name) / 1e9, 3) == published_gmacs(name)


@pytest.mark.slow  # every model at every recorded size: tens of seconds
@pytest.mark.parametrize("name", ZOO)
def test_every_model_agrees_with_torchvision_at_every_size(name: str) -> None:
    sizes = [f"{height}x{width}" for height, width, _ in recorded()["models"][name]["sizes"]]
    assert own_size(name) in sizes
    for size in sizes:
        assert disagreements(name, size) == [], size
    assert round(macs_that_run(name) / 1e9, 3) == published_gmacs(name)
