"""top_k against torch.topk and Ultralytics' RT-DETR (tests/fixtures/top_k.json, recorded by
tools/record_top_k.py): the positions kept, PyTorch's refusal of k past the length, and the
clamped selection of RT-DETR's queries on images with fewer anchors than queries."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import calculated, invoke

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RTDETR = FIXTURES / "ultralytics" / "rt-detr" / "rtdetr-l.yaml"


@functools.cache
def recorded() -> dict[str, Any]:
    with open(FIXTURES / "top_k.json", encoding="utf-8") as handle:
        fixture: dict[str, Any] = json.load(handle)
    return fixture


def _torch_order(shape: Any) -> list[int]:
    """convcalc's shape as torch holds a sequence ([1, L, C]) or a vector ([1, N])."""
    return [1, *shape.spatial, shape.channels] if shape.spatial else [1, shape.channels]


@pytest.mark.parametrize(
    "case", recorded()["topk"], ids=lambda case: f"{case['input']}k{case['k']}"
)
def test_positions_kept_and_refused_as_torch_topk(case: dict[str, Any]) -> None:
    sizes = case["input"][1:]
    text = f"input: {sizes}\nlayers:\n  - {{type: top_k, k: {case['k']}}}\n"
    report = calculated(text)
    [layer] = report.layers
    codes = [d.code for d in report.diagnostics]
    if "error" in case:
        assert case["error"] == "selected index k out of range"
        assert layer.output_shape is None and codes == ["CC237"]
        clamped = calculated(text.replace("}", ", clamp: true}"))
        assert clamped.layers[0].output_shape is not None
        assert _torch_order(clamped.layers[0].output_shape)[1] == case["input"][1]
    else:
        assert layer.output_shape is not None and codes == []
        assert _torch_order(layer.output_shape) == case["output"]
        assert layer.params == 0


# Fewer anchors than queries, and the default size, in the fast loop (about 1 s each).
FAST_IMAGES = (32, 640)


@pytest.mark.parametrize(
    "case",
    [
        case if case["image"] in FAST_IMAGES else pytest.param(case, marks=pytest.mark.slow)
        for case in recorded()["rtdetr"]
    ],
    ids=lambda case: str(case["image"]),
)
def test_rt_detr_keeps_min_of_its_queries_and_anchors(case: dict[str, Any]) -> None:
    """At 32 the three levels have 21 anchors: Ultralytics takes 21 queries (not 300), and still
    300 detections (21 queries × 80 classes to choose from)."""
    result = invoke(
        "check", "--isolated", "--format", "json", "--set", f"input.size={case['image']}",
        str(RTDETR),
    )  # fmt: skip
    [report] = json.loads(result.stdout)
    layers = {layer["name"]: layer for layer in report["layers"]}
    assert not [d for d in report["diagnostics"] if d["layer"].startswith("model.28.")]

    def held(name: str) -> list[int]:
        output = layers[name]["output"]  # [*spatial, channels], channels last as torch holds it
        return [1, *output]

    assert held("model.28.postprocess") == case["detections"]
    dec_bboxes, dec_scores, enc_bboxes, enc_scores, _ = case["raw"]
    chosen = ("model.28.decoder.refined5", "model.28.dec_score_head.5")
    assert [held(name) for name in chosen] == [dec_bboxes[1:], dec_scores[1:]]
    assert [held("model.28.enc_bboxes"), held("model.28.enc_scores")] == [enc_bboxes, enc_scores]
