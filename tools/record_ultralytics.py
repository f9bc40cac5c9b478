"""Record what Ultralytics itself builds from every model YAML it ships (issue 13's truth).

Run in a separate venv that has ultralytics (never a convcalc dependency):

    python3 -m venv /work/uvenv
    /work/uvenv/bin/pip install torch==2.14.1 torchvision==0.29.1 ultralytics
    /work/uvenv/bin/python tools/record_ultralytics.py [--only-first-scale] [--deadline HH:MM]

For every `ultralytics/cfg/models/**.yaml` and every scale its `scales:` defines (files without
scales: once), the model is built from the YAML alone, the way `YOLO("….yaml")` builds it (the
task from `guess_model_task`, the model class from YOLO's/YOLOWorld's/YOLOE's/RTDETR's task map),
offline and without weights. Per `model.model[i]` it records `from`, the repeats after depth
scaling, the module type, the arguments after width scaling exactly as `parse_model` printed them,
the module's own parameters and its output on a zero input (eval mode, batch 1) at the task's
default size (224 for classification, 640 otherwise); per model the totals `model.info()` reports
(layers, parameters, gradients, GFLOPs at 640 — ultralytics' `get_flops`, i.e. thop's stride-aware
profile) and, for classifiers, GFLOPs at 224 too.

Each built model is appended to a resumable cache (`--cache`), so a run stopped by its deadline
continues where it stopped; the fixture is assembled from the cache at the end of every run. The
shipped YAMLs are copied beside it with Ultralytics' licence (AGPL-3.0).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import datetime
import fcntl
import gzip
import json
import logging
import os
import re
import sys
import time
import traceback
from pathlib import Path
from typing import Any

os.environ.setdefault("YOLO_OFFLINE", "1")  # nothing is fetched
# parse_model's printed table is where the arguments after scaling are read from.
os.environ.setdefault("YOLO_VERBOSE", "True")
os.environ.setdefault("YOLO_CONFIG_DIR", "/tmp/convcalc-ultralytics-settings")

import torch
import ultralytics
from ultralytics.nn import tasks
from ultralytics.utils import LOGGER
from ultralytics.utils.torch_utils import get_flops, model_info

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import write_atomic

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
YAML_COPIES = FIXTURES / "ultralytics"
PACKAGE = Path(ultralytics.__file__).resolve().parent
MODELS_DIR = PACKAGE / "cfg" / "models"
CLASSIFY_SIZE = 224
DEFAULT_SIZE = 640
# Fixtures above this are gzipped, like tests/fixtures/torchvision_zoo.json.gz.
GZIP_ABOVE_BYTES = 4_000_000

# parse_model's row: f"{i:>3}{f!s:>20}{n_:>3}{m_.np:10.0f}  {t:<45}{args!s:<30}"
TABLE_ROW = re.compile(r"^\s*(\d+)\s*(-?\d+|\[[^\]]*\])\s+(\d+)\s+(\d+)  (\S+)\s*(.*?)\s*$")


class Capture(logging.Handler):
    """Every message the ultralytics logger emits while a model is built and summarised."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.extend(record.getMessage().splitlines())


def nested_shape(value: Any) -> Any:
    """A module output as JSON: a tensor as its shape, containers as containers of shapes."""
    if isinstance(value, torch.Tensor):
        return list(value.shape)
    if isinstance(value, (list, tuple)):
        return [nested_shape(item) for item in value]
    if isinstance(value, dict):
        return {str(key): nested_shape(item) for key, item in value.items()}
    if value is None:
        return None
    return f"<{type(value).__name__}>"


def parse_args_text(text: str) -> Any:
    """parse_model's printed argument list as data where it is a literal, else the text."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _args_text(line: str, module_type: str, row: re.Match[str]) -> str:
    """The printed arguments: the text after the module type. A type of 45 characters or more
    (`ultralytics.nn.modules.block.ImagePoolingAttn`) leaves no space before them, so the
    table's pattern alone would cut the first argument off with the type."""
    if module_type in line:
        return line.split(module_type, 1)[1].strip()
    return row.group(6)


def model_class(path: Path, cfg: dict[str, Any], task: str) -> type:
    """The class `YOLO(path)` builds for this YAML.

    As in ultralytics/models/yolo/model.py and rtdetr/model.py."""
    from ultralytics.models.rtdetr.model import RTDETR
    from ultralytics.models.yolo.model import YOLO, YOLOE, YOLOWorld

    if "-world" in path.stem:
        return YOLOWorld.task_map.fget(None)["detect"]["model"]  # type: ignore[attr-defined,no-any-return]
    if "yoloe" in path.stem:
        return YOLOE.task_map.fget(None)[task]["model"]  # type: ignore[attr-defined,no-any-return]
    if "RTDETR" in cfg["head"][-1][2]:
        return RTDETR.task_map.fget(None)["detect"]["model"]  # type: ignore[attr-defined,no-any-return]
    return YOLO.task_map.fget(None)[task]["model"]  # type: ignore[attr-defined,no-any-return]


