"""Record what other counting tools say a net costs, as a convcalc test fixture.

Run by hand with an environment that has torch, torchvision and the peers (none of them is ever
a dependency of convcalc):

    python3 -m venv /work/pvenv
    /work/pvenv/bin/pip install torch==2.14.1 torchvision==0.29.1 torchinfo==1.8.0 \
        fvcore==0.1.5.post20221221 ptflops==0.7.5 torchscan==0.2.0
    /work/pvenv/bin/python tools/record_peer_counts.py [--count N] [--out PATH]

Nets: the six torchvision CNNs that specs/torchvision/ spells out (built with `weights=None`, so
nothing is downloaded, on a 1×3×224×224 zero image) and the first `--count` nets of
tests/fixtures/torch_random_nets.json that torch accepted (each on a zero tensor of its own
recorded input, built by tools/record_torch_fixtures.py's `build_module`). Every net runs in eval
mode under `torch.no_grad()` with one thread.

Per net we record the leaf modules (torchvision's module names; `named_modules()` order) with
their type, the arguments the textbook MAC formula needs and the shapes of each call, and what
each peer reports, raw and per module where the peer gives it: PyTorch's own
`torch.utils.flop_counter.FlopCounterMode`, torchinfo's `summary`, fvcore's
`FlopCountAnalysis`, ptflops' `get_model_complexity_info` with both of its backends, torchscan's
`crawl_module`, and torchvision's published GFLOPS. A peer that fails on a net is recorded with
its error instead of counts. The notes in the fixture say, from each peer's source, exactly what
its numbers count. The JSON is written whole (tools/fixture_io.py); a re-run with the same
versions gives the same bytes (one line per module entry, as tools/record_torchvision.py writes).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.metadata
import io
import json
import platform
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import torch
import torchvision  # type: ignore[import-untyped]
from fixture_io import write_atomic
from record_torch_fixtures import build_module
from record_torchvision import render
from torch import nn
from torch.utils.flop_counter import FlopCounterMode
from torchvision.ops.misc import Permute  # type: ignore[import-untyped]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = "tests/fixtures/peer_counts.json"
RANDOM_NETS = "tests/fixtures/torch_random_nets.json"
DEFAULT_COUNT = 100
TORCHVISION_MODELS = ("alexnet", "efficientnet_b0", "mobilenet_v2", "resnet18", "resnet50", "vgg16")
IMAGE = (1, 3, 224, 224)
GZIP_ABOVE = 4_000_000  # bytes of JSON above which the fixture is written gzipped
PEERS = ("torchinfo", "fvcore", "ptflops", "torchscan")
MAX_MESSAGE = 300

NOTES: dict[str, str] = {
    "fixture": (
        "nets[NAME]: 'source' is 'torchvision' (NAME = torchvision/<model>) or 'random' (NAME = "
        "random/<id in tests/fixtures/torch_random_nets.json>: accepted nets spread evenly over "
        "the ids, so over ranks 1-3; 'layers' and 'input' copied from "
        "there, input channels-last as convcalc writes it) or 'probe' (NAME = probe/<name>: a "
        "small net built by hand for a case the others lack; probe/linear_on_map = Conv2d(3, 8, 3, "
        "padding=1), torchvision's Permute([0, 2, 3, 1]), Linear(8, 16), GELU on 1x3x7x7, a "
        "Linear on a channels-last map as in ConvNeXt). 'input' is the torch input shape "
        "(NCHW, batch 1, zeros). 'modules' holds the leaf modules (no children) in "
        "named_modules() order under torch's names (a random net is an nn.Sequential of one "
        "module per spec layer, named '0', '1', ...; an asymmetrically padded conv is a "
        "container '<i>' with the nn.ConvNd leaf '<i>.conv'): 'type' (class name), 'params' "
        "(own parameter elements), 'calls' = one [input shape, output shape] pair per call in "
        "call order, torch's own order with the batch (NCHW...), and for ConvNd 'kernel_size', "
        "'in_channels', 'out_channels', 'groups', 'padding' (torch's: a list, or the string "
        "'same'/'valid'), 'bias'; for MaxPoolNd/AvgPoolNd 'pool_kernel' as torch holds it (an "
        "int or a list); for Linear 'in_features', "
        "'out_features', 'bias'. Plain MACs of a conv call = prod(kernel_size) * (in_channels / "
        "groups) * out_channels * prod(output shape without channels, batch included); of a "
        "Linear call = in_features * out_features * prod(output shape[:-1]). 'peers[P]' holds "
        "peer P's raw numbers or {'error': first line of its exception}."
    ),
    "flop_counter": (
        "torch.utils.flop_counter.FlopCounterMode(display=False) around the forward. 'total' = "
        "get_total_flops(); 'by_module'[leaf] = the sum over operators of get_flop_counts()"
        "['<RootClass>.<leaf>'], leaves without a count left out; 'by_operator' = "
        "get_flop_counts()['Global']. It counts FLOPs = 2 * MACs for aten.convolution (no bias) "
        "and 2*m*k*n for mm/addmm/bmm (Linear's bias not counted); batch_norm, activations, "
        "pooling, adds and everything else count 0. So total = 2 * plain MACs of the convs and "
        "Linears."
    ),
    "torchinfo": (
        "torchinfo.summary(model, input_data=x, col_names=('input_size', 'output_size', "
        "'num_params', 'mult_adds'), verbose=0, mode='eval', cache_forward_pass=False) "
        "(torchinfo/layer_info.py, model_statistics.py). Per leaf call ('by_module'[leaf] = a "
        "list, one value per call; torchinfo makes one LayerInfo per call): mult_adds is "
        "computed from the module's parameters named exactly 'weight' or 'bias' and the call's "
        "output shape incl. batch: for a class whose name contains 'Conv', "
        "(weight.numel() + bias.numel()) * N * prod(output spatial dims), i.e. plain MACs plus "
        "one per output element for the bias; for any other class (Linear, BatchNorm) "
        "output_shape[0] * (weight.numel() + bias.numel()), i.e. N * parameters: Linear = "
        "in*out + out per sample whatever the input rank (a Linear on an [N, H, W, C] map is "
        "counted once, not H*W times), BatchNorm = 2*C per sample (its affine parameters, not "
        "its elements). Modules without parameters (activations, pooling, flatten, dropout) "
        "count 0; functional ops (residual adds, F.adaptive_avg_pool2d) are invisible. "
        "'total_mult_adds' = sum of mult_adds over all leaf calls. 'input_bytes' = "
        "sys.getsizeof(x.untyped_storage()) (the storage's bytes plus the Python object's own "
        "size; not numel*4). 'pass_bytes' ('Forward/backward pass size') = sum over leaf "
        "calls of modules WITH parameters (num_params > 0) of 2 * output numel (batch "
        "included) * element size (4 for float32): the outputs of parameter-free modules "
        "(ReLU, pooling, Flatten, Dropout) are not counted, reused modules count once per call. "
        "'param_bytes' = sum over non-reused leaf modules of numel * element size of all their "
        "parameters (buffers such as BatchNorm's running stats are not counted). 'total_bytes' "
        "('Estimated Total Size') = input_bytes + pass_bytes + param_bytes. torchinfo prints "
        "bytes / 1e6 with two decimals as MB (decimal megabytes); 'printed' keeps those lines "
        "verbatim."
    ),
    "fvcore": (
        "fvcore.nn.FlopCountAnalysis(model, (x,)) (a torch.jit trace; warnings off, what it "
        "would warn about recorded instead). One 'flop' is one multiply-add: conv = plain MACs "
        "(bias ignored) - but a conv built with padding='same' or 'valid' (a string) traces as "
        "aten::_convolution_mode, which fvcore has no handle for: it counts 0 and shows in "
        "'unsupported_ops'; addmm/linear/matmul = plain MACs (bias ignored); batch_norm in eval = "
        "input numel * 2 with affine (1 without); adaptive_avg_pool2d = input numel; "
        "upsample_nearest2d = output numel; group/layer_norm = 5 * input numel (+ affine). "
        "Everything else (relu, max_pool, avg_pool, add, mul, ...) counts 0: the ops fvcore "
        "ignores silently are not listed, the others are in 'unsupported_ops' (operator -> "
        "calls). 'total' = total(); 'by_module'[leaf] = by_module()[leaf] (counts of ops run "
        "directly in a container's forward, like MobileNetV2's functional "
        "adaptive_avg_pool2d, belong to that container and to no leaf: 'outside_leaves' = total "
        "- sum of by_module over leaves); 'by_operator' = by_operator()."
    ),
    "ptflops": (
        "ptflops.get_model_complexity_info(model, input_res, input_constructor=lambda _: x, "
        "as_strings=False, print_per_layer_stat=False, backend=B) for B = 'pytorch' and "
        "'aten' (the installed version has both). Its numbers are MACs. backend 'pytorch' "
        "(pytorch_ops.py): forward hooks on known module types: ConvNd = plain MACs + "
        "out_channels * output positions when bias; Linear = input numel * out_features + "
        "out_features * prod(output.shape[:-1]) when bias (i.e. counted per position on any "
        "input rank); BatchNorm = input numel, * 2 when affine; ReLU, ReLU6, LeakyReLU, ELU, "
        "PReLU and GELU = output numel; MaxPool/AvgPool/Adaptive pools (1-3 d) = input numel "
        "(comparisons or additions per input element, whatever the kernel); Upsample = output "
        "numel; SiLU, Sigmoid, Tanh, Hardswish, Dropout, Flatten and other types = 0 (no "
        "hook). With count_functional on (the default) it also counts patched "
        "functional calls F.relu/elu/relu6/gelu/silu, F.*pool*, F.softmax, F.interpolate and "
        "torch.add/mul/matmul/mm/bmm/addmm (as numel or as matmul MACs) made anywhere, "
        "including inside module forwards: nn.ReLU, nn.ELU, nn.GELU, nn.MaxPool*, nn.AvgPool* "
        "and nn.Adaptive*Pool* are counted by their hook AND again by the F call their forward "
        "makes (nn.ReLU6 calls F.hardtanh, which is not patched); these land in the total only "
        "(ResNet-50: functional = its ReLU + MaxPool + AdaptiveAvgPool module counts, "
        "MobileNetV2: its functional adaptive_avg_pool2d). 'by_module'"
        "[leaf] = the module's __flops__ after the run (a reused module sums its calls); "
        "'functional' = total - sum over leaves. The Python '+' of a residual add is not a "
        "torch.add call and is not counted. backend 'aten' (aten_ops.py, a TorchDispatchMode): "
        "counts only aten.convolution (plain MACs + N * output numel per output channel for the "
        "bias, i.e. + output numel), aten.addmm (plain MACs + batch * out for the bias), "
        "aten.mm/matmul/bmm (plain MACs); everything else 0. 'by_top_level'[child] = its "
        "counts per top-level child of the model (the only granularity the aten backend keeps)."
    ),
    "torchscan": (
        "torchscan.crawl_module(model, args=(x,)) (version 0.2.x, the rewritten report API). "
        "Per leaf call 'by_module'[leaf] = a list per call of {'flops': metrics.module_flops, "
        "'macs': metrics.macs, 'dmas': metrics.dmas} from its module formulas "
        "(torchscan/modules/flops.py, macs.py, memory.py); K = prod(kernel_size) when "
        "kernel_size is a tuple but kernel_size itself when it is an int (so nn.MaxPool2d(3) "
        "has K = 3, not 9: a torchscan bug that the recorded numbers keep). macs: ConvNd = "
        "plain MACs (bias 'included in the accumulation', so not added); Linear = in_features "
        "* output numel = plain MACs on any input rank; BatchNorm (eval) = input numel * 2 "
        "(affine) or * 1; MaxPool = output numel * (K - 1) (comparisons); AvgPool = output "
        "numel * (K - 1 + input rank - 2); AdaptiveAvgPool = output numel * (prod(k) - 1 + "
        "spatial dims) with k = ceil(in/out) per dim; AdaptiveMaxPool = output numel * "
        "(prod(k) - 1); activations, Flatten, Dropout = 0; other types 0 with a warning. "
        "flops: ConvNd = output numel * (2 * terms - 1 + bias) with terms = prod(kernel_size) "
        "* C_in/groups, i.e. 2 * plain MACs - output numel (+ output numel with bias); Linear "
        "= output numel * (2 * in_features - 1 + bias); BatchNorm (eval) = 2 * C + input numel "
        "* (2 + 2 if affine); ReLU = numel, ReLU6 = 2 * numel, LeakyReLU = 4 * numel, ELU and "
        "Tanh = 6 * numel, Sigmoid = 4 * numel, Dropout (p > 0) = numel even in eval; "
        "pools as macs. SiLU, GELU, Hardswish, Hardsigmoid are not supported (0, warning). "
        "A module type it has no formula for gets null (None) values and a diagnostic. "
        "Functional ops in a container's forward (residual adds) are not counted. 'totals' = "
        "the report's totals (module_flops, macs, dmas: 'known_value' = the sum over all leaf "
        "calls with a value, 'value' = the same when 'status' is 'complete', else null; "
        "operator_flops: torch's FlopCounterMode known_value with its status, 'partial' when "
        "operators without a formula ran). 'diagnostics' = the codes and operators of its "
        "warnings."
    ),
    "torchvision": (
        "'published_gflops' = torchvision.models.get_model_weights(NAME).DEFAULT.meta['_ops']: "
        "torchvision's published GFLOPS, which are in fact giga-MACs: for all six, "
        "round(FlopCounterMode total / 2 / 1e9, 3), i.e. the plain MACs of the convs and "
        "Linears, without biases, at the weights' crop size (224 for these six)."
    ),
}


# --------------------------------------------------------------------------------------------
# The nets
# --------------------------------------------------------------------------------------------


def torchvision_net(name: str) -> tuple[nn.Module, torch.Tensor]:
    """A torchvision model (no weights downloaded) and a zero image."""
    model = torchvision.models.get_model(name, weights=None)
    return model, torch.zeros(IMAGE)


def linear_on_map() -> tuple[nn.Module, torch.Tensor]:
    """A Linear applied to a channels-last feature map (as ConvNeXt does), which none of the
    torchvision nets above nor the random nets have: the peers disagree most there."""
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), Permute([0, 2, 3, 1]), nn.Linear(8, 16), nn.GELU()
    )
    return model, torch.zeros(1, 3, 7, 7)


PROBES: dict[str, Callable[[], tuple[nn.Module, torch.Tensor]]] = {
    "linear_on_map": linear_on_map,
}


def random_net(net: dict[str, Any]) -> tuple[nn.Module, torch.Tensor]:
    """The nn.Sequential of a recorded random net, built layer by layer as its recorder does."""
    spec_input: list[int] = net["input"]
    rank = len(spec_input) - 1
    x = torch.zeros(1, spec_input[-1], *spec_input[:-1])
    modules: list[nn.Module] = []
    y = x
    for layer in net["layers"]:
        module = build_module(layer, rank, y)
        module.eval()
        with torch.no_grad():
            y = module(y)
        modules.append(module)
    return nn.Sequential(*modules), x


def leaf_modules(model: nn.Module) -> dict[str, nn.Module]:
    """Leaf modules by name, in named_modules() order."""
    return {
        name: module
        for name, module in model.named_modules()
        if name and not any(True for _ in module.children())
    }


def module_record(module: nn.Module) -> dict[str, Any]:
    """A leaf's type, own parameter count and the arguments the MAC formula needs."""
    entry: dict[str, Any] = {
        "type": type(module).__name__,
        "params": sum(p.numel() for p in module.parameters(recurse=False)),
    }
    if isinstance(module, nn.modules.conv._ConvNd):
        entry.update(
            kernel_size=list(module.kernel_size),
            in_channels=module.in_channels,
            out_channels=module.out_channels,
            groups=module.groups,
            padding=module.padding if isinstance(module.padding, str) else list(module.padding),
            bias=module.bias is not None,
        )
    elif isinstance(module, (nn.modules.pooling._MaxPoolNd, nn.modules.pooling._AvgPoolNd)):
        # As torch holds it: an int for nn.MaxPool2d(3), a list for (3, 3) (torchscan tells).
        kernel = module.kernel_size
        entry["pool_kernel"] = kernel if isinstance(kernel, int) else list(kernel)
    elif isinstance(module, nn.Linear):
        entry.update(
            in_features=module.in_features,
            out_features=module.out_features,
            bias=module.bias is not None,
        )
    entry["calls"] = []
    return entry


