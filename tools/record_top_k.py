"""Record what torch.topk and Ultralytics' RT-DETR decoder do with sequences shorter than k (the
truth behind convcalc's `top_k` kind and RTDETRDecoder's query selection).

Run in a venv with ultralytics (and so torch), never a convcalc dependency:

    /work/uvenv/bin/python tools/record_top_k.py

Writes tests/fixtures/top_k.json:
- `topk`: torch.topk over dim 1 of [1, L, C] tensors and the last dim of [1, N] vectors, for
  k below, at and above the length: the output shape, or PyTorch's error message;
- `rtdetr`: rtdetr-l.yaml (scale l) built from the YAML alone, in eval, on zero images of a
  few sizes whose anchors (positions over the three levels) are fewer and more than its 300
  queries: the decoder's detections and raw outputs' shapes.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("YOLO_OFFLINE", "1")
os.environ.setdefault("YOLO_CONFIG_DIR", "/tmp/convcalc-ultralytics-settings")

import torch
import ultralytics
from ultralytics.nn.tasks import RTDETRDetectionModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import shape_of, write_atomic

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "top_k.json"
YAML = ROOT / "tests" / "fixtures" / "ultralytics" / "rt-detr" / "rtdetr-l.yaml"

SEQUENCES = [(10, 4), (300, 256), (84, 80)]
KS = [1, 10, 84, 100, 300, 301]
VECTORS = [24000, 300, 50]
IMAGE_SIZES = [32, 64, 160, 320, 640]


def topk_cases() -> list[dict[str, Any]]:
    cases = []
    shapes = [[1, length, channels] for length, channels in SEQUENCES] + [[1, n] for n in VECTORS]
    for shape in shapes:
        dim = 1 if len(shape) == 3 else -1
        for k in KS:
            case: dict[str, Any] = {"input": shape, "dim": dim, "k": k}
            try:
                case["output"] = list(torch.topk(torch.zeros(shape), k, dim=dim).values.shape)
            except RuntimeError as error:
                case["error"] = str(error).splitlines()[0]
            cases.append(case)
    return cases


def rtdetr_cases() -> list[dict[str, Any]]:
    model = RTDETRDetectionModel(str(YAML), verbose=False)
    model.eval()
    decoder = model.model[-1]
    cases = []
    for size in IMAGE_SIZES:
        with torch.no_grad():
            detections, raw = decoder(
                [
                    torch.zeros(1, c, size // s, size // s)
                    for c, s in zip((256, 256, 256), (8, 16, 32), strict=True)
                ]
            )
        cases.append({"image": size, "detections": shape_of(detections), "raw": shape_of(raw)})
    return cases


def main() -> None:
    fixture = {
        "generator": "tools/record_top_k.py",
        "torch": torch.__version__,
        "ultralytics": ultralytics.__version__,
        "topk": topk_cases(),
        "rtdetr": rtdetr_cases(),
    }
    write_atomic(FIXTURE, json.dumps(fixture, indent=1, sort_keys=True) + "\n")
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
