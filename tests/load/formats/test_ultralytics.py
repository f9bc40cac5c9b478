"""Ultralytics model YAMLs against Ultralytics itself (tests/fixtures/ultralytics_models.json:
ultralytics 8.4.190 built every shipped YAML at every scale, see tools/record_ultralytics.py),
and planted mistakes reported at their line with a fix."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.core.specs import NetworkSpec
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import LayerResult, NetworkReport
from convcalc.load.build import build_network
from convcalc.load.formats.recognition import ultralytics as recognise
from convcalc.load.formats.ultralytics import UltralyticsModel, import_ultralytics
from tests.conftest import invoke

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
YAMLS = FIXTURES / "ultralytics"
YOLOV8 = YAMLS / "v8" / "yolov8.yaml"


@functools.cache
def recorded() -> dict[str, Any]:
    with open(FIXTURES / "ultralytics_models.json", encoding="utf-8") as handle:
        models: dict[str, Any] = json.load(handle)["models"]
    return models


@functools.cache
def imported(key: str) -> tuple[UltralyticsModel, NetworkSpec, NetworkReport]:
    """Each YAML at each scale read and calculated once per session."""
    path, _, scale = key.partition("@")
    source = str(YAMLS / path)
    result = import_ultralytics(Path(source).read_text(encoding="utf-8"), source, scale or None)
    assert result.tree is not None and result.model is not None, result.problems
    network, problems = build_network(result.tree, source)
    assert network is not None, [p.message for p in problems]
    return result.model, network, calculate_network(network, CalculationSettings())


# Detection heads: their per-level outputs against Ultralytics' boxes and scores.
HEADS = (
    "Detect",
    "Segment",
    "Segment26",
    "Pose",
    "Pose26",
    "OBB",
    "OBB26",
    "v10Detect",
    "WorldDetect",
    "YOLOEDetect",
    "YOLOESegment",
    "YOLOESegment26",
)
SEGMENT_HEADS = ("Segment", "Segment26", "YOLOESegment", "YOLOESegment26")


def _nchw(layer: LayerResult) -> list[int]:
    shape = layer.output_shape
    assert shape is not None, layer.spec.name
    return [1, shape.channels, *shape.spatial]


def _as_torch_holds(layer: LayerResult) -> list[int]:
    """The shape with the batch, channels where PyTorch holds them (last after a permute)."""
    shape = layer.output_shape
    assert shape is not None, layer.spec.name
    if shape.channels_last:
        return [1, *shape.spatial, shape.channels]
    return _nchw(layer)


def compare(key: str) -> None:
    """Every row against Ultralytics: from, repeats, arguments after scaling, parameters and
    output shape; every row is expanded into layers."""
    model, _, report = imported(key)
    truth = recorded()[key]
    by_name = {layer.spec.name: layer for layer in report.layers}
    assert [row.index for row in model.rows] == [layer["i"] for layer in truth["layers"]]
    assert model.scale == truth["scale"]
    for row, layer in zip(model.rows, truth["layers"], strict=True):
        where = (key, row.index, row.module)
        assert row.written_from == layer["from"], where
        assert row.repeats == layer["n"], where
        assert type(row.module.rsplit(".", 1)[-1]) is str
        assert layer["type"].rsplit(".", 1)[-1] == row.module.rsplit(".", 1)[-1], where
        assert not row.not_counted, (where, row.not_counted)
        mine = [by_name[name] for name in row.layers]
        params = sum(m.params or 0 for m in mine) + row.extra_params
        assert params == layer["params"], where
        assert all(m.output_shape is not None for m in mine), where
        shape = layer["output_shape"]
        if row.module in HEADS:
            levels = [m for m in mine if m.spec.name.split(".")[2].startswith("level")]
            boxes_scores = shape[1].get("one2many", shape[1])  # end-to-end heads: both copies
            anchors = sum(
                m.output_shape.spatial[0] * m.output_shape.spatial[1]
                for m in levels[: len(row.sources)]
            )  # type: ignore[union-attr]
            assert anchors == boxes_scores["boxes"][2], where
            channels = boxes_scores["boxes"][1] + boxes_scores["scores"][1]
            assert all(m.output_shape.channels == channels for m in levels), where  # type: ignore[union-attr]
            if row.module in SEGMENT_HEADS:
                assert _nchw(by_name[f"model.{row.index}.proto.cv3.act"]) == boxes_scores["proto"]
            if row.module == "Pose26":
                kpts = [by_name[f"model.{row.index}.cv4_kpts.{j}"] for j in range(len(levels))]
                assert {_nchw(m)[1] for m in kpts} == {boxes_scores["kpts"][1]}, where
        elif row.module == "RTDETRDecoder":  # eval: (detections, (dec_bboxes, dec_scores, …))
            assert row.args == tuple(layer["args"]), where
            detections, (dec_bboxes, dec_scores, enc_bboxes, enc_scores, dn_meta) = shape
            assert _as_torch_holds(by_name[f"model.{row.index}.postprocess"]) == detections
            outputs = [by_name[name] for name in imported(key)[1].outputs[-4:]]
            # dec_*: stacked over the one decoder layer eval reads
            raw = [dec_bboxes[1:], dec_scores[1:], enc_bboxes, enc_scores]
            assert [_as_torch_holds(m) for m in outputs] == raw, where
            assert dn_meta is None  # denoising's metadata: training only
        elif row.module == "Classify":
            assert _nchw(mine[-1]) == shape[0], where
        elif row.module == "SemanticSegment":  # eval returns the classifier's logits
            assert row.args == tuple(layer["args"]), where
            assert _nchw(by_name[f"model.{row.index}.classifier.1"]) == shape, where
        elif row.module == "ImagePoolingAttn":  # it gives the new text embeddings, (1, nc, C)
            assert row.args == tuple(layer["args"]), where
            text = mine[-1].output_shape
            assert [1, *text.spatial, text.channels] == shape, where  # type: ignore[union-attr]
        elif row.module == "CBLinear":  # its output split in pieces of the listed sizes
            assert row.args == tuple(layer["args"]), where
            whole = _nchw(mine[-1])
            assert [piece[1] for piece in shape] == list(row.args[1]), where
            assert all(piece[2:] == whole[2:] for piece in shape), where
        else:
            assert row.args == tuple(layer["args"]), where
            assert _nchw(mine[-1]) == shape, where


FIRST_SCALES = sorted({key.partition("@")[0] for key in recorded()})


def first_scale(path: str) -> str:
    return next(key for key in recorded() if key.partition("@")[0] == path)


# The fast loop's share: one YAML per module family (C2f/Detect, C3k2/C2PSA, A2C2f, the YOLOv10
# and YOLOv9 blocks, ResNet layers) and one that is not expanded in full; the rest are slow.
FAST = (
    "v8/yolov8.yaml",
    "11/yolo11.yaml",
    "12/yolo12.yaml",
    "v10/yolov10n.yaml",
    "v9/yolov9t.yaml",
    "v9/yolov9e.yaml",
    "rt-detr/rtdetr-resnet50.yaml",
)


@pytest.mark.parametrize(
    "path",
    [path if path in FAST else pytest.param(path, marks=pytest.mark.slow) for path in FIRST_SCALES],
)
def test_each_yaml_at_its_first_scale_matches_ultralytics_row_by_row(path: str) -> None:
    compare(first_scale(path))


def test_rt_detr_totals_are_what_model_info_reports() -> None:
    """RTDETRDecoder expanded: the layers' parameters plus the denoising class embedding
    (nn.Embedding(nc, hd), read in training only) are model.info()'s parameters."""
    for key, hidden in (("rt-detr/rtdetr-l.yaml@l", 256), ("v8/yolov8-rtdetr.yaml@n", 256)):
        model, _, report = imported(key)
        totals = recorded()[key]["totals"]
        assert report.totals is not None and report.totals.complete
        extra = sum(row.extra_params for row in model.rows)
        assert extra == 80 * hidden
        assert report.totals.params + extra == totals["parameters"]