@contextlib.contextmanager
def shape_hooks(leaves: dict[str, nn.Module], entries: dict[str, Any]) -> Iterator[None]:
    """Record [input shape, output shape] of each leaf call."""

    def hook(name: str) -> Callable[..., None]:
        def record(_module: nn.Module, args: tuple[Any, ...], output: Any) -> None:
            entries[name]["calls"].append([list(args[0].shape), list(output.shape)])

        return record

    handles = [module.register_forward_hook(hook(name)) for name, module in leaves.items()]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


# --------------------------------------------------------------------------------------------
# The peers
# --------------------------------------------------------------------------------------------


def first_line(exc: BaseException) -> str:
    """The first non-empty line of an exception, with its type."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"[:MAX_MESSAGE]


def flop_counter(model: nn.Module, x: torch.Tensor, leaves: dict[str, Any]) -> dict[str, Any]:
    """PyTorch's own FlopCounterMode."""
    counter = FlopCounterMode(display=False)
    with counter:
        model(x)
    counts = counter.get_flop_counts()
    root = type(model).__name__
    by_module = {}
    for name in leaves:
        per_op = counts.get(f"{root}.{name}")
        if per_op:
            by_module[name] = sum(per_op.values())
    return {
        "total": counter.get_total_flops(),
        "by_module": by_module,
        "by_operator": {str(op): n for op, n in sorted(counts.get("Global", {}).items(), key=str)},
    }


