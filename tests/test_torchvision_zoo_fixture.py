"""The recorded torchvision zoo (tests/fixtures/torchvision_zoo.json.gz) is whole and consistent.

`tools/record_torchvision.py --zoo` ran torchvision's CNNs module by module; tests/test_zoo.py
compares the zoo's specs with it. These checks guard the data itself: every family and size
torchvision ships is there, each model's parameter count is the one torchvision publishes, the
per-module counts add up to the model's, every module call the hooks saw is in the run's trace,
and every shape is a shape.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "torchvision_zoo.json.gz"

# Every classification CNN torchvision ships, at every size, and its segmentation models (issue 10).
EXPECTED_MODELS = {
    "alexnet",
    *(f"vgg{depth}{bn}" for depth in (11, 13, 16, 19) for bn in ("", "_bn")),
    *(f"resnet{depth}" for depth in (18, 34, 50, 101, 152)),
    "resnext50_32x4d",
    "resnext101_32x8d",
    "resnext101_64x4d",
    "wide_resnet50_2",
    "wide_resnet101_2",
    *(f"densenet{depth}" for depth in (121, 161, 169, 201)),
    "squeezenet1_0",
    "squeezenet1_1",
    "googlenet",
    "inception_v3",
    "mobilenet_v2",
    "mobilenet_v3_small",
    "mobilenet_v3_large",
    *(f"mnasnet{width}" for width in ("0_5", "0_75", "1_0", "1_3")),
    *(f"shufflenet_v2_{width}" for width in ("x0_5", "x1_0", "x1_5", "x2_0")),
    *(f"efficientnet_b{index}" for index in range(8)),
    *(f"efficientnet_v2_{size}" for size in "sml"),
    *(f"regnet_x_{flops}" for flops in ("400mf", "800mf", "1_6gf", "3_2gf", "8gf", "16gf", "32gf")),
    *(
        f"regnet_y_{flops}"
        for flops in ("400mf", "800mf", "1_6gf", "3_2gf", "8gf", "16gf", "32gf", "128gf")
    ),
    *(f"convnext_{size}" for size in ("tiny", "small", "base", "large")),
    "fcn_resnet50",
    "fcn_resnet101",
    "deeplabv3_resnet50",
    "deeplabv3_resnet101",
    "deeplabv3_mobilenet_v3_large",
    "lraspp_mobilenet_v3_large",
}

# torchvision's model documentation, for a few models across families (the fixture's own
# 'published' block is read from torchvision's code by the recorder).
DOCUMENTED_PARAMS = {
    "resnet50": 25_557_032,
    "efficientnet_b7": 66_347_960,
    "convnext_tiny": 28_589_128,
    "inception_v3": 27_161_264,
    "regnet_y_128gf": 644_812_894,
    "fcn_resnet50": 35_322_218,
}


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if duplicated:
        raise ValueError(f"duplicate keys: {duplicated}")
    return dict(pairs)


@functools.cache
def recorded() -> dict[str, Any]:
    text = gzip.decompress(FIXTURE.read_bytes()).decode("utf-8")
    document: dict[str, Any] = json.loads(text, object_pairs_hook=unique_keys)
    return document


def model(name: str) -> dict[str, Any]:
    found: dict[str, Any] = recorded()["models"][name]
    return found


def is_shape(value: Any) -> bool:
    if isinstance(value, dict):
        return bool(value) and all(is_shape(item) for item in value.values())
    return (
        isinstance(value, list)
        and bool(value)
        and all(type(dim) is int and dim > 0 for dim in value)
    )


MODELS = sorted(EXPECTED_MODELS)


@pytest.mark.slow  # loads and walks the whole recorded zoo: seconds
def test_fixture_has_every_torchvision_cnn() -> None:
    document = recorded()
    assert set(document["models"]) == EXPECTED_MODELS
    assert document["torch_version"].startswith("2.")
    assert document["torchvision_version"].startswith("0.")
    # Whatever is left out is named with a reason, and none of it is a family issue 10 lists.
    assert document["skipped"]
    assert all(reason for reason in document["skipped"].values())
    assert not set(document["skipped"]) & EXPECTED_MODELS


def test_documented_parameter_counts() -> None:
    for name, params in DOCUMENTED_PARAMS.items():
        assert model(name)["total_params"] == params == model(name)["published"]["num_params"]


@pytest.mark.parametrize("name", MODELS)
def test_totals_are_published_and_add_up(name: str) -> None:
    record = model(name)
    modules = record["modules"]
    assert record["total_params"] == record["published"]["num_params"]
    # The model's total is the sum of every module's own parameters: the leaves' and the few
    # containers that hold one directly (ConvNeXt's CNBlock layer_scale).
    assert sum(entry["params"] for entry in modules.values()) == record["total_params"]
    assert sum(entry["buffers"] for entry in modules.values()) == record["total_buffers"]
    # Each container's totals are its own plus its children's.
    children: dict[str, list[str]] = {}
    for module in modules:
        parent = module.rpartition(".")[0]
        if parent in modules:
            children.setdefault(parent, []).append(module)
    for module, entry in modules.items():
        kids = children.get(module, [])
        assert entry["leaf"] == (not kids), module
        for own, total in (("params", "params_total"), ("buffers", "buffers_total")):
            assert entry[total] == entry[own] + sum(modules[kid][total] for kid in kids), module
    not_called = set(record["not_called"])
    params_called = sum(entry["params"] for n, entry in modules.items() if n not in not_called)
    assert record["params_called"] == params_called


@pytest.mark.parametrize("name", MODELS)
def test_every_call_is_recorded_once_in_the_trace(name: str) -> None:
    record = model(name)
    modules = record["modules"]
    sizes = [f"{h}x{w}" for h, w, _ in record["sizes"]]
    assert list(record["runs"]) == sizes
    assert [224, 224, 3] in record["sizes"]
    not_called = set(record["not_called"])
    for size in sizes:
        run = record["runs"][size]
        assert is_shape(run["output"])
        leaf_calls: dict[str, int] = {}
        for step in run["trace"]:
            if isinstance(step, str):
                leaf_calls[step] = leaf_calls.get(step, 0) + 1
            else:
                assert step["op"].split(".")[0] in ("Tensor", "torch", "F"), step
                assert step["in"] == "" or step["in"] in modules, step
                assert not modules.get(step["in"], {"leaf": False})["leaf"], step
                outputs = step["output"]
                assert is_shape(outputs) or all(is_shape(o) for o in outputs), step
        for module, entry in modules.items():
            if module in not_called:
                assert entry["calls"] == {}, module
                continue
            calls = entry["calls"][size]
            assert len(calls["inputs"]) == len(calls["outputs"]) >= 1, module
            assert all(is_shape(shape) for shape in calls["outputs"]), module
            if entry["leaf"]:
                assert leaf_calls.get(module) == len(calls["outputs"]), module
        assert set(leaf_calls) <= set(modules)


@pytest.mark.parametrize("name", MODELS)
def test_first_module_reads_the_image(name: str) -> None:
    record = model(name)
    runs = record["runs"].values()
    for (height, width, channels), run in zip(record["sizes"], runs, strict=True):
        first = run["trace"][0]
        assert isinstance(first, str)
        calls = record["modules"][first]["calls"][f"{height}x{width}"]
        assert calls["inputs"][0] == [height, width, channels]


@pytest.mark.parametrize("name", MODELS)
def test_sizes_are_224_and_the_published_one(name: str) -> None:
    record = model(name)
    published = record["published"]
    native = published["crop_size"] if record["task"] == "classification" else None
    native = native or published["resize_size"]
    assert record["sizes"] == [[size, size, 3] for size in sorted({224, native})]
    assert isinstance(published["gflops"], float) and published["gflops"] > 0
