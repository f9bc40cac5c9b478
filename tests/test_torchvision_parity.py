"""The torchvision specs agree with torchvision itself, module by module.

`tools/record_torchvision.py` runs torchvision's models (weights=None) on a 224×224 zero image
with a forward hook on every module and records, per torchvision module name, the output shape
of every call and the module's own parameter and buffer counts. The specs in specs/torchvision/
name their layers after those modules, so each layer is compared with the module of the same
name. A module called several times in one forward pass (ResNet's `relu` inside a block) is
written in the spec as layers `<name>1`, `<name>2`, ... in call order.

Functional operations have no module and no hook (torch.flatten, ResNet's `out += identity`,
MobileNetV2's residual add and its functional global average pool, EfficientNet's SE product).
They are checked through the module that reads them: every recorded module's input shape must
equal the output of the spec layer feeding it.

Expected totals are torchvision's documented parameter counts, written here as literals.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import LayerResult, NetworkReport
from convcalc.load.files import load_path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "torchvision_layers.json"
RECORDED: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))

# torchvision's model documentation ("Params" column of the classification table).
PUBLISHED_PARAMS = {
    "alexnet": 61_100_840,
    "efficientnet_b0": 5_288_548,
    "vgg16": 138_357_544,
    "resnet18": 11_689_512,
    "resnet50": 25_557_032,
    "mobilenet_v2": 3_504_872,
}
MODELS = list(PUBLISHED_PARAMS)

# Spec layers standing for torchvision's functional operations (no module, no name to match).
FUNCTIONAL_KINDS = {"flatten", "add", "multiply", "avgpool", "global_avgpool", "adaptive_avgpool"}


def spec_path(model: str) -> Path:
    return ROOT / "specs" / "torchvision" / f"{model}.yaml"


@functools.cache
def report(model: str) -> NetworkReport:
    network, problems = load_path(str(spec_path(model)))
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


def modules(model: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = RECORDED["models"][model]["modules"]
    return found


def call_names(model: str) -> dict[str, tuple[str, int]]:
    """Spec layer name -> (torchvision module name, call index), for every leaf module call."""
    names: dict[str, tuple[str, int]] = {}
    for name, entry in modules(model).items():
        if not entry["leaf"]:
            continue
        calls = len(entry["outputs"])
        if calls == 1:
            names[name] = (name, 0)
        else:
            names.update({f"{name}{k + 1}": (name, k) for k in range(calls)})
    return names


def hwc(shape: Shape | None) -> list[int] | None:
    return shape.in_layout("hwc") if shape is not None else None


def matched(model: str) -> list[tuple[LayerResult, str, int]]:
    names = call_names(model)
    return [
        (layer, *names[layer.spec.name])
        for layer in report(model).layers
        if layer.spec.name in names
    ]


def test_fixture_covers_every_model() -> None:
    assert sorted(RECORDED["models"]) == sorted(MODELS)
    assert RECORDED["input"] == [224, 224, 3]


@pytest.mark.parametrize("model", MODELS)
def test_spec_loads_without_errors(model: str) -> None:
    errors = [d for d in report(model).diagnostics if d.severity.name == "ERROR"]
    assert errors == []


@pytest.mark.parametrize("model", MODELS)
def test_total_parameters_are_torchvisions(model: str) -> None:
    totals = report(model).totals
    assert totals is not None
    assert RECORDED["models"][model]["total_params"] == PUBLISHED_PARAMS[model]
    assert totals.params == PUBLISHED_PARAMS[model]


@pytest.mark.parametrize("model", MODELS)
def test_total_buffers_and_output_are_torchvisions(model: str) -> None:
    totals = report(model).totals
    assert totals is not None
    assert totals.buffers == RECORDED["models"][model]["total_buffers"]
    assert hwc(totals.output_shape) == RECORDED["models"][model]["output"] == [1000]


@pytest.mark.parametrize("model", MODELS)
def test_every_layer_agrees_with_its_module(model: str) -> None:
    wrong = []
    pairs = matched(model)
    for layer, name, call in pairs:
        entry = modules(model)[name]
        got = (hwc(layer.output_shape), layer.params, layer.buffers)
        want = (entry["outputs"][call], entry["params"], entry["buffers"])
        if got != want:
            wrong.append(f"{layer.spec.name}: convcalc {got}, torch {want}")
    assert not wrong, "\n".join(wrong)
    assert len(pairs) >= 20


@pytest.mark.parametrize("model", MODELS)
def test_every_module_call_has_a_layer(model: str) -> None:
    written = {layer.spec.name for layer in report(model).layers}
    missing = {
        name for spec_name, (name, _) in call_names(model).items() if spec_name not in written
    }
    assert missing == set()


@pytest.mark.parametrize("model", MODELS)
def test_unmatched_layers_are_functional_operations(model: str) -> None:
    names = call_names(model)
    extra = {
        (layer.spec.name, layer.spec.kind)
        for layer in report(model).layers
        if layer.spec.name not in names
    }
    assert {kind for _, kind in extra} <= FUNCTIONAL_KINDS, sorted(extra)


@pytest.mark.parametrize("model", MODELS)
def test_every_module_reads_what_the_spec_feeds_it(model: str) -> None:
    # Checks the functional operations between modules: flatten before the classifier, the
    # residual adds before the next relu or block.
    current = report(model)
    network = current.network
    assert network is not None
    outputs: dict[str, list[int] | None] = {"input": hwc(network.input_shape)}
    outputs.update({layer.spec.name: hwc(layer.output_shape) for layer in current.layers})
    wrong = []
    for layer, name, call in matched(model):
        (source,) = layer.spec.inputs
        want = modules(model)[name]["inputs"][call]
        if outputs[source] != want:
            wrong.append(f"{layer.spec.name} reads {source} {outputs[source]}, torch {want}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("model", ["resnet18", "resnet50", "mobilenet_v2"])
def test_block_instances_agree_with_torchvision_containers(model: str) -> None:
    # A block instance (`layer2.0`, `features.3`) is a torchvision container of the same name:
    # its output is the container's output, its parameters and buffers are the container's sums.
    groups = {group.name: group for group in report(model).blocks}
    compared = 0
    wrong = []
    for name, entry in modules(model).items():
        group = groups.get(name)
        if group is None or entry["leaf"]:
            continue
        compared += 1
        got = (hwc(group.output_shape), group.params, group.buffers)
        want = (entry["outputs"][-1], entry["params_total"], entry["buffers_total"])
        if got != want:
            wrong.append(f"{name}: convcalc {got}, torch {want}")
    assert not wrong, "\n".join(wrong)
    assert compared >= 8


def test_resnet50_paper_table() -> None:
    # He et al. 2016, table 1: conv2_x..conv5_x end at 56, 28, 14 and 7 pixels with 256, 512,
    # 1024 and 2048 channels; torchvision's stage containers are layer1..layer4.
    groups = {group.name: group for group in report("resnet50").blocks}
    ends = [hwc(groups[f"layer{i}"].output_shape) for i in (1, 2, 3, 4)]
    assert ends == [[56, 56, 256], [28, 28, 512], [14, 14, 1024], [7, 7, 2048]]
    assert [len(groups[f"layer{i}"].layer_indices) for i in (1, 2, 3, 4)] == [
        3 * 10 + 2,
        4 * 10 + 2,
        6 * 10 + 2,
        3 * 10 + 2,
    ]


def test_mobilenet_v2_adds_the_shortcut_exactly_where_torchvision_does() -> None:
    # torchvision sets use_res_connect when stride == 1 and in == out channels; the spec switches
    # its `add` on with `residual` by hand.
    written = {layer.spec.name for layer in report("mobilenet_v2").layers}
    flags = {
        name: entry["use_res_connect"]
        for name, entry in modules("mobilenet_v2").items()
        if "use_res_connect" in entry
    }
    assert len(flags) == 17
    assert {name for name, on in flags.items() if on} == {
        name for name in flags if f"{name}.add" in written
    }


def test_efficientnet_b0_fields_are_global_behind_each_gate_and_on_the_feature_grid() -> None:
    # Every squeeze-and-excitation gate pools the whole map, so from the first gate on every unit
    # depends on the whole input (global); the gated map keeps the depthwise conv's grid, so the
    # grid's jump is the total stride (2 … 32), never the pooled branch's, and no shortcut add is
    # misaligned. (convcalc 0.1 carried the pooled jump on and reported 8.2e21 pixels.)
    current = report("efficientnet_b0")
    assert [d.code for d in current.diagnostics if d.code == "CC120"] == []
    spatial = [
        layer
        for layer in current.layers
        if layer.output_shape is not None and not layer.output_shape.is_flat
    ]
    assert all(layer.receptive_field is not None for layer in spatial)
    gated = [layer for layer in spatial if layer.spec.name.endswith(".scale")]
    assert len(gated) == 16
    for layer in gated:
        field = layer.receptive_field
        assert field is not None and field.is_global and field.has_grid
        assert set(field.jump) <= {2, 4, 8, 16, 32}
    assert {layer.receptive_field.jump for layer in gated if layer.receptive_field} == {
        (2, 2),
        (4, 4),
        (8, 8),
        (16, 16),
        (32, 32),
    }
    totals = current.totals
    assert totals is not None and totals.receptive_field is not None
    assert totals.receptive_field.is_global