def run_torchinfo(model: nn.Module, x: torch.Tensor, leaves: dict[str, Any]) -> dict[str, Any]:
    """torchinfo's summary: per leaf call mult-adds, and its totals."""
    import torchinfo

    stats = torchinfo.summary(
        model,
        input_data=x,
        col_names=("input_size", "output_size", "num_params", "mult_adds"),
        verbose=0,
        mode="eval",
        cache_forward_pass=False,
    )
    names = {id(module): name for name, module in leaves.items()}
    by_module: dict[str, list[int]] = {}
    pass_check = 0
    for info in stats.summary_list:
        if info.is_leaf_layer and id(info.module) in names:
            by_module.setdefault(names[id(info.module)], []).append(int(info.macs))
            if info.num_params > 0:
                pass_check += 2 * info.output_bytes
    if pass_check != stats.total_output_bytes:
        raise AssertionError("torchinfo's pass size is not what its source says")
    printed = [
        line
        for line in str(stats).splitlines()
        if line.startswith(("Total mult-adds", "Total params")) or "(MB)" in line
    ]
    return {
        "total_mult_adds": int(stats.total_mult_adds),
        "total_params": int(stats.total_params),
        "input_bytes": int(stats.total_input),
        "pass_bytes": int(stats.total_output_bytes),
        "param_bytes": int(stats.total_param_bytes),
        "total_bytes": int(stats.total_input + stats.total_output_bytes + stats.total_param_bytes),
        "printed": printed,
        "by_module": {name: by_module[name] for name in leaves if name in by_module},
    }


