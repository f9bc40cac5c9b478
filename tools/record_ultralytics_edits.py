"""Record what Ultralytics builds from model YAMLs with one row edited by hand (the truth behind
`convcalc check --set 3.args.0=128` on an Ultralytics YAML).

Run in a venv with ultralytics (never a convcalc dependency):

    /work/uvenv/bin/python tools/record_ultralytics_edits.py

Each case is a shipped YAML (tests/fixtures/ultralytics/) at one scale with one value of one row
replaced in the parsed YAML, as editing the file would (before parse_model scales it). Per
`model.model[i]` it records the module's parameters and its output shape on a zero 640×640
image (eval, batch 1); per model the total parameters. Written to
tests/fixtures/ultralytics_edited.json.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("YOLO_OFFLINE", "1")
os.environ.setdefault("YOLO_CONFIG_DIR", "/tmp/convcalc-ultralytics-settings")

import torch
import ultralytics
from ultralytics.nn.tasks import DetectionModel, yaml_model_load

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import shape_of, write_atomic

ROOT = Path(__file__).resolve().parent.parent
YAMLS = ROOT / "tests" / "fixtures" / "ultralytics"
FIXTURE = ROOT / "tests" / "fixtures" / "ultralytics_edited.json"

# (YAML, scale, --set path, the value as YAML reads it)
CASES = [
    ("v8/yolov8.yaml", "n", "3.args.0", 128),
    ("v8/yolov8.yaml", "n", "2.repeats", 6),
    ("11/yolo11.yaml", "s", "9.args.1", 3),
]
COLUMNS = {"from": 0, "repeats": 1, "module": 2, "args": 3}


def edited(cfg: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    cfg = copy.deepcopy(cfg)
    row, column, *argument = path.split(".")
    rows = cfg["backbone"] + cfg["head"]
    target = rows[int(row)]
    if argument:
        target[3][int(argument[0])] = value
    else:
        target[COLUMNS[column]] = value
    return cfg


def record(path: str, scale: str, edit: str, value: Any) -> dict[str, Any]:
    cfg = yaml_model_load(YAMLS / path)
    cfg["scale"] = scale
    model = DetectionModel(edited(cfg, edit, value), verbose=False)
    model.eval()
    outputs: dict[int, Any] = {}
    hooks = [
        module.register_forward_hook(
            lambda _m, _i, out, index=index: outputs.__setitem__(index, shape_of(out))
        )
        for index, module in enumerate(model.model)
    ]
    with torch.no_grad():
        model(torch.zeros(1, 3, 640, 640))
    for hook in hooks:
        hook.remove()
    return {
        "yaml": path,
        "scale": scale,
        "set": f"{edit}={value}",
        "layers": [
            {"i": i, "params": sum(p.numel() for p in module.parameters()), "output": outputs[i]}
            for i, module in enumerate(model.model)
        ],
        "parameters": sum(p.numel() for p in model.parameters()),
    }


def main() -> None:
    fixture = {
        "generator": "tools/record_ultralytics_edits.py",
        "ultralytics": ultralytics.__version__,
        "torch": torch.__version__,
        "cases": [record(*case) for case in CASES],
    }
    write_atomic(FIXTURE, json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
