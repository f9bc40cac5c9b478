"""The importers' truth (tests/fixtures/importers.md) is whole and consistent with itself.

Until convcalc reads Darknet, Caffe and Ultralytics configs (issue 13), these checks guard the
recorded data: every config a truth file names is here to be read, the per-layer parameter counts
each framework recorded add up to the total it recorded, and every Ultralytics YAML the recorder
built is the file copied beside the fixture, under its licence.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DARKNET = FIXTURES / "darknet"
CAFFE = FIXTURES / "caffe"
ULTRALYTICS = FIXTURES / "ultralytics"


def load_json(path: Path) -> Any:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def darknet_truth() -> dict[str, Any]:
    return load_json(DARKNET / "truth.json")  # type: ignore[no-any-return]


@functools.cache
def caffe_truth() -> dict[str, Any]:
    return load_json(CAFFE / "truth.json")  # type: ignore[no-any-return]


@functools.cache
def ultralytics_truth() -> dict[str, Any]:
    plain = FIXTURES / "ultralytics_models.json"
    return load_json(plain if plain.exists() else plain.with_suffix(".json.gz"))  # type: ignore[no-any-return]


def test_licences_sit_beside_the_configs() -> None:
    for licence in (
        DARKNET / "LICENSE-pjreddie-darknet",
        CAFFE / "LICENSE-BVLC-caffe",
        ULTRALYTICS / "LICENSE",
    ):
        assert licence.stat().st_size > 500, licence


def test_every_darknet_cfg_recorded_is_here_and_every_cfg_here_is_recorded() -> None:
    cfgs = darknet_truth()["cfgs"]
    # The probe ran cfg/pjreddie/NAME.cfg; the fixture keeps pjreddie's own layout, cfg/NAME.cfg.
    recorded = {Path(entry["cfg"]).name for entry in cfgs.values()}
    assert recorded == {path.name for path in (DARKNET / "cfg").glob("*.cfg")}
    assert len(recorded) == 45
    assert all(entry["status"] == "ok" for entry in cfgs.values())


@pytest.mark.parametrize("name", sorted(json.loads((DARKNET / "truth.json").read_text())["cfgs"]))
def test_darknet_weights_floats_add_up(name: str) -> None:
    entry = darknet_truth()["cfgs"][name]
    layers = entry["layers"]
    assert [layer["i"] for layer in layers] == list(range(entry["n_layers"]))
    assert (
        sum(layer["weights_file_floats"] for layer in layers) == entry["weights_file_floats_total"]
    )


def test_every_caffe_prototxt_recorded_is_here() -> None:
    files = caffe_truth()["files"]
    assert files
    for path in files:
        assert (CAFFE / path).is_file(), path
    assert set(files) == {p.relative_to(CAFFE).as_posix() for p in CAFFE.rglob("*.prototxt")}


def caffe_runs() -> list[tuple[str, str]]:
    files = json.loads((CAFFE / "truth.json").read_text())["files"]
    return [
        (path, phase)
        for path, entry in sorted(files.items())
        for phase, run in sorted(entry["phases"].items())
        if run["caffe"]["rc"] == 0
    ]


@pytest.mark.parametrize(("path", "phase"), caffe_runs())
def test_caffe_blob_counts_add_up(path: str, phase: str) -> None:
    run = caffe_truth()["files"][path]["phases"][phase]["caffe"]
    for layer in run["layers"]:
        blob_total = sum(functools.reduce(lambda a, b: a * b, shape, 1) for shape in layer["blobs"])
        assert blob_total == layer["params"], layer["name"]
    assert sum(layer["params"] for layer in run["layers"]) == run["total_learnable_param_count"]


def test_every_shipped_ultralytics_yaml_is_here_and_recorded_or_explained() -> None:
    truth = ultralytics_truth()
    copied = {p.relative_to(ULTRALYTICS).as_posix() for p in ULTRALYTICS.rglob("*.yaml")}
    built = {entry["yaml"] for entry in truth["models"].values()}
    explained = {key.split("@")[0] for key in (*truth["failed"], *truth["not_recorded"])}
    assert built <= copied
    assert copied <= built | explained


def ultralytics_keys() -> list[str]:
    plain = FIXTURES / "ultralytics_models.json"
    return sorted(load_json(plain if plain.exists() else plain.with_suffix(".json.gz"))["models"])


@pytest.mark.parametrize("key", ultralytics_keys())
def test_ultralytics_model_is_consistent(key: str) -> None:
    entry = ultralytics_truth()["models"][key]
    layers = entry["layers"]
    assert [layer["i"] for layer in layers] == list(range(len(layers)))
    assert sum(layer["params"] for layer in layers) == entry["totals"]["parameters"]
    assert all(layer["params"] == layer["printed_params"] for layer in layers)
    spec = yaml.safe_load((ULTRALYTICS / entry["yaml"]).read_text(encoding="utf-8"))
    rows = spec["backbone"] + spec["head"]
    assert len(rows) == len(layers)
    assert [row[0] for row in rows] == [layer["from"] for layer in layers]
    scales = spec.get("scales") or {}
    assert (entry["scale"] in scales) if scales else entry["scale"] is None
    assert entry["scale_values"] == (scales[entry["scale"]] if scales else None)
    assert entry["forward_error"] is None
    assert all(layer["output_shape"] is not None for layer in layers)