def run_fvcore(model: nn.Module, x: torch.Tensor, leaves: dict[str, Any]) -> dict[str, Any]:
    """fvcore's FlopCountAnalysis (a jit trace)."""
    from fvcore.nn import FlopCountAnalysis

    analysis = FlopCountAnalysis(model, (x,))
    analysis.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
    total = int(analysis.total())
    by_module = analysis.by_module()
    leaf_counts = {name: int(by_module[name]) for name in leaves if by_module.get(name)}
    return {
        "total": total,
        "by_module": leaf_counts,
        "outside_leaves": total - sum(leaf_counts.values()),
        "by_operator": {op: int(n) for op, n in sorted(analysis.by_operator().items())},
        "unsupported_ops": dict(sorted(analysis.unsupported_ops().items())),
    }


def run_ptflops(model: nn.Module, x: torch.Tensor, leaves: dict[str, Any]) -> dict[str, Any]:
    """ptflops with both backends: totals from its public call, per module from its counters."""
    import ptflops
    import ptflops.aten_engine
    import ptflops.pytorch_engine

    seen: dict[str, Any] = {}
    names = {id(module): name for name, module in leaves.items()}

    def keep_module_counts(model_: nn.Module, *_args: Any, **_kwargs: Any) -> None:
        # Called by ptflops after the forward, while the per-module counters still exist.
        batches = model_.__batch_counter__
        seen["by_module"] = {
            names[id(m)]: int(m.__flops__ / batches)
            for m in model_.modules()
            if id(m) in names and hasattr(m, "__flops__")
        }

    original_print = ptflops.pytorch_engine.print_model_with_flops
    ptflops.pytorch_engine.print_model_with_flops = keep_module_counts
    sink = io.StringIO()
    try:
        total, _params = ptflops.get_model_complexity_info(
            model,
            tuple(x.shape[1:]),
            input_constructor=lambda _res: x,
            as_strings=False,
            print_per_layer_stat=True,
            ost=sink,
            backend="pytorch",
        )
    finally:
        ptflops.pytorch_engine.print_model_with_flops = original_print
    if total is None or "by_module" not in seen:
        raise RuntimeError("ptflops (pytorch backend) failed")
    by_module = {name: seen["by_module"][name] for name in leaves if seen["by_module"].get(name)}
    result: dict[str, Any] = {
        "pytorch": {
            "total": int(total),
            "by_module": by_module,
            "functional": int(total) - sum(by_module.values()),
        }
    }

    counter_class = ptflops.aten_engine.FlopCounterMode
    original_exit = counter_class.__exit__

    def keep_exit(self: Any, *args: Any) -> Any:
        seen["aten"] = {
            parent: {str(op): int(n) for op, n in ops.items()}
            for parent, ops in self.flop_counts.items()
        }
        return original_exit(self, *args)

    counter_class.__exit__ = keep_exit
    try:
        total, _params = ptflops.get_model_complexity_info(
            model,
            tuple(x.shape[1:]),
            input_constructor=lambda _res: x,
            as_strings=False,
            print_per_layer_stat=False,
            ost=sink,
            backend="aten",
        )
    finally:
        counter_class.__exit__ = original_exit
    if total is None or "aten" not in seen:
        raise RuntimeError("ptflops (aten backend) failed")
    by_top = {
        parent: sum(ops.values()) for parent, ops in seen["aten"].items() if parent != "Global"
    }
    result["aten"] = {
        "total": int(total),
        "by_top_level": {name: n for name, n in sorted(by_top.items()) if n},
        "by_operator": dict(sorted(seen["aten"].get("Global", {}).items())),
    }
    return result