@pytest.mark.slow
def test_every_yaml_at_every_scale_matches_ultralytics_row_by_row() -> None:
    for key in recorded():
        compare(key)


def test_totals_are_what_model_info_reports() -> None:
    """Ultralytics' parameters (model.info()) are convcalc's plus the DFL's fixed 16 weights."""
    for key in ("v8/yolov8.yaml@n", "11/yolo11.yaml@m", "12/yolo12.yaml@l", "v10/yolov10s.yaml@s"):
        model, _, report = imported(key)
        totals = recorded()[key]["totals"]
        assert report.totals is not None and report.totals.complete
        extra = sum(row.extra_params for row in model.rows)
        assert extra == 16
        assert report.totals.params + extra == totals["parameters"]
        assert report.totals.params == totals["gradients"]  # DFL's weights are frozen


def test_yolo26_pose_and_seg_totals_are_what_model_info_reports() -> None:
    """Pose26's RealNVP flow (the loss's, 53,784 parameters) is counted beside the layers;
    Segment26's Proto26 and training-only semantic head are layers."""
    for key, extra in (("26/yolo26-pose.yaml@n", 53784), ("26/yolo26-seg.yaml@s", 0)):
        model, _, report = imported(key)
        totals = recorded()[key]["totals"]
        assert report.totals is not None and report.totals.complete
        assert sum(row.extra_params for row in model.rows) == extra
        assert report.totals.params + extra == totals["parameters"]


