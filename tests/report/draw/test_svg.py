"""`convcalc draw` (SVG): one volume per layer with the shape JSON reports, nothing outside the
viewBox, no label over another, windows, fields and diagnostics where they belong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

from tests.report.draw.drawing import (
    SVG,
    json_report,
    line,
    outside,
    overlapping_labels,
    parse,
    points,
    shape_of,
    volumes,
)

ROOT = Path(__file__).resolve().parents[3]
SPECS = sorted((ROOT / "specs").rglob("*.yaml"))
POSITIVE = sorted((ROOT / "tests/examples/positive").glob("*.yaml"))
NEGATIVE = sorted((ROOT / "tests/examples/negative").glob("*.yaml"))
# A few that cover branches, joins, flat layers, 1-D and 3-D inputs, in the fast suite; the whole
# zoo and every example in the slow one.
FAST = ["specs/alexnet.yaml", "specs/inception_block.yaml", "specs/conv1d_ecg.yaml"]


def drawn(*args: str) -> Any:
    result = invoke("draw", *args, "-o", "-")
    assert result.exit_code in (0, 1), result.output
    return parse(result.stdout)


def check_drawing(spec: str, *options: str, layout: str | None = None) -> None:
    """Every layer's volume, labelled with the shape `check --format json` reports (in the same
    layout), all inside the viewBox, no two labels overlapping."""
    shown = ("--layout", layout) if layout else ()
    report: dict[str, Any] = json_report(spec, *shown)
    root = drawn(spec, *options, *shown)
    found = {volume.attrib["data-name"]: volume for volume in volumes(root)}
    assert list(found) == ["input", *(layer["name"] for layer in report["layers"])]
    if layout is None:  # JSON's `input` is as written, whatever --layout shows
        assert shape_of(line(found["input"], "shape") or "") == report["input"]
    for layer in report["layers"]:
        assert shape_of(line(found[layer["name"]], "shape") or "") == layer["output"], layer["name"]
    assert outside(root) == []
    assert overlapping_labels(root) == []


@pytest.mark.parametrize("spec", FAST)
@pytest.mark.parametrize("direction", ["right", "down"])
def test_a_volume_per_layer_with_the_reported_shape(spec: str, direction: str) -> None:
    check_drawing(str(ROOT / spec), "--direction", direction)


@pytest.mark.slow
@pytest.mark.parametrize("spec", [*SPECS, *POSITIVE], ids=lambda path: path.name)
def test_every_spec_and_example_is_drawn_whole(spec: Path) -> None:
    check_drawing(str(spec))
    check_drawing(str(spec), "--direction", "down", "--scale", "linear", layout="chw")


@pytest.mark.slow
@pytest.mark.parametrize("spec", NEGATIVE, ids=lambda path: path.name)
def test_a_negative_example_is_drawn_or_refused_without_a_file(spec: Path, tmp_path: Path) -> None:
    target = tmp_path / "net.svg"
    result = invoke("draw", str(spec), "-o", str(target))
    assert result.exit_code == 1
    if target.exists():  # it loaded: every layer drawn, the ones in error marked
        check_drawing(str(spec))
        root = parse(target.read_text(encoding="utf-8"))
        assert any(v.attrib["data-status"] == "error" for v in volumes(root))
    else:
        assert "did not load; nothing drawn" in result.stderr


def block_volumes(report: dict[str, Any], depth: int) -> list[str]:
    """The volumes at `--depth`, from the JSON report's blocks (each with its level and layer
    range): a layer inside a block of that level is drawn as the block."""
    names = ["input"]
    for index, layer in enumerate(report["layers"]):
        block = next(
            (
                b
                for b in report["blocks"]
                if b["level"] == depth and b["layers"][0] <= index <= b["layers"][1]
            ),
            None,
        )
        name = block["name"] if block else layer["name"]
        if name not in names:
            names.append(name)
    return names


@pytest.mark.parametrize(
    ("spec", "depth"),
    [("specs/torchvision/resnet50.yaml", 1), ("specs/torchvision/resnet50.yaml", 0)],
)
def test_depth_draws_a_block_as_one_volume(spec: str, depth: int) -> None:
    report: dict[str, Any] = json_report(str(ROOT / spec))
    root = drawn(str(ROOT / spec), "--depth", str(depth))
    found = {volume.attrib["data-name"]: volume for volume in volumes(root)}
    assert list(found) == block_volumes(report, depth)
    blocks = {block["name"]: block for block in report["blocks"]}
    for name, volume in found.items():
        if name in blocks:
            assert shape_of(line(volume, "shape") or "") == blocks[name]["output"]
            assert (line(volume, "kind") or "").startswith(blocks[name]["type"])
    # torchvision's ResNet-50: 16 bottlenecks in four stages (3, 4, 6, 3).
    if depth == 1:
        assert sum(1 for name in found if name.startswith("layer")) == 16
    assert outside(root) == []
    assert overlapping_labels(root) == []


def _front(volume: Any) -> tuple[float, float, float, float]:
    rect = volume.find(f"{SVG}rect[@class='front']")
    return tuple(float(rect.attrib[k]) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def test_branches_sit_side_by_side_and_join_where_they_meet() -> None:
    """Inception (3a): the four branches read the block input (the paper's figure 2b), so their
    first layers sit in one column, one above the other; the concat is linked from all four."""
    root = drawn(str(ROOT / "specs/inception_block.yaml"))
    found = {volume.attrib["data-name"]: volume for volume in volumes(root)}
    heads = ["1x1", "3x3_reduce", "5x5_reduce", "pool"]
    fronts = [_front(found[f"inception_3a.{head}"]) for head in heads]
    centres = {round(x + width / 2) for x, _, width, _ in fronts}
    assert len(centres) == 1
    assert len({round(y) for _, y, _, _ in fronts}) == 4
    links = root.findall(f".//{SVG}path[@class='link']")
    into_concat = {
        link.attrib["data-source"]
        for link in links
        if link.attrib["data-target"] == "inception_3a.output"
    }
    assert into_concat == {
        f"inception_3a.{tail}" for tail in ("1x1.relu", "3x3.relu", "5x5.relu", "pool_proj.relu")
    }


def test_a_skip_connection_arcs_over_the_layers_between() -> None:
    """U-Net: each decoder concat reads its encoder's output across the whole lower path; the link
    passes above every volume between the two."""
    root = drawn(str(ROOT / "specs/unet.yaml"))
    link = next(
        link
        for link in root.findall(f".//{SVG}path[@class='link']")
        if link.attrib["data-source"] == "enc1.relu2" and link.attrib["data-target"] == "cat1"
    )
    highest = min(y for _, y in points(link))
    tops = [_front(volume)[1] for volume in volumes(root)]
    assert highest < min(tops)


def test_linear_scale_keeps_proportions_and_log_compresses_them() -> None:
    """AlexNet: conv1 is 55×55, pool1 27×27 (the paper's figure 2)."""
    spec = str(ROOT / "specs/alexnet.yaml")
    heights = {}
    for scale in ("linear", "log"):
        found = {v.attrib["data-name"]: v for v in volumes(drawn(spec, "--scale", scale))}
        heights[scale] = _front(found["conv1"])[3] / _front(found["pool1"])[3]
    assert heights["linear"] == pytest.approx(55 / 27, rel=0.01)
    assert 1 < heights["log"] < 55 / 27


def test_each_conv_and_pool_window_is_drawn_in_the_volume_it_reads() -> None:
    """AlexNet has five convolutions and three max pools, each reading the volume before it."""
    root = drawn(str(ROOT / "specs/alexnet.yaml"))
    found = {v.attrib["data-name"]: v for v in volumes(root)}
    windows = {
        kernel.attrib["data-layer"]: name
        for name, volume in found.items()
        for kernel in volume.findall(f"{SVG}polygon[@class='kernel']")
    }
    assert windows == {
        "conv1": "input",
        "pool1": "relu1",
        "conv2": "pool1",
        "pool2": "relu2",
        "conv3": "pool2",
        "conv4": "relu3",
        "conv5": "relu4",
        "pool5": "relu5",
    }


def test_rf_projects_the_field_onto_the_input() -> None:
    """AlexNet's conv5 units see 163×163 input pixels, 16 apart (Araujo et al., Distill 2019,
    table of receptive fields)."""
    root = drawn(str(ROOT / "specs/alexnet.yaml"), "--rf", "conv5")
    found = {v.attrib["data-name"]: v for v in volumes(root)}
    field = found["input"].find(f"{SVG}polygon[@class='field']")
    assert field is not None and field.attrib["data-layer"] == "conv5"
    assert line(found["input"], "field") == "RF of conv5: 163×163 /16"
    xs = [x for x, _ in points(field)]
    box = [
        x
        for element in found["input"]
        if element is not field and element.get("class") != "ray"
        for x, _ in points(element)
    ]
    assert min(box) <= min(xs) and max(xs) <= max(box)


def test_a_layer_with_a_diagnostic_is_marked_in_its_severity() -> None:
    root = drawn(str(ROOT / "tests/examples/negative/kernel_exceeds_input.yaml"))
    found = {v.attrib["data-name"]: v for v in volumes(root)}
    conv = found["conv1"]
    assert conv.attrib["data-status"] == "error"
    assert line(conv, "codes") == "CC101"
    assert line(conv, "shape") == "?"  # not computed, and shown so
    warned = {
        v.attrib["data-name"]: line(v, "codes")
        for v in volumes(drawn(str(ROOT / "tests/examples/positive/unread_warning.yaml")))
        if v.attrib["data-status"] == "warning"
    }
    assert warned == {"conv1": "CC103"}


def test_hostile_names_are_escaped_and_the_svg_still_parses(write_spec: Any) -> None:
    spec = write_spec(
        'name: "</svg><script>alert(1)</script>"\n'
        "input: [8, 8, 3]\n"
        "layers:\n"
        '  - {type: conv, name: "a<b>&\\"c\\u001b[31m\\u202e", filters: 4, kernel: 3}\n'
    )
    root = drawn(spec)
    assert root.find(f".//{SVG}script") is None
    names = [v.attrib["data-name"] for v in volumes(root)]
    assert names == ["input", 'a<b>&"c\\x1b[31m\\u202e']
    assert line(volumes(root)[1], "name") == 'a<b>&"c\\x1b[31m\\u202e'