def jobs() -> list[tuple[str, str | None]]:
    """(YAML path relative to cfg/models, scale or None) in recording order."""
    found = []
    for path in sorted(MODELS_DIR.rglob("*.yaml")):
        cfg = tasks.yaml_model_load(path)
        scales = list(cfg.get("scales") or {})
        found.append((path.relative_to(MODELS_DIR).as_posix(), scales or [None]))
    return [(rel, scales[0]) for rel, scales in found] + [
        (rel, scale) for rel, scales in found for scale in scales[1:]
    ]


def key_of(rel: str, scale: str | None) -> str:
    return f"{rel}@{scale}" if scale else rel


def record_one(rel: str, scale: str | None) -> dict[str, Any]:
    """Build one YAML at one scale and record it."""
    path = MODELS_DIR / rel
    cfg = tasks.yaml_model_load(path)  # as Model._new loads it: scale guessed from the file name
    if scale is not None:
        cfg["scale"] = scale
    task = tasks.guess_model_task(cfg)
    cls = model_class(path, cfg, task)
    capture = Capture()
    LOGGER.addHandler(capture)
    level = LOGGER.level
    LOGGER.setLevel(logging.INFO)
    info = tasks.BaseModel.info
    # The constructor's own model.info() is skipped (it runs once, explicitly, below).
    tasks.BaseModel.info = lambda self, *a, **k: None  # type: ignore[method-assign]
    try:
        started = time.monotonic()
        model = cls(copy.deepcopy(cfg), ch=3, nc=None, verbose=True)
        built_s = time.monotonic() - started
    finally:
        tasks.BaseModel.info = info  # type: ignore[method-assign]
    rows = {}
    texts = {}  # each row's printed line
    for line in capture.lines:
        match = TABLE_ROW.match(line)
        if match:
            rows[int(match.group(1))] = match
            texts[int(match.group(1))] = line
    capture.lines.clear()
    try:
        n_layers, n_params, n_grads, gflops = model_info(model, verbose=True, imgsz=DEFAULT_SIZE)
        summary = [line for line in capture.lines if " summary" in line]
    finally:
        LOGGER.removeHandler(capture)
        LOGGER.setLevel(level)
    imgsz = CLASSIFY_SIZE if task == "classify" else DEFAULT_SIZE

    outputs: dict[int, Any] = {}

    def hook(index: int) -> Any:
        def keep(_module: Any, _inputs: Any, output: Any) -> None:
            outputs[index] = nested_shape(output)

        return keep

    handles = [layer.register_forward_hook(hook(i)) for i, layer in enumerate(model.model)]
    forward_error = None
    try:
        model.eval()
        with torch.no_grad():
            model(torch.zeros(1, 3, imgsz, imgsz))
    except Exception as error:  # recorded: the shapes reached before it stay recorded
        forward_error = f"{type(error).__name__}: {error}"
    finally:
        for handle in handles:
            handle.remove()

    layers = []
    for i, layer in enumerate(model.model):
        row = rows.get(i)
        args_text = _args_text(texts[i], layer.type, row) if row else None
        layers.append(
            {
                "i": i,
                "from": layer.f,
                "n": int(row.group(3)) if row else None,
                "type": layer.type,
                "args": parse_args_text(args_text) if args_text is not None else None,
                "args_text": args_text,
                "params": sum(p.numel() for p in layer.parameters()),
                "printed_params": int(row.group(4)) if row else None,
                "output_shape": outputs.get(i),
            }
        )
    scales = cfg.get("scales") or {}
    entry: dict[str, Any] = {
        "yaml": rel,
        "scale": scale,
        "scale_values": scales.get(scale) if scale else None,
        "task": task,
        "model_class": cls.__name__,
        "nc": model.yaml.get("nc"),
        "channels": 3,
        "imgsz": imgsz,
        "stride": [float(s) for s in model.stride.flatten()],
        "save": list(model.save),
        "layers": layers,
        "forward_error": forward_error,
        "totals": {
            "layers": n_layers,
            "parameters": n_params,
            "gradients": n_grads,
            "gflops": gflops,
            "gflops_imgsz": DEFAULT_SIZE,
        },
        "summary_line": summary[-1] if summary else None,
        "build_seconds": round(built_s, 1),
    }
    if imgsz != DEFAULT_SIZE:
        entry["totals"]["gflops_at_default_size"] = get_flops(model, imgsz)
    return entry


def read_cache(cache: Path) -> dict[str, dict[str, Any]]:
    done: dict[str, dict[str, Any]] = {}
    if cache.exists():
        for line in cache.read_text().splitlines():
            if line.strip():
                entry = json.loads(line)
                done[entry["key"]] = entry
    return done


