"""Receptive fields against the published table of Araujo, Norris and Sim (Distill 2019).

The numbers are the "Pre-computed receptive field parameters" table of the authors' library
(google-research/receptive_field, RF_BENCHMARKS.md), computed on TF-Slim's alexnet_v2 and vgg_16,
whose geometry `specs/alexnet.yaml` and `specs/vgg16.yaml` share (5×5 and 3×3 "SAME"
convolutions at stride 1 are padding 2 and 1; pools are "VALID"). Columns: RF size, effective
stride (jump), effective padding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_path

SPECS = Path(__file__).parents[2] / "specs"

ALEXNET_V2 = {
    "conv1": (11, 4, 0),
    "pool1": (19, 8, 0),
    "conv2": (51, 8, 16),
    "conv3": (99, 16, 32),
    "conv4": (131, 16, 48),
    "conv5": (163, 16, 64),
    "pool5": (195, 32, 64),
}

# TF-Slim end-point -> torchvision module index in specs/vgg16.yaml
VGG_16 = {
    "features.0": (3, 1, 1),  # conv1_1
    "features.4": (6, 2, 2),  # pool1
    "features.5": (10, 2, 4),  # conv2_1
    "features.9": (16, 4, 6),  # pool2
    "features.10": (24, 4, 10),  # conv3_1
    "features.12": (32, 4, 14),  # conv3_2
    "features.16": (44, 8, 18),  # pool3
    "features.17": (60, 8, 26),  # conv4_1
    "features.19": (76, 8, 34),  # conv4_2
    "features.23": (100, 16, 42),  # pool4
    "features.24": (132, 16, 58),  # conv5_1
    "features.26": (164, 16, 74),  # conv5_2
    "features.30": (212, 32, 90),  # pool5
}


def _report(name: str) -> NetworkReport:
    network, problems = load_path(str(SPECS / name))
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


@pytest.mark.parametrize(
    ("spec", "table"),
    [("alexnet.yaml", ALEXNET_V2), ("vgg16.yaml", VGG_16)],
    ids=["alexnet", "vgg16"],
)
def test_receptive_fields_match_the_published_table(
    spec: str, table: dict[str, tuple[int, int, int]]
) -> None:
    layers = {layer.spec.name: layer for layer in _report(spec).layers}
    for name, (size, jump, padding) in table.items():
        field = layers[name].receptive_field
        assert field is not None, name
        assert field.size == (size, size), name
        assert field.jump == (jump, jump), name
        assert field.padding == (padding, padding), name
