"""`--set USE.ARGUMENT` and `--set USE.repeat`: a block use changed, the spec read again.

The truth is torchvision's own family: ResNet-50 with its stage counts or widths changed is
another torchvision model whose parameter count torchvision publishes (ResNet-101 has 23 blocks
in layer3, Wide ResNet-50-2 twice the inner width, ResNeXt-50 32×4d 32 groups of 4 channels).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import invoke

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.load.files import load_path
from convcalc.load.overrides import OverrideError, override_network

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "torchvision_zoo.json.gz"


def published(model: str) -> int:
    document = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    count: int = document["models"][model]["published"]["num_params"]
    return count


def params_with(*texts: str) -> int:
    network, _ = load_path("zoo:resnet50")
    assert network is not None
    totals = calculate_network(override_network(network, texts), CalculationSettings()).totals
    assert totals is not None and totals.complete
    return totals.params


@pytest.mark.parametrize(
    ("model", "texts"),
    [
        ("resnet101", ["layer3.repeat=23"]),
        pytest.param(
            "resnet152",
            ["layer2.repeat=8", "layer3.repeat=36"],
            marks=pytest.mark.slow,  # the largest: resnet101's case covers the count
        ),
        pytest.param(
            "wide_resnet50_2",
            ["layer1.width=128", "layer2.width=256", "layer3.width=512", "layer4.width=1024"],
            marks=pytest.mark.slow,  # resnext50's case covers the width
        ),
        (
            "resnext50_32x4d",
            [
                *(f"layer{stage}.groups=32" for stage in (1, 2, 3, 4)),
                *(f"layer{s}.width={w}" for s, w in ((1, 128), (2, 256), (3, 512), (4, 1024))),
            ],
        ),
    ],
)
def test_resnet50_changed_by_its_block_uses_is_another_torchvision_model(
    model: str, texts: list[str]
) -> None:
    assert params_with(*texts) == published(model)


def test_stride_reaches_every_repetition_first_included() -> None:
    # layer4.stride=1 overrides `first: {stride: 2}` too: layer4 stays at 14×14, as torchvision's
    # replace_stride_with_dilation does (without the dilation).
    network, _ = load_path("zoo:resnet50")
    assert network is not None
    report = calculate_network(
        override_network(network, ["layer4.stride=1"]), CalculationSettings()
    )
    groups = {group.name: group for group in report.blocks}
    shape = groups["layer4"].output_shape
    assert shape is not None and shape.in_layout("hwc") == [14, 14, 2048]


def test_a_changed_count_changes_which_layers_there_are() -> None:
    network, _ = load_path("zoo:resnet50")
    assert network is not None
    changed = override_network(network, ["layer2.repeat=2", "layer2.1.conv2.kernel=5"])
    names = {layer.name for layer in changed.layers}
    assert "layer2.1.conv1" in names and "layer2.2.conv1" not in names
    conv2 = next(layer for layer in changed.layers if layer.name == "layer2.1.conv2")
    assert conv2.fields["kernel"] == 5
    with pytest.raises(OverrideError, match=r"no layer `layer2\.3\.conv1` once"):
        override_network(network, ["layer2.repeat=2", "layer2.3.conv1.stride=2"])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("layer2.repeat=0", ["`repeat` must be a whole number ≥ 1, got 0"]),
        ("layer2.widht=3", ["no argument `widht`", "did you mean `width`"]),
        ("layer2=3", ["is a block use", "repeat, width"]),
        ("layer3.width=wide", ["--set layer3.width=wide"]),
    ],
)
def test_bad_block_overrides_are_usage_errors(text: str, words: list[str]) -> None:
    result = invoke("check", "zoo:resnet50", "--set", text)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr


@pytest.mark.slow  # two ResNets computed in full: seconds
def test_sweep_varies_a_stage_count() -> None:
    result = invoke("sweep", "zoo:resnet50", "--vary", "layer3.repeat=6,23", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [row["params"] for row in rows] == [published("resnet50"), published("resnet101")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vary", "layer2.repeat=0:2"], "--vary layer2.repeat=0: `repeat` must be"),
        (
            ["--vary", "layer2.repeat=1,2", "--set", "layer2.1.conv1.stride=2"],
            "no layer `layer2.1.conv1` once layer2.repeat=1 applies",
        ),
    ],
)
def test_sweep_refuses_a_count_it_cannot_use(args: list[str], message: str) -> None:
    for output_format in ("csv", "table"):
        result = invoke("sweep", "zoo:resnet18", *args, "--format", output_format)
        assert result.exit_code == 2, result.output
        assert message in result.stderr
        assert result.stdout == ""  # refused before any row is written