def assemble(cache: Path, all_jobs: list[tuple[str, str | None]]) -> None:
    """Write the fixture from the cache: models in job order, keys sorted."""
    import thop

    done = read_cache(cache)
    models = {}
    failed = {}
    for rel, scale in all_jobs:
        key = key_of(rel, scale)
        entry = done.get(key)
        if entry is None:
            continue
        if "error" in entry:
            failed[key] = entry["error"]
        else:
            models[key] = {k: v for k, v in entry.items() if k not in {"key", "build_seconds"}}
    not_recorded = [key_of(r, s) for r, s in all_jobs if key_of(r, s) not in done]
    document = {
        "generator": "tools/record_ultralytics.py",
        "ultralytics": ultralytics.__version__,
        "torch": torch.__version__,
        "thop": getattr(thop, "__version__", "installed"),
        "notes": [
            "Built from the shipped YAML only (no weights), offline, as YOLO('x.yaml') builds it.",
            "Keys: '<path under ultralytics/cfg/models>@<scale>', or the path alone for files",
            "  without scales.",
            "layers[i]: model.model[i]. from; n (repeats after depth scaling, as parse_model",
            "  prints it); type; args (parse_model's printed argument list after width scaling,",
            "  parsed as a literal; args_text is the printed text); params (its own parameters);",
            "  output_shape (eval mode, zeros [1, 3, imgsz, imgsz]; nested shapes for heads).",
            "totals: model.info() at imgsz 640 (layers = leaf modules, parameters, gradients,",
            "  GFLOPs). GFLOPs are ultralytics' get_flops: thop.profile with stride-aware",
            "  extrapolation from a stride-sized proxy image, x2 for MACs to FLOPs;",
            "  gflops_at_default_size is the same figure at imgsz (classifiers: 224).",
            "failed: models Ultralytics could not build on CPU offline, with the error.",
            "not_recorded: scales left out of this run (time).",
        ],
        "models": models,
        "failed": failed,
        "not_recorded": not_recorded,
    }
    text = json.dumps(document, sort_keys=True, indent=1) + "\n"
    target = FIXTURES / "ultralytics_models.json"
    if len(text.encode()) > GZIP_ABOVE_BYTES:
        write_atomic(target.with_suffix(".json.gz"), gzip.compress(text.encode(), mtime=0))
        target.unlink(missing_ok=True)
    else:
        write_atomic(target, text)
        target.with_suffix(".json.gz").unlink(missing_ok=True)
    print(
        f"{len(models)} recorded, {len(failed)} failed, {len(not_recorded)} not recorded",
        flush=True,
    )


def copy_yamls() -> None:
    for path in sorted(MODELS_DIR.rglob("*.yaml")):
        write_atomic(YAML_COPIES / path.relative_to(MODELS_DIR), path.read_bytes())
    dist = next(PACKAGE.parent.glob(f"ultralytics-{ultralytics.__version__}.dist-info"))
    licence = next(p for p in dist.rglob("LICENSE*") if p.is_file())
    write_atomic(YAML_COPIES / "LICENSE", licence.read_bytes())
    write_atomic(
        YAML_COPIES / "SOURCE.md",
        f"Model YAMLs shipped in the `ultralytics` {ultralytics.__version__} wheel, "
        "`ultralytics/cfg/models/`, copied unchanged by tools/record_ultralytics.py.\n"
        "Licence: AGPL-3.0 (LICENSE, from the package's dist-info).\n",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/convcalc-ultralytics-cache.jsonl"))
    parser.add_argument("--deadline", help="HH:MM UTC: start no new model after it")
    parser.add_argument("--only", help="regex on 'path@scale' keys to record")
    parser.add_argument("--assemble-only", action="store_true")
    parser.add_argument("--reverse", action="store_true", help="start from the last job")
    options = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    all_jobs = jobs()
    copy_yamls()
    deadline = None
    if options.deadline:
        hour, minute = (int(x) for x in options.deadline.split(":"))
        now = datetime.datetime.now(datetime.timezone.utc)
        deadline = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if not options.assemble_only:
        for rel, scale in reversed(all_jobs) if options.reverse else all_jobs:
            key = key_of(rel, scale)
            if key in read_cache(options.cache) or (
                options.only and not re.search(options.only, key)
            ):
                continue
            if deadline and datetime.datetime.now(datetime.timezone.utc) >= deadline:
                print("deadline reached", flush=True)
                break
            started = time.monotonic()
            try:
                entry = record_one(rel, scale)
            except Exception as error:
                entry = {"error": f"{type(error).__name__}: {error}"}
                entry["trace"] = traceback.format_exc(limit=3)
            entry["key"] = key
            with options.cache.open("a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)  # two workers may share the cache
                handle.write(json.dumps(entry, sort_keys=True) + "\n")
            status = entry.get("error") or entry.get("forward_error") or "ok"
            print(f"{key}: {time.monotonic() - started:.1f}s {status}", flush=True)
    assemble(options.cache, all_jobs)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