def test_text_guided_models_match_and_total_what_model_info_reports() -> None:
    """YOLO-World (C2fAttn, ImagePoolingAttn, WorldDetect) and YOLOE-26-seg (its text-prompt
    and visual-prompt modules, one-to-one copies, Proto26) row by row, and their totals: the text
    embeddings are a second input of 80 tokens × 512 (ImagePoolingAttn's recorded output)."""
    for key, extra in (("v8/yolov8-world.yaml@n", 16), ("26/yoloe-26-seg.yaml@n", 0)):
        compare(key)
        model, _, report = imported(key)
        totals = recorded()[key]["totals"]
        assert report.totals is not None and report.totals.complete
        assert sum(row.extra_params for row in model.rows) == extra
        assert report.totals.params + extra == totals["parameters"]
        text = next(layer for layer in report.layers if layer.spec.name == "txt_feats")
        assert text.output_shape is not None
        pooled = recorded()["v8/yolov8-world.yaml@n"]["layers"][16]["output_shape"]
        assert [1, *text.output_shape.spatial, text.output_shape.channels] == pooled


def test_a_classifier_is_checked_at_224() -> None:
    _, network, report = imported("11/yolo11-cls.yaml@n")
    assert network.input_shape.spatial == (224, 224)
    assert report.totals is not None
    assert report.totals.params == recorded()["11/yolo11-cls.yaml@n"]["totals"]["parameters"]


# ---------------------------------------------------------------------------- the command line


def planted(tmp_path: Path, old: str, new: str) -> tuple[str, int]:
    """yolov8.yaml with one row changed; the changed line's number."""
    text = YOLOV8.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "yolov8.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path), line


def test_recognised_by_content_and_reported_at_its_rows() -> None:
    assert recognise(YOLOV8.read_text(encoding="utf-8"))
    assert not recognise("input: [32, 32, 3]\nlayers: [relu]\n")
    result = invoke("check", "--isolated", "--format", "json", str(YOLOV8))
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)
    assert report["framework"] == "ultralytics"
    assert report["name"] == "yolov8 scale n"
    assert report["totals"]["params"] == report["totals"]["framework_params"] == 3157184
    first = report["layers"][0]
    assert (first["name"], first["line"]) == ("model.0.conv", 20)


def test_scale_option() -> None:
    result = invoke("check", "--isolated", "--format", "json", "--scale", "s", str(YOLOV8))
    [report] = json.loads(result.stdout)
    assert report["totals"]["params"] == recorded()["v8/yolov8.yaml@s"]["totals"]["gradients"]
    bad = invoke("check", "--isolated", "--format", "concise", "--scale", "q", str(YOLOV8))
    assert bad.exit_code == 1
    assert "--scale q: this file defines the scales n, s, m, l, x" in bad.output


def test_a_concat_of_misaligned_rows_is_reported_at_its_row(tmp_path: Path) -> None:
    """Row 11 concatenates the upsampled P5 (40×40) with row 4 (P3, 80×80) instead of row 6."""
    path, line = planted(
        tmp_path, "- [[-1, 6], 1, Concat, [1]] # cat backbone P4", "- [[-1, 4], 1, Concat, [1]]"
    )
    result = invoke("check", "--isolated", "--format", "concise", path)
    assert result.exit_code == 1
    errors = [text for text in result.output.splitlines() if " error " in text]
    assert errors and errors[0].startswith(f"{path}:{line}:"), result.output
    assert "model.11" in errors[0] and "hint:" in errors[0]


def test_a_stride_that_breaks_a_concat(tmp_path: Path) -> None:
    """Row 16 with stride 1 keeps 80×80; row 17 concatenates it with row 12 (40×40)."""
    path, _ = planted(
        tmp_path,
        "- [-1, 1, Conv, [256, 3, 2]]\n  - [[-1, 12]",
        "- [-1, 1, Conv, [256, 3, 1]]\n  - [[-1, 12]",
    )
    text = Path(path).read_text(encoding="utf-8")
    concat_line = text[: text.index("[[-1, 12]")].count("\n") + 1
    result = invoke("check", "--isolated", "--format", "concise", path)
    assert result.exit_code == 1
    errors = [text for text in result.output.splitlines() if " error " in text]
    assert errors and errors[0].startswith(f"{path}:{concat_line}:"), result.output
    assert "hint:" in errors[0]


def test_a_from_past_the_rows_above(tmp_path: Path) -> None:
    path, line = planted(tmp_path, "- [[-1, 9], 1, Concat, [1]]", "- [[-1, 29], 1, Concat, [1]]")
    result = invoke("check", "--isolated", "--format", "concise", path)
    assert result.exit_code == 1
    assert (
        f"{path}:{line}:6: CC015 error model.20: row 20 reads row 29, which is not a row above it"
        in result.output
    )
    assert "hint: the rows above this one are 0 to 19" in result.output


