"""Receptive fields through global context, against PyTorch gradient probes on the real maps
(tests/fixtures/torch_global_fields.json, recorded by tools/record_torch_global_fields.py).

A global field must be seen whole (every input pixel with a nonzero gradient) at every probed
unit. A finite one describes the interior (as if every map went on forever): where a unit's
extent lies inside the input it must be exactly the recorded first and last input row and column;
where it reaches past the input, padding or clamping on the way can only take pixels away, so the
recorded extent must lie within it. No field may be missing, and no join in these nets is
misaligned.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.geometry.receptive_field import unit_extent
from convcalc.load.files import load_path, load_text

FIXTURE = Path(__file__).parent.parent / "fixtures" / "torch_global_fields.json"
USER_SPEC = Path(__file__).parent.parent / "examples" / "positive" / "se_aspp_segmentation.yaml"
NETS: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["nets"]


def calculate(net: dict[str, Any]) -> NetworkReport:
    text = yaml.safe_dump({"input": net["input"], "layers": net["layers"]}, sort_keys=False)
    network, problems = load_text(text, f"{net['name']}.yaml")
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


def test_fixture_covers_what_the_issue_names() -> None:
    names = {net["name"] for net in NETS}
    assert {"se_block", "aspp_deeplab", "pool_then_resize_65", "user_se_aspp_unet"} <= names
    assert {"mobilenetv3_stage", "efficientnet_stage", "regnety_stage"} <= names
    for side in (1, 2, 3, 5):
        for mode in ("nearest", "bilinear", "bilinear_ac"):
            assert f"upsample_{side}x{side}_{mode}_scale" in names


def compare(net: dict[str, Any], report: NetworkReport | None = None) -> tuple[int, int]:
    """Check every layer against the probe; (global units, exact extents) compared."""
    report = report or calculate(net)
    sizes = net["input"][:2]
    whole = exact = 0
    for layer in report.layers:
        name = layer.spec.name
        field = layer.receptive_field
        assert field is not None, (name, layer.receptive_field_absence)
        probes = net["probes"][name]
        # Seen whole at every probed unit: the field must say so, not give a size past the input.
        assert field.is_global or not all(probe["whole"] for probe in probes), name
        for probe in probes:
            if field.is_global:
                assert probe["whole"], (name, probe)
                whole += 1
                continue
            for axis, (unit, recorded) in enumerate(
                zip(probe["unit"], probe["extent"], strict=True)
            ):
                extent = unit_extent(field, axis, unit)
                assert extent is not None, (name, probe)
                if extent[0] >= 0 and extent[1] <= sizes[axis] - 1:
                    assert list(extent) == recorded, (name, axis, probe)
                    exact += 1
                else:
                    clipped = [max(extent[0], 0), min(extent[1], sizes[axis] - 1)]
                    assert clipped[0] <= recorded[0] <= recorded[1] <= clipped[1], (name, probe)
    return whole, exact


@pytest.mark.parametrize("net", NETS, ids=lambda net: str(net["name"]))
def test_fields_agree_with_the_torch_probe(net: dict[str, Any]) -> None:
    compare(net)


def test_the_probe_comparisons_are_mostly_exact() -> None:
    """Enough units are compared exactly or as global for the comparison to mean something."""
    counts = [compare(net) for net in NETS]
    assert sum(whole for whole, _ in counts) >= 300
    assert sum(exact for _, exact in counts) >= 300


@pytest.mark.parametrize("net", NETS, ids=lambda net: str(net["name"]))
def test_no_false_misalignment(net: dict[str, Any]) -> None:
    report = calculate(net)
    assert [d.message for d in report.diagnostics if d.code == "CC120"] == []


def test_se_gate_keeps_the_feature_maps_grid() -> None:
    """The gate is global but the gated map's units stay where the feature map's units are."""
    report = calculate(next(net for net in NETS if net["name"] == "efficientnet_stage"))
    by_name = {layer.spec.name: layer for layer in report.layers}
    gated, feature = by_name["m4.se.scale"].receptive_field, by_name["m4.dw_act"].receptive_field
    assert gated is not None and feature is not None
    assert gated.is_global and gated.has_grid
    assert (gated.jump, gated.padding) == (feature.jump, feature.padding)
    pooled = by_name["m4.se.pool"].receptive_field
    assert pooled is not None and pooled.is_global and not pooled.has_grid


def test_resizing_a_pooled_map_stays_global() -> None:
    """The issue's example: 65×65 pooled to 1×1, resized bilinearly; torch sees all 65×65."""
    net = next(net for net in NETS if net["name"] == "pool_then_resize_65")
    field = calculate(net).layers[-1].receptive_field
    assert field is not None and field.is_global
    assert all(probe["whole"] for probe in net["probes"]["up"])


def test_a_users_spec_with_se_aspp_and_upsampling_agrees_with_the_probe() -> None:
    """The example spec, written with blocks as a user would, is the recorded net layer by layer
    (names, shapes, parameters), and its fields agree with the probe; no warnings at all."""
    network, problems = load_path(str(USER_SPEC))
    assert network is not None, problems
    written = calculate_network(network, CalculationSettings())
    net = next(net for net in NETS if net["name"] == "user_se_aspp_unet")
    recorded = calculate(net)
    assert [
        (layer.spec.name, layer.output_shape, layer.params, layer.spec.inputs)
        for layer in written.layers
    ] == [
        (layer.spec.name, layer.output_shape, layer.params, layer.spec.inputs)
        for layer in recorded.layers
    ]
    whole, exact = compare(net, written)
    assert whole > 0 and exact > 0
    assert written.diagnostics == ()


def test_a_gate_written_with_flat_dense_layers_is_global_on_the_maps_grid() -> None:
    """Keras writes the SE gate as GlobalAveragePooling2D (flat) → Dense, broadcast onto the map:
    the flat branch depends on every input pixel and has no grid."""
    spec = (
        "input: [16, 16, 8]\nlayers:\n"
        "  - {type: conv, name: conv, filters: 8, kernel: 3, stride: 2, padding: 1}\n"
        "  - {type: GlobalAveragePooling2D, name: pool}\n"
        "  - {type: dense, name: fc, units: 8}\n"
        "  - {type: multiply, name: scale, from: [conv, fc]}\n"
    )
    network, problems = load_text(spec, "keras_se.yaml")
    assert network is not None, problems
    report = calculate_network(network, CalculationSettings())
    field = report.layers[-1].receptive_field
    assert field is not None and field.is_global and field.has_grid
    assert (field.jump, field.padding) == ((2, 2), (1, 1))
    assert [d.code for d in report.diagnostics if d.code == "CC120"] == []