def run_torchscan(model: nn.Module, x: torch.Tensor, leaves: dict[str, Any]) -> dict[str, Any]:
    """torchscan's crawl_module report."""
    import torchscan

    report = torchscan.crawl_module(model, args=(x,))
    by_module: dict[str, list[dict[str, Any]]] = {}
    for layer in report["layers"]:
        if layer["path"] in leaves:
            metrics = layer["metrics"]
            by_module.setdefault(layer["path"], []).append(
                {
                    key: metrics[metric]["value"] if metric in metrics else None
                    for key, metric in (
                        ("flops", "module_flops"),
                        ("macs", "macs"),
                        ("dmas", "dmas"),
                    )
                }
            )
    totals = {
        key: {name: report["totals"][key][name] for name in ("value", "known_value", "status")}
        for key in ("module_flops", "macs", "dmas")
    }
    operator = report["totals"]["operator_flops"]
    totals["operator_flops"] = {
        "known_value": operator["known_value"],
        "status": operator["status"],
    }
    diagnostics = sorted(
        {
            f"{item.get('code')}: {item.get('operator', item.get('message', ''))}"
            for item in report["diagnostics"]
        }
    )
    return {
        "totals": totals,
        "by_module": {name: by_module[name] for name in leaves if name in by_module},
        "diagnostics": diagnostics,
    }


