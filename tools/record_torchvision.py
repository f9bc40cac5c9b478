"""Record torchvision's CNNs module by module as convcalc test fixtures.

Run by hand with an environment that has torch and torchvision (never dependencies of convcalc):

    /work/tvenv/bin/python tools/record_torchvision.py [--out PATH]
    /work/tvenv/bin/python tools/record_torchvision.py --zoo [--out PATH] [--only NAME ...]

Without `--zoo` it writes tests/fixtures/torchvision_layers.json: the five classic nets that
specs/torchvision/ spells out, at 224×224. With `--zoo` it writes
tests/fixtures/torchvision_zoo.json.gz: every CNN that `torchvision.models.list_models()` lists
for classification and semantic segmentation, at every size torchvision ships, at 224×224 and
also at the input size torchvision's published weights are evaluated at where that differs.
Vision transformers (ViT, Swin, MaxViT) are left out and listed in the fixture with the reason.

Every model is built with `weights=None` (so nothing is downloaded; the segmentation models also
with `weights_backbone=None`) and the other arguments its DEFAULT published weights are built
with, and put in eval mode. A forward pre-hook and a forward hook are registered on every module,
containers included, and a batch-1 zero image is run through it under `torch.no_grad()`. Per
module name (torchvision's own: `features.0`, `layer2.0.downsample.1`) we record the input and
output shape of every call (channels-last), the module's own parameters and buffers, and the same
summed over its submodules. A TorchFunctionMode records, in call order among the leaf modules,
every tensor operation a container's forward does itself (the residual add, torch.cat,
ShuffleNet's channel shuffle, F.relu in GoogLeNet's BasicConv2d): the operations convcalc's
specs must write as layers though no module stands for them.

The recorder refuses to write a fixture whose parameter count for any model differs from
torchvision's published one (`num_params` of the model's DEFAULT weights, which torchvision keeps
in code). The JSON has sorted model names and modules in `named_modules()` order; a re-run on the
same torch/torchvision versions gives the same bytes (the gzip header carries no time or name).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torchvision  # type: ignore[import-untyped]
from fixture_io import write_atomic
from torch import nn
from torch.overrides import TorchFunctionMode
from torchvision.ops import StochasticDepth  # type: ignore[import-untyped]
from torchvision.ops.misc import Permute  # type: ignore[import-untyped]

REPO_ROOT = Path(__file__).resolve().parent.parent
CLASSIC_OUT = "tests/fixtures/torchvision_layers.json"
ZOO_OUT = "tests/fixtures/torchvision_zoo.json.gz"
BASE_SIZE = 224

# The nets specs/torchvision/ spells out (the classic fixture).
CLASSIC_MODELS = ("alexnet", "efficientnet_b0", "mobilenet_v2", "resnet18", "resnet50", "vgg16")

# torchvision.models modules whose classification models are not CNNs: their token mixing is
# attention, which issue 10's layer catalog does not cover.
SKIPPED_FAMILIES = {
    "vision_transformer": "vision transformer (patch embedding + attention), not a CNN",
    "swin_transformer": "Swin transformer (windowed attention), not a CNN",
    "maxvit": "MaxViT: MBConv blocks interleaved with block and grid attention, not a pure CNN",
}

CLASSIC_NOTES = (
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

ZOO_NOTES = (
    "models[NAME]: 'family' is the torchvision.models module that builds it; 'build' the keyword "
    "arguments it was built with (weights=None always; the rest as torchvision builds its "
    "DEFAULT published weights: segmentation models with aux_loss=True where they have one, "
    "GoogLeNet without aux classifiers, Inception v3 with its AuxLogits module); 'published' "
    "is that DEFAULT weights entry's metadata: num_params, gflops (torchvision's '_ops', at "
    "crop_size, or at resize_size×resize_size for segmentation), min_size, crop_size and "
    "resize_size of its transforms. 'total_params' always equals published num_params. "
    "'not_called' lists modules that exist (and are counted in the totals) but whose forward "
    "does not run in eval mode: Inception v3's AuxLogits subtree (training only), the empty "
    "`branch1` Sequential of ShuffleNetV2's stride-1 blocks, the `stochastic_depth` of "
    "EfficientNet blocks without a residual add (use_res_connect false), and ModuleLists, "
    "which have no forward (DeepLabV3's `classifier.0.convs`: its children do run). "
    "'params_called' is the "
    "total without the own parameters of those modules. 'sizes' "
    "are the recorded inputs [H, W, 3]: 224×224, and the published crop size (classification) "
    "or resize size (segmentation, as a square) where that differs; runs and calls are keyed "
    "'HxW'. "
    "modules[NAME] (named_modules order, root left out): 'type' (class name; 'defined_in' its "
    "Python module when not torch.nn), 'leaf' (no children), 'params'/'buffers' the module's "
    "own (buffers without BatchNorm's num_batches_tracked), 'params_total'/'buffers_total' over "
    "the module and its submodules, 'calls'[HxW] = {'inputs': shape of the first positional "
    "argument per call, 'outputs': output shape per call}, in call order (a module reused in "
    "forward, like ResNet's `relu`, has 2 or 3 calls). Optional: 'repr' (a leaf's "
    "extra_repr(), torch's description of its arguments), 'inplace' (the module's inplace flag "
    "is set), 'use_res_connect' / 'apply_residual' (torchvision's own flag for a "
    "residual add), 'dims' (a Permute module's permutation), 'torch_channels_last' (torch "
    "itself holds this module's input or output as [N, H, W, C]: ConvNeXt's blocks between "
    "their two Permute modules, where LayerNorm and Linear act on the last axis). "
    "Shapes: batch dropped, channels last: [H, W, C] for 4-D tensors, [n] for 2-D ones; other "
    "ranks (the 5-D view inside ShuffleNet's channel_shuffle) keep torch's order; a dict output "
    "(segmentation backbones and models) is a dict of shapes, a tuple a list of shapes. "
    "runs[HxW]: 'output' is the model's output shape; 'trace' is everything that ran, in order: "
    "a string is one call of that leaf module; an object is a tensor operation done in a "
    "container's own forward with no module of its own ('op': Tensor.NAME for a tensor method, "
    "torch.NAME, F.NAME for torch.nn.functional; a name ending in '_' or starting '__i' is "
    "in-place; 'in': the container whose forward did it, '' for the model's own forward; "
    "'args'/'kwargs' as called, a tensor written as {'shape': ...} and a parameter (ConvNeXt's "
    "layer_scale) as {'parameter': torch's own shape}; 'output' its result's "
    "shape). Dimension arguments of such operations (x.mean([2, 3]), torch.cat(..., 1), "
    "torch.flatten(x, 1)) are torch's NCHW dimension numbers."
)


@dataclass(frozen=True)
class Model:
    """How to build one torchvision model and what torchvision publishes about it."""

    name: str
    family: str
    task: str
    build: dict[str, Any]
    sizes: tuple[int, ...]
    published: dict[str, Any]
    not_called: tuple[str, ...] = ()


def published_metadata(name: str) -> dict[str, Any]:
    """The DEFAULT weights entry's metadata: in torchvision's code, nothing is downloaded."""
    weights = torchvision.models.get_model_weights(name).DEFAULT
    transform = weights.transforms.keywords
    return {
        "weights": f"{type(weights).__name__}.{weights.name}",
        "num_params": weights.meta["num_params"],
        "gflops": weights.meta["_ops"],
        "min_size": list(weights.meta["min_size"]),
        "crop_size": transform.get("crop_size"),
        "resize_size": transform.get("resize_size"),
    }


def zoo_models() -> tuple[list[Model], dict[str, str]]:
    """Every torchvision classification and segmentation CNN, and the models left out (why)."""
    models: list[Model] = []
    skipped: dict[str, str] = {}
    for module, task in (
        (torchvision.models, "classification"),
        (torchvision.models.segmentation, "segmentation"),
    ):
        for name in torchvision.models.list_models(module=module):
            family = torchvision.models.get_model_builder(name).__module__.rsplit(".", 1)[-1]
            if family in SKIPPED_FAMILIES:
                skipped[name] = SKIPPED_FAMILIES[family]
                continue
            published = published_metadata(name)
            build: dict[str, Any] = {"weights": None}
            not_called: tuple[str, ...] = ()
            if task == "segmentation":
                build["weights_backbone"] = None
                if family != "lraspp":
                    build["aux_loss"] = True  # as torchvision builds the published weights
                native = published["resize_size"]
            else:
                native = published["crop_size"]
            if name == "googlenet":
                # The published model drops its aux classifiers; the input transform is left out
                # so the first module reads the image as given.
                build.update(aux_logits=False, transform_input=False, init_weights=True)
            if name == "inception_v3":
                # The published model keeps AuxLogits (counted in num_params), which runs in
                # training only.
                build.update(aux_logits=True, transform_input=False, init_weights=True)
                not_called = ("AuxLogits",)
            sizes = (BASE_SIZE,) if native == BASE_SIZE else (BASE_SIZE, native)
            models.append(Model(name, family, task, build, sizes, published, not_called))
    return sorted(models, key=lambda model: model.name), skipped


def own_buffers(module: nn.Module, recurse: bool) -> int:
    """Buffer elements, without BatchNorm's one-element num_batches_tracked counter."""
    return sum(
        buffer.numel()
        for name, buffer in module.named_buffers(recurse=recurse)
        if name.rsplit(".", 1)[-1] != "num_batches_tracked"
    )


