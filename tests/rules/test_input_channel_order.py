"""CC209: an image input written in the other layout's channel order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import invoke
from recorded_nets import analyse_recorded

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_text

ROOT = Path(__file__).resolve().parents[2]
# torchvision's ResNet stem: Conv2d(3, 64, 7, stride 2, padding 3, bias=False), 9,408 weights on
# a 3×224×224 tensor giving 64×112×112 (the resnet50 table in docs/spec-format.md, recorded from
# torchvision).
STEM = "  - {type: conv, filters: 64, kernel: 7, stride: 2, padding: 3, bias: false}\n"


def report(text: str) -> NetworkReport:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


def codes(text: str) -> list[str]:
    return [d.code for d in report(text).diagnostics]


def test_pytorch_order_under_hwc_warns_and_the_hint_fixes_it() -> None:
    wrong = report(f"input: [3, 224, 224]\nlayers:\n{STEM}")
    (warning,) = [d for d in wrong.diagnostics if d.code == "CC209"]
    assert "read as a 3×224 image with 224 channels" in warning.message
    assert warning.location is not None and warning.location.line == 1
    assert warning.hint is not None and "`layout: chw`" in warning.hint
    # A warning: the net is still calculated (with the nonsense 224 input channels).
    assert wrong.layers[0].weights == 64 * 224 * 7 * 7

    fixed = report(f"input: [3, 224, 224]\nlayout: chw\nlayers:\n{STEM}")
    assert "CC209" not in [d.code for d in fixed.diagnostics]
    assert fixed.layers[0].weights == 9_408
    assert fixed.layers[0].output_shape is not None
    assert fixed.layers[0].output_shape.spatial == (112, 112)
    # The other fix the hint names, the sizes written channels-last, gives the same net.
    assert "[224, 224, 3]" in warning.hint
    rewritten = report(f"input: [224, 224, 3]\nlayers:\n{STEM}")
    assert "CC209" not in [d.code for d in rewritten.diagnostics]
    assert rewritten.layers[0].weights == 9_408


@pytest.mark.parametrize(
    "written",
    [[1, 28, 28], [4, 64, 64], [3, 480, 640], [3, 16, 112, 112]],
)
def test_channels_first_images_warn(written: list[int]) -> None:
    assert "CC209" in codes(f"input: {written}\nlayers: [relu]")


def test_keras_order_under_chw_warns() -> None:
    text = "input: [224, 224, 3]\nlayout: chw\nlayers: [relu]"
    assert "CC209" in codes(text)
    assert "CC209" not in codes("input: [224, 224, 3]\nlayout: hwc\nlayers: [relu]")


@pytest.mark.parametrize(
    "written",
    [[3, 3, 512], [1, 1, 64], [4, 4, 8], [3, 8, 8], [3, 1000], [1, 16000], [784], [2, 224, 224]],
)
def test_feature_maps_and_sequences_do_not_warn(written: list[int]) -> None:
    assert "CC209" not in codes(f"input: {written}\nlayers: [relu]")


@pytest.mark.slow  # about 10 s: every net in every recorded fixture
def test_no_recorded_net_warns() -> None:
    """Every net recorded from PyTorch is written in its layout: none may trip the heuristic."""
    checked = 0
    for fixture in sorted((ROOT / "tests" / "fixtures").glob("*.json")):
        data = json.loads(fixture.read_text(encoding="utf-8"))
        nets = data.get("nets", []) if isinstance(data, dict) else data
        for net in nets:
            if isinstance(net, dict) and "input" in net and "layers" in net:
                found = [d.code for d in analyse_recorded(net).diagnostics]
                assert "CC209" not in found, (fixture.name, net["input"])
                checked += 1
    assert checked > 100


def test_no_shipped_spec_warns() -> None:
    """Every spec the project ships is written in its layout: none may trip the heuristic."""
    specs = sorted((ROOT / "specs").rglob("*.yaml"))
    assert len(specs) > 10
    for spec in specs:
        network, _ = load_text(spec.read_text(encoding="utf-8"), str(spec))
        assert network is not None
        found = [d.code for d in calculate_network(network, CalculationSettings()).diagnostics]
        assert "CC209" not in found, spec


def test_on_the_command_line_the_hint_names_the_option_and_it_fixes_it() -> None:
    warned = invoke("calc", "--input", "3x224x224", "relu")
    assert "CC209" in warned.output and "hint: add `--layout chw`" in warned.output
    fixed = invoke("calc", "--layout", "chw", "--input", "3x224x224", "relu")
    assert fixed.exit_code == 0 and "CC209" not in fixed.output


CODE = "CC209"
# The documented example fixed: `layout: chw` for a channels-first input.
FIXED = (
    "layout: chw\n"
    "input: [3, 224, 224]\n"
    "layers:\n"
    "  - {type: conv, filters: 64, kernel: 4, stride: 2, padding: 1}\n"
)
OPTIONS: list[str] = []
# Read as a 3×224 image, the 7×7 kernel of the documented example also exceeds its width of 3.
ALSO_REPORTED = {"CC101"}
