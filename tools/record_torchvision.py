"""Record torchvision's classic CNNs module by module as a convcalc test fixture.

Run by hand with an environment that has torch and torchvision (never dependencies of convcalc):

    /work/tvenv/bin/python tools/record_torchvision.py [--out PATH]

For each model (built with `weights=None`, so nothing is downloaded, and put in eval mode) a
forward hook is registered on every module, containers included, and a 1×3×224×224 zero tensor is
run through it. Per module name (torchvision's own, `features.0`, `layer2.0.downsample.1`) we
record the input and output shape of every call (channels-last), the module's own parameters and
buffers, the same summed over its submodules, and the model totals. The JSON is written
atomically with sorted model names and modules in `named_modules()` order, so a re-run on the
same torch/torchvision versions gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch
import torchvision  # type: ignore[import-untyped]
from fixture_io import write_atomic
from torch import nn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = "tests/fixtures/torchvision_layers.json"
INPUT_HWC = [224, 224, 3]

MODELS: dict[str, Callable[..., nn.Module]] = {
    "alexnet": torchvision.models.alexnet,
    "efficientnet_b0": torchvision.models.efficientnet_b0,
    "mobilenet_v2": torchvision.models.mobilenet_v2,
    "resnet18": torchvision.models.resnet18,
    "resnet50": torchvision.models.resnet50,
    "vgg16": torchvision.models.vgg16,
}

# torchvision's documented parameter counts (the "params" column of its model table); the
# recorder refuses to write a fixture that disagrees with them.
PUBLISHED_PARAMS = {
    "alexnet": 61_100_840,
    "efficientnet_b0": 5_288_548,
    "mobilenet_v2": 3_504_872,
    "resnet18": 11_689_512,
    "resnet50": 25_557_032,
    "vgg16": 138_357_544,
}

NOTES = (
    "One entry per torchvision module name (named_modules order; the root module is left out). "
    "Shapes are channels-last: [H, W, C] for feature maps, [n] for vectors (batch dropped). "
    "'outputs'/'inputs' hold one shape per call in call order (a module reused in forward, "
    "like ResNet's `relu` inside a block, is called 2 or 3 times; the spec writes such a "
    "module as layers `<name>1`, `<name>2`, ... in call order); 'inputs' is the first "
    "positional argument's shape. 'params' = sum(p.numel() for p in "
    "m.parameters(recurse=False)); 'buffers' = the numel of m's own buffers except "
    "num_batches_tracked (for BatchNorm: running_mean + running_var); 'params_total' and "
    "'buffers_total' are the same over the module and all its submodules. 'leaf' is true for "
    "modules without children. 'use_res_connect' (MobileNetV2's InvertedResidual only) is "
    "torchvision's own flag for the residual add. Functional operations (torch.flatten, "
    "ResNet's `out += identity`, MobileNetV2's `x + self.conv(x)` and its functional "
    "adaptive_avg_pool2d) have no module and no hook: they show only as the 'inputs' of the "
    "module that reads them."
)


def hwc(tensor: torch.Tensor) -> list[int]:
    """A batch-1 tensor's shape without the batch, channels last."""
    dims = list(tensor.shape[1:])
    return dims if len(dims) == 1 else [*dims[1:], dims[0]]


def own_buffers(module: nn.Module, recurse: bool) -> int:
    """Buffer elements, without BatchNorm's one-element num_batches_tracked counter."""
    return sum(
        buffer.numel()
        for name, buffer in module.named_buffers(recurse=recurse)
        if name.rsplit(".", 1)[-1] != "num_batches_tracked"
    )


def record_model(name: str, build: Callable[..., nn.Module]) -> dict[str, Any]:
    """Run one model forward on zeros and return its per-module record."""
    model = build(weights=None)
    model.eval()
    modules: dict[str, dict[str, Any]] = {}
    handles = []
    for module_name, module in model.named_modules():
        if not module_name:
            continue
        entry: dict[str, Any] = {
            "type": type(module).__name__,
            "leaf": not any(True for _ in module.children()),
            "outputs": [],
            "inputs": [],
            "params": sum(p.numel() for p in module.parameters(recurse=False)),
            "buffers": own_buffers(module, recurse=False),
            "params_total": sum(p.numel() for p in module.parameters()),
            "buffers_total": own_buffers(module, recurse=True),
        }
        if hasattr(module, "use_res_connect"):  # MobileNetV2's InvertedResidual
            entry["use_res_connect"] = bool(module.use_res_connect)
        modules[module_name] = entry

        def hook(
            _module: nn.Module,
            args: tuple[Any, ...],
            output: torch.Tensor,
            entry: dict[str, Any] = entry,
        ) -> None:
            # Shapes are taken before an inplace successor could touch the tensor.
            entry["inputs"].append(hwc(args[0]))
            entry["outputs"].append(hwc(output))

        handles.append(module.register_forward_hook(hook))
    x = torch.zeros(1, INPUT_HWC[2], INPUT_HWC[0], INPUT_HWC[1])
    with torch.no_grad():
        out = model(x)
    for handle in handles:
        handle.remove()
    # EfficientNet's MBConv builds a StochasticDepth in every block but calls it only on the
    # residual path: identity in eval mode, no parameters, nothing to check when not called.
    optional = {n for n, m in model.named_modules() if type(m).__name__ == "StochasticDepth"}
    never_called = [n for n, entry in modules.items() if not entry["outputs"] and n not in optional]
    if never_called:
        raise AssertionError(f"{name}: modules never called: {never_called}")
    total = sum(p.numel() for p in model.parameters())
    if total != PUBLISHED_PARAMS[name]:
        raise AssertionError(
            f"{name}: {total} parameters, torchvision documents {PUBLISHED_PARAMS[name]}"
        )
    return {
        "total_params": total,
        "total_buffers": own_buffers(model, recurse=True),
        "output": hwc(out),
        "modules": modules,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(DEFAULT_OUT), help="output path (relative to repo root)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out if args.out.is_absolute() else REPO_ROOT / args.out
    torch.manual_seed(0)
    torch.set_num_threads(min(2, torch.get_num_threads()))
    models = {name: record_model(name, MODELS[name]) for name in sorted(MODELS)}
    document = {
        "generator": "tools/record_torchvision.py",
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "input": INPUT_HWC,
        "notes": NOTES,
        "models": models,
    }
    write_atomic(out, json.dumps(document, indent=1) + "\n")
    for name, model in models.items():
        leaves = sum(1 for entry in model["modules"].values() if entry["leaf"])
        reused = [n for n, entry in model["modules"].items() if len(entry["outputs"]) > 1]
        sys.stderr.write(
            f"{name}: {model['total_params']:,} params, {model['total_buffers']:,} buffers, "
            f"{len(model['modules'])} modules ({leaves} leaves), output {model['output']}, "
            f"{len(reused)} modules called more than once\n"
        )
    sys.stderr.write(f"wrote {out} ({out.stat().st_size} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
