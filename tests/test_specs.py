"""Every example network in specs/ checks cleanly, and the famous ones add up as published.

Expected numbers come from the publications (the articles and torchvision), never from
convcalc's own output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted((ROOT / "specs").glob("**/*.yaml"))

# Total learnable parameters (weights + biases), as published.
PUBLISHED_PARAMS = {
    # LeNet-5 in its common textbook form (full C3, plain pooling, dense output).
    "lenet5": 61_706,
    # One-tower AlexNet on 227×227×3: 34,944 + 614,656 + 885,120 + 1,327,488 + 884,992
    # + 37,752,832 + 16,781,312 + 4,097,000.
    "alexnet": 62_378_344,
    # torchvision.models.vgg16 (configuration D, no batch normalisation).
    "vgg16": 138_357_544,
}


def check_json(path: Path) -> dict[str, Any]:
    """The JSON report of one spec, after asserting that `convcalc check` exits 0."""
    result = invoke("check", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert isinstance(payload, list) and len(payload) == 1
    report = payload[0]
    assert isinstance(report, dict)
    return report


def spec(stem: str) -> Path:
    path = ROOT / "specs" / f"{stem}.yaml"
    assert path.is_file(), f"missing {path.relative_to(ROOT)}"
    return path


def layer(report: dict[str, Any], name: str) -> dict[str, Any]:
    matches = [entry for entry in report["layers"] if entry["name"] == name]
    assert len(matches) == 1, f"no single layer named {name!r}"
    found = matches[0]
    assert isinstance(found, dict)
    return found


def test_specs_exist() -> None:
    assert SPECS, "specs/ holds no *.yaml"


@pytest.mark.parametrize("path", SPECS, ids=[str(p.relative_to(ROOT / "specs")) for p in SPECS])
def test_spec_checks_without_errors(path: Path) -> None:
    report = check_json(path)
    assert report["totals"] is not None
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert not errors


@pytest.mark.parametrize("stem", sorted(PUBLISHED_PARAMS))
def test_published_parameter_total(stem: str) -> None:
    report = check_json(spec(stem))
    assert report["totals"]["params"] == PUBLISHED_PARAMS[stem]


def test_alexnet_conv1_output() -> None:
    # Krizhevsky et al. 2012: 96 kernels of 11×11×3, stride 4, give 55×55×96 on 227×227×3.
    report = check_json(spec("alexnet"))
    assert layer(report, "conv1")["output"] == [55, 55, 96]


def test_vgg16_features_end_at_7x7x512() -> None:
    # Simonyan and Zisserman 2015: five 2×2/2 pools take 224 to 7; the last block has 512 maps.
    report = check_json(spec("vgg16"))
    layers = report["layers"]
    flatten = [i for i, entry in enumerate(layers) if entry["type"] == "flatten"]
    assert len(flatten) == 1 and flatten[0] > 0
    assert layers[flatten[0] - 1]["output"] == [7, 7, 512]
    assert layers[flatten[0]]["output"] == [7 * 7 * 512]