def test_an_unknown_module_is_one_diagnostic_and_the_rest_is_checked(tmp_path: Path) -> None:
    path, line = planted(
        tmp_path, "- [-1, 3, C2f, [512]] # 18 (P4/16-medium)", "- [-1, 3, C2fX, [512]]"
    )
    result = invoke("check", "--isolated", "--format", "json", path)
    assert result.exit_code == 1
    [report] = json.loads(result.stdout)
    unknown = [d for d in report["diagnostics"] if d["code"] == "CC007"]
    assert len(unknown) == 1 and unknown[0]["line"] == line, report["diagnostics"]
    assert (
        "`C2fX`" in unknown[0]["message"]
        and "rows 19, 20, 21, 22 read its output" in unknown[0]["message"]
    )
    assert unknown[0]["hint"] == "did you mean `C2f`?"
    names = {layer["name"] for layer in report["layers"]}
    assert "model.17" in names and "model.15.cv2.conv" in names  # the rows before it
    assert not any(name.startswith("model.19") for name in names)


def test_set_by_the_layer_name_shown() -> None:
    result = invoke(
        "check", "--isolated", "--format", "json", "--set", "model.9.cv2.conv.stride=2", str(YOLOV8)
    )
    assert result.exit_code == 1  # row 11 then concatenates the upsampled 20×20 with 40×40
    [report] = json.loads(result.stdout)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert [d["layer"] for d in errors] == ["model.11"], errors


def test_sweep_lists_the_sizes_a_detector_accepts() -> None:
    """YOLOv8 joins stride-16 and stride-32 maps: only multiples of 32 keep every Concat whole."""
    result = invoke("sweep", str(YOLOV8), "--vary", "input.size=320:416:16", "--format", "json")
    assert result.exit_code == 0, result.output  # a sweep lists; it does not fail
    rows = json.loads(result.stdout)["rows"]
    accepted = [
        row["values"]["input.size"][0] for row in rows if row["worst"]["severity"] != "error"
    ]
    assert accepted == [320, 352, 384, 416]
    refused = [row for row in rows if row["worst"]["severity"] == "error"]
    assert {(row["worst"]["code"], row["worst"]["layer"]) for row in refused} == {
        ("CC220", "model.11")
    }


def test_convert_writes_a_spec_that_checks_the_same(tmp_path: Path) -> None:
    converted = tmp_path / "yolov8s.yaml"
    result = invoke("convert", str(YOLOV8), "--scale", "s", "-o", str(converted))
    assert result.exit_code == 0, result.output
    original = invoke("check", "--isolated", "--format", "json", "--scale", "s", str(YOLOV8))
    again = invoke("check", "--isolated", "--format", "json", str(converted))
    [before], [after] = json.loads(original.stdout), json.loads(again.stdout)
    assert after["totals"] == before["totals"]
    assert [layer["output"] for layer in after["layers"]] == [
        layer["output"] for layer in before["layers"]
    ]


def test_standard_input_and_a_suppression_comment(tmp_path: Path) -> None:
    """Recognised by content on standard input; `# convcalc: ignore[...]` on a row's line."""
    text = YOLOV8.read_text(encoding="utf-8")
    result = invoke("check", "--isolated", "--format", "concise", "-", stdin=text)
    assert result.exit_code == 0 and ":34:5: CC120 warning model.11" in result.output
    row = "- [[-1, 6], 1, Concat, [1]] # cat backbone P4"
    quiet = text.replace(row, row + "  # convcalc: ignore[CC120]")
    result = invoke("check", "--isolated", "--format", "concise", "-", stdin=quiet)
    assert result.exit_code == 0 and "model.11:" not in result.output


@pytest.mark.parametrize(
    ("rows", "found"),
    [
        (
            '  - [-1, 1, Conv, ["a", 3, 2]]\n',
            ":4:19: CC004 error model.0: row 0: `Conv` cannot be built",
        ),
        ("  - [-1, 1, ResNetLayer, [3]]\n", ":4:26: CC004 error model.0: row 0: `ResNetLayer`"),
        ('  - ["x", 1, Conv, [64]]\n', ":4:6: CC004 error row 0: `from` must be a row number"),
        ("  - [-1, 0, Conv, [64]]\n", ":4:10: CC004 error row 0: repeats must be a whole number"),
        ("  - [-1, 1, Conv, 64]\n", ":4:19: CC004 error row 0: args must be a list, got 64"),
    ],
)
def test_a_row_ultralytics_would_refuse_is_one_diagnostic(
    rows: str, found: str, tmp_path: Path
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(f"nc: 80\nbackbone:\n  # the row\n{rows}head: []\n", encoding="utf-8")
    result = invoke("check", "--isolated", "--format", "concise", str(path))
    assert result.exit_code == 1
    assert f"{path}{found}" in result.output