PEER_RUNS: dict[str, Callable[[nn.Module, torch.Tensor, dict[str, Any]], dict[str, Any]]] = {
    "torchinfo": run_torchinfo,
    "fvcore": run_fvcore,
    "ptflops": run_ptflops,
    "torchscan": run_torchscan,
}


def record_net(model: nn.Module, x: torch.Tensor, available: Sequence[str]) -> dict[str, Any]:
    """Shapes of every leaf call and every available peer's counts for one net."""
    model.eval()
    leaves = leaf_modules(model)
    entries = {name: module_record(module) for name, module in leaves.items()}
    with torch.no_grad():
        with shape_hooks(leaves, entries):
            model(x)
        peers: dict[str, Any] = {"flop_counter": flop_counter(model, x, leaves)}
        for peer in available:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    with contextlib.redirect_stdout(io.StringIO()):
                        peers[peer] = PEER_RUNS[peer](model, x, leaves)
            except Exception as exc:  # a peer's failure is recorded, not fatal
                peers[peer] = {"error": first_line(exc)}
            model.eval()
    return {"input": list(x.shape), "modules": entries, "peers": peers}


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def versions() -> dict[str, str | None]:
    """Installed versions of python, torch, torchvision and each peer (None: not installed)."""
    found: dict[str, str | None] = {"python": platform.python_version()}
    for package in ("torch", "torchvision", *PEERS):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = None
    return found