def tensor_shape(tensor: torch.Tensor, channels_last: bool) -> list[int]:
    """A batch-1 tensor's shape without the batch; NCHW maps reordered to [H, W, C]."""
    dims = list(tensor.shape[1:])
    if len(dims) != 3 or channels_last:
        return dims
    return [*dims[1:], dims[0]]


class Recorder(TorchFunctionMode):
    """Hooks on every module plus a TorchFunctionMode for the operations between modules."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model
        self.entries: dict[str, dict[str, Any]] = {}
        self.leaves: set[str] = set()
        self.stack: list[str] = []
        # Tensors torch holds as [N, H, W, C], kept alive so their ids stay unique.
        self.channels_last: dict[int, torch.Tensor] = {}
        self.trace: list[Any] = []
        self.size_key = ""
        self.paused = True

    def shape(self, value: Any) -> Any:
        """The recorded form of a module's or operation's input or output."""
        if isinstance(value, torch.Tensor):
            return tensor_shape(value, id(value) in self.channels_last)
        if isinstance(value, dict):
            return {str(key): self.shape(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.shape(item) for item in value]
        return None

    def argument(self, value: Any) -> Any:
        """A JSON form of an operation's argument; tensors by their shape."""
        if isinstance(value, nn.Parameter):  # no batch dimension: torch's own shape
            return {"parameter": list(value.shape)}
        if isinstance(value, torch.Tensor):
            return {"shape": self.shape(value)}
        if isinstance(value, (list, tuple)):
            return [self.argument(item) for item in value]
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        return repr(value)

    @contextmanager
    def hooked(self) -> Iterator[None]:
        """Hooks on every module for the duration of the block."""
        handles = []
        for name, module in self.model.named_modules():
            if not any(True for _ in module.children()):
                self.leaves.add(name)
            handles.append(module.register_forward_pre_hook(self.pre_hook(name)))
            handles.append(module.register_forward_hook(self.post_hook(name, module)))
        try:
            yield
        finally:
            for handle in handles:
                handle.remove()

    def pre_hook(self, name: str) -> Callable[..., None]:
        def hook(_module: nn.Module, _args: tuple[Any, ...]) -> None:
            self.stack.append(name)

        return hook

    def post_hook(self, name: str, module: nn.Module) -> Callable[..., None]:
        leaf = name in self.leaves

        def hook(_module: nn.Module, args: tuple[Any, ...], output: Any) -> None:
            self.paused = True
            self.stack.pop()
            if not name:  # the model itself: its output is the run's
                self.paused = False
                return
            first = args[0] if args else None
            input_channels_last = id(first) in self.channels_last
            if isinstance(module, Permute):
                output_channels_last = list(module.dims) == [0, 2, 3, 1]
            elif leaf:  # LayerNorm, Linear, GELU act on the last axis: the layout carries over
                output_channels_last = input_channels_last
            else:
                output_channels_last = id(output) in self.channels_last
            if output_channels_last and isinstance(output, torch.Tensor):
                self.channels_last[id(output)] = output
            entry = self.entries[name]
            calls = entry["calls"].setdefault(self.size_key, {"inputs": [], "outputs": []})
            # Shapes are taken before an inplace successor could touch the tensor.
            calls["inputs"].append(self.shape(first))
            calls["outputs"].append(self.shape(output))
            if input_channels_last or output_channels_last:
                entry["torch_channels_last"] = True
            if leaf:
                self.trace.append(name)
            self.paused = False

        return hook

    def __torch_function__(
        self,
        func: Callable[..., Any],
        types: Any,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        kwargs = kwargs or {}
        result = func(*args, **kwargs)
        tensors = result if isinstance(result, (tuple, list)) else (result,)
        inside_leaf = bool(self.stack) and self.stack[-1] in self.leaves
        if (
            self.paused
            or inside_leaf
            or not tensors
            or not all(isinstance(t, torch.Tensor) for t in tensors)
        ):
            return result  # a shape query, or the inside of a module that is recorded whole
        first = next((a for a in args if isinstance(a, torch.Tensor)), None)
        if first is not None and id(first) in self.channels_last and func is not torch.permute:
            for tensor in tensors:
                self.channels_last[id(tensor)] = tensor
        record: dict[str, Any] = {
            "op": operation_name(func),
            "in": self.stack[-1] if self.stack else "",
            "args": self.argument(args),
        }
        if kwargs:
            record["kwargs"] = {key: self.argument(value) for key, value in kwargs.items()}
        record["output"] = self.shape(result)
        self.trace.append(record)
        return result

    def run(self, size: int) -> Any:
        """One forward pass on a size×size zero image; returns the output's recorded shape."""
        self.size_key = f"{size}x{size}"
        self.trace = []
        self.channels_last = {}
        self.stack = []
        image = torch.zeros(1, 3, size, size)
        with torch.no_grad(), self.hooked(), self:
            self.paused = False
            try:
                output = self.model(image)
            finally:
                self.paused = True
        if self.stack:
            raise AssertionError(f"unbalanced module hooks: {self.stack}")
        return self.shape(output)


def operation_name(func: Callable[..., Any]) -> str:
    """Tensor.NAME, F.NAME or torch.NAME for a function a TorchFunctionMode sees."""
    name = getattr(func, "__name__", repr(func))
    if getattr(func, "__qualname__", "").startswith(("TensorBase.", "Tensor.")):
        return f"Tensor.{name}"
    # F.avg_pool2d is torch._C._nn.avg_pool2d itself: name it as the code calls it.
    if getattr(torch.nn.functional, name, None) is func:
        return f"F.{name}"
    if getattr(torch, name, None) is func:
        return f"torch.{name}"
    raise AssertionError(f"unknown tensor operation {func!r}")


def module_entry(module: nn.Module) -> dict[str, Any]:
    """What a module is, before it runs: its type, parameters, buffers and flags."""
    kind = type(module)
    entry: dict[str, Any] = {"type": kind.__name__}
    if not kind.__module__.startswith("torch.nn."):
        entry["defined_in"] = kind.__module__
    entry.update(
        leaf=not any(True for _ in module.children()),
        params=sum(p.numel() for p in module.parameters(recurse=False)),
        buffers=own_buffers(module, recurse=False),
        params_total=sum(p.numel() for p in module.parameters()),
        buffers_total=own_buffers(module, recurse=True),
    )
    description = module.extra_repr()
    if entry["leaf"] and description:
        entry["repr"] = description
    if getattr(module, "inplace", False) is True:
        entry["inplace"] = True
    for flag in ("use_res_connect", "apply_residual"):
        if hasattr(module, flag):
            entry[flag] = bool(getattr(module, flag))
    if isinstance(module, Permute):
        entry["dims"] = list(module.dims)
    entry["calls"] = {}
    return entry


def record_model(spec: Model) -> dict[str, Any]:
    """Run one model forward on zeros at each of its sizes and return its record."""
    model = torchvision.models.get_model(spec.name, **spec.build)
    model.eval()
    total = sum(p.numel() for p in model.parameters())
    if total != spec.published["num_params"]:
        raise AssertionError(
            f"{spec.name}: {total:,} parameters, torchvision publishes "
            f"{spec.published['num_params']:,}"
        )
    names = [name for name, _ in model.named_modules(remove_duplicate=False)]
    if len(names) != len(list(model.named_modules())):
        # named_modules() would hide the second name of a shared module, and its calls.
        raise AssertionError(f"{spec.name}: a module is registered under more than one name")
    recorder = Recorder(model)
    recorder.entries = {
        name: module_entry(module) for name, module in model.named_modules() if name
    }
    runs: dict[str, Any] = {}
    for size in spec.sizes:
        output = recorder.run(size)
        runs[recorder.size_key] = {"output": output, "trace": recorder.trace}
    never_called = [name for name, entry in recorder.entries.items() if not entry["calls"]]
    unexpected = [
        name
        for name in never_called
        if not any(name == top or name.startswith(f"{top}.") for top in spec.not_called)
        and not never_runs_itself(model, name)
    ]
    if unexpected:
        raise AssertionError(f"{spec.name}: modules never called: {unexpected}")
    leaf_orders = {
        json.dumps([step for step in run["trace"] if isinstance(step, str)])
        for run in runs.values()
    }
    if len(leaf_orders) != 1:
        raise AssertionError(f"{spec.name}: the leaf modules run in a different order per size")
    params_not_called = sum(recorder.entries[name]["params"] for name in never_called)
    return {
        "family": spec.family,
        "task": spec.task,
        "build": spec.build,
        "published": spec.published,
        "total_params": total,
        "total_buffers": own_buffers(model, recurse=True),
        "not_called": never_called,
        "params_called": total - params_not_called,
        "sizes": [[size, size, 3] for size in spec.sizes],
        "runs": runs,
        "modules": recorder.entries,
    }


def never_runs_itself(model: nn.Module, name: str) -> bool:
    """A module whose forward torchvision never calls, by design: a container without a forward
    of its own (DeepLabV3's ASPP keeps its branches in a ModuleList, `classifier.0.convs`, and
    calls each), an empty one (ShuffleNetV2's stride-1 blocks have `branch1 = nn.Sequential()`
    and skip it), or the stochastic depth of an EfficientNet block without a residual add."""
    module = model.get_submodule(name)
    if type(module).forward is nn.Module.forward:
        return True
    if isinstance(module, StochasticDepth):
        parent = model.get_submodule(name.rpartition(".")[0])
        return getattr(parent, "use_res_connect", True) is False
    return isinstance(module, (nn.Sequential, nn.ModuleList, nn.ModuleDict)) and len(module) == 0


def classic_record(record: dict[str, Any]) -> dict[str, Any]:
    """The 224×224 part of a zoo record, in the classic fixture's format."""
    key = f"{BASE_SIZE}x{BASE_SIZE}"
    modules: dict[str, dict[str, Any]] = {}
    for name, entry in record["modules"].items():
        # A module that never ran (EfficientNet's stochastic depth without a residual) has no calls.
        calls = entry["calls"].get(key, {"outputs": [], "inputs": []})
        classic = {
            "type": entry["type"],
            "leaf": entry["leaf"],
            "outputs": calls["outputs"],
            "inputs": calls["inputs"],
            "params": entry["params"],
            "buffers": entry["buffers"],
            "params_total": entry["params_total"],
            "buffers_total": entry["buffers_total"],
        }
        if "use_res_connect" in entry:
            classic["use_res_connect"] = entry["use_res_connect"]
        modules[name] = classic
    return {
        "total_params": record["total_params"],
        "total_buffers": record["total_buffers"],
        "output": record["runs"][key]["output"],
        "modules": modules,
    }


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def render(value: Any, path: tuple[str, ...] = (), indent: int = 0) -> str:
    """JSON with one line per module entry and per trace step: small, and diffs stay readable."""
    pad = " " * (indent + 1)
    if isinstance(value, dict) and value and (len(path) < 2 or path[-2] != "modules"):
        items = [
            f"{pad}{json.dumps(key)}: {render(item, (*path, key), indent + 1)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if isinstance(value, list) and value and path and path[-1] in ("trace", "sizes"):
        return "[\n" + ",\n".join(pad + compact(item) for item in value) + "\n" + " " * indent + "]"
    return compact(value)


def gzip_bytes(text: str) -> bytes:
    """Gzip without a time stamp or file name, so equal text gives equal bytes."""
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def write_zoo(out: Path, only: Sequence[str]) -> dict[str, Any]:
    models, skipped = zoo_models()
    known = {model.name for model in models}
    unknown = sorted(set(only) - known)
    if unknown:
        raise SystemExit(f"not a recorded torchvision model: {', '.join(unknown)}")
    records: dict[str, Any] = {}
    failures: list[str] = []
    for model in models:
        if only and model.name not in only:
            continue
        started = time.monotonic()
        try:
            records[model.name] = record_model(model)
        except AssertionError as failure:  # go on: one run shows every model's problem
            failures.append(str(failure))
            sys.stderr.write(f"FAILED {failure}\n")
            continue
        report(model.name, records[model.name], time.monotonic() - started)
    if failures:
        raise SystemExit(f"nothing written: {len(failures)} models failed:\n" + "\n".join(failures))
    document = {
        "generator": "tools/record_torchvision.py --zoo",
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "notes": ZOO_NOTES,
        "skipped": skipped,
        "models": records,
    }
    text = render(document) + "\n"
    write_atomic(out, gzip_bytes(text) if out.name.endswith(".gz") else text)
    sys.stderr.write(f"{len(records)} models; {len(text):,} bytes of JSON\n")
    return document


def write_classic(out: Path) -> None:
    models = {spec.name: spec for spec in zoo_models()[0] if spec.name in CLASSIC_MODELS}
    records = {}
    for name in sorted(models):
        started = time.monotonic()
        record = record_model(models[name])
        report(name, record, time.monotonic() - started)
        records[name] = classic_record(record)
    document = {
        "generator": "tools/record_torchvision.py",
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "input": [BASE_SIZE, BASE_SIZE, 3],
        "notes": CLASSIC_NOTES,
        "models": records,
    }
    write_atomic(out, json.dumps(document, indent=1) + "\n")


def report(name: str, record: dict[str, Any], seconds: float) -> None:
    modules = record["modules"]
    leaves = sum(1 for entry in modules.values() if entry["leaf"])
    reused = sum(
        1
        for entry in modules.values()
        if any(len(calls["outputs"]) > 1 for calls in entry["calls"].values())
    )
    operations = sum(
        1 for step in next(iter(record["runs"].values()))["trace"] if isinstance(step, dict)
    )
    outputs = [run["output"] for run in record["runs"].values()]
    sys.stderr.write(
        f"{name}: {record['total_params']:,} params, {record['total_buffers']:,} buffers, "
        f"{len(modules)} modules ({leaves} leaves), {reused} called more than once, "
        f"{operations} functional operations, outputs {outputs}, {seconds:.1f} s\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--zoo", action="store_true", help=f"record every torchvision CNN into {ZOO_OUT}"
    )
    parser.add_argument("--out", type=Path, help="output path (relative to repo root)")
    parser.add_argument(
        "--only", nargs="+", default=[], metavar="NAME", help="with --zoo: only these models"
    )
    args = parser.parse_args(argv)
    out: Path = args.out or Path(ZOO_OUT if args.zoo else CLASSIC_OUT)
    out = out if out.is_absolute() else REPO_ROOT / out
    if args.only and not args.zoo:
        parser.error("--only needs --zoo")
    torch.manual_seed(0)
    torch.set_num_threads(1)
    if args.zoo:
        write_zoo(out, args.only)
    else:
        write_classic(out)
    sys.stderr.write(f"wrote {out} ({out.stat().st_size:,} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