def available_peers() -> tuple[list[str], dict[str, str]]:
    """Peers that import, and why the others don't."""
    available, missing = [], {}
    for peer in PEERS:
        try:
            __import__(peer)
            available.append(peer)
        except Exception as exc:
            missing[peer] = first_line(exc)
    return available, missing


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="random nets to record")
    parser.add_argument(
        "--models", nargs="*", default=list(TORCHVISION_MODELS), help="torchvision models"
    )
    parser.add_argument(
        "--out", type=Path, default=Path(DEFAULT_OUT), help="output path (relative to repo root)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out if args.out.is_absolute() else REPO_ROOT / args.out
    torch.set_num_threads(1)
    torch.manual_seed(0)
    available, missing = available_peers()
    nets: dict[str, Any] = {}
    started = time.monotonic()
    for name in args.models:
        model, x = torchvision_net(name)
        record = record_net(model, x, available)
        meta = torchvision.models.get_model_weights(name).DEFAULT.meta
        nets[f"torchvision/{name}"] = {
            "source": "torchvision",
            "published_gflops": meta["_ops"],
            **record,
        }
        sys.stderr.write(f"  torchvision/{name}: {time.monotonic() - started:.0f}s\n")
    for name, build in PROBES.items():
        model, x = build()
        nets[f"probe/{name}"] = {"source": "probe", **record_net(model, x, available)}
    with (REPO_ROOT / RANDOM_NETS).open(encoding="utf-8") as handle:
        accepted = [net for net in json.load(handle)["nets"] if net["accepted"]]
    # Evenly spread over the recorded nets, so each rank (1-D, 2-D, 3-D) keeps its share.
    count = min(args.count, len(accepted))
    random_nets = [accepted[i * len(accepted) // count] for i in range(count)]
    for net in random_nets:
        model, x = random_net(net)
        record = record_net(model, x, available)
        nets[f"random/{net['id']}"] = {
            "source": "random",
            "spec_input": net["input"],
            "layers": net["layers"],
            **record,
        }
    sys.stderr.write(f"  {len(random_nets)} random nets: {time.monotonic() - started:.0f}s\n")
    document = {
        "generator": "tools/record_peer_counts.py",
        "versions": versions(),
        "peers_not_installed": missing,
        "notes": NOTES,
        "nets": nets,
    }
    text = render(document) + "\n"
    if len(text.encode("utf-8")) > GZIP_ABOVE:
        out = out.with_name(out.name + ".gz")
        write_atomic(out, gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        write_atomic(out, text)
    sys.stderr.write(f"wrote {out} ({out.stat().st_size} bytes, {len(nets)} nets)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
