"""Record PyTorch ground truth for the activations and the tensor plumbing of issue 10.

Run by hand with an environment that has torch (torch is never a dependency of convcalc):

    python tools/record_torch_plumbing.py [--seed N] [--out PATH]

Each case is a small net written in convcalc's spec vocabulary (input channels-last,
`[*spatial, C]`, layers spelled as PyTorch spells them) next to the torch code that computes it;
it is run forward on a random tensor of batch 1 in eval mode. Per layer we record torch's own
output shape without the batch dimension (torch's order: channels first), the parameter and
buffer counts of the modules that layer stands for, or, when torch refuses the layer, its
message. Where a case asks for it, the receptive field along each spatial axis of the last layer
is measured with autograd: the layers are rebuilt with all-ones weights, the gradient of an output
unit (a random positive mix of its channels) w.r.t. a random positive input is taken, and its
nonzero extent per spatial axis is that unit's field; the field's size is the largest over the
centre unit and its next few neighbours on the diagonal (one period, where units differ),
listed per output axis where the net reorders them.

Cases: every shape-keeping activation of torch.nn on random ranks and shapes; split/chunk with
the pieces read by later layers, channel_shuffle, permute, dense over the last axis, layer scale,
stochastic depth (torchvision.ops.StochasticDepth when torchvision is present), depthwise
`filters: in`, pixel_shuffle/pixel_unshuffle, conv_transpose with `output_size`, and adaptive
pooling with None (keep this dimension) in its `output_size`; reshape and unflatten; fractional
max pooling; max-unpooling with a pool's indices.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from fixture_io import write_atomic
from torch import nn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = "tests/fixtures/torch_plumbing.json"
DEFAULT_SEED = 20261127
PROBE_SHIFTS = 4  # units along the diagonal from the centre: covers a period up to 4

Env = dict[str, Any]
# A layer's torch side: from the tensors so far (by layer name, "input", and "_prev" for the last
# layer's output) to this layer's output, plus the modules whose parameters it counts.
Step = tuple[Callable[[Env], Any], list[nn.Module]]


@dataclass
class Case:
    name: str
    input: list[int]  # channels-last, as convcalc's spec writes it
    layers: list[dict[str, Any]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    probe_field: bool = False
    # The input axis each output spatial axis is, when the net reorders them: the field is
    # recorded per output axis, as the output's sizes are.
    field_order: list[int] | None = None

    def add(self, layer: dict[str, Any], module: nn.Module | None = None, **how: Any) -> None:
        """A layer applied to the previous output (or to `from`), by a module or a function."""
        function: Callable[[Env], Any] | None = how.get("function")
        modules = [module] if module is not None else how.get("modules", [])
        if function is None:
            assert module is not None
            source = layer.get("from")

            def function(env: Env, module: nn.Module = module, source: Any = source) -> Any:
                return module(env[source] if isinstance(source, str) else env["_prev"])

        self.layers.append(layer)
        self.steps.append((function, modules))


def torch_input(shape: list[int]) -> list[int]:
    """Channels-last `[*spatial, C]` to torch's `[1, C, *spatial]`."""
    if len(shape) == 1:
        return [1, shape[0]]
    return [1, shape[-1], *shape[:-1]]


def count(modules: list[nn.Module]) -> tuple[int, int]:
    params = sum(p.numel() for m in modules for p in m.parameters())
    buffers = sum(b.numel() for m in modules for b in m.buffers())
    return params, buffers


def run(case: Case, rng: torch.Generator) -> dict[str, Any]:
    env: Env = {"input": torch.randn(torch_input(case.input), generator=rng)}
    env["_prev"] = env["input"]
    results: list[dict[str, Any]] = []
    for layer, (function, modules) in zip(case.layers, case.steps, strict=True):
        for module in modules:
            module.eval()
        try:
            with torch.no_grad():
                output = function(env)
        except (RuntimeError, ValueError, TypeError, IndexError) as error:
            results.append({"error": str(error).splitlines()[0][:300]})
            break
        params, buffers = count(modules)
        result: dict[str, Any] = {"params": params, "buffers": buffers}
        if isinstance(output, (tuple, list)):
            asked = layer.get("chunks", len(output))
            if len(output) < asked:  # torch.chunk gives fewer pieces than asked when it must
                results.append({"error": f"torch.chunk gave {len(output)} of {asked} pieces"})
                break
            result["pieces"] = [list(piece.shape[1:]) for piece in output]
            for index, piece in enumerate(output):
                env[f"{layer['name']}.{index}"] = piece
            env["_prev"] = output[0]
        else:
            result["shape"] = list(output.shape[1:])
            env["_prev"] = output
        if "name" in layer:
            env[layer["name"]] = output
        results.append(result)
    recorded: dict[str, Any] = {
        "name": case.name,
        "input": case.input,
        "layers": case.layers,
        "results": results,
    }
    field = probe_field(case) if case.probe_field and "error" not in results[-1] else None
    if field is not None:
        order = case.field_order or list(range(len(field)))
        recorded["receptive_field"] = [field[axis] for axis in order]
    return recorded


def probe_field(case: Case) -> list[int] | None:
    """Per spatial axis, how many input positions the centre output unit reads; None when it
    touches an edge of the input on some axis (padding may hide part of its field)."""
    for _function, modules in case.steps:
        for module in modules:
            for parameter in module.parameters():
                parameter.data.fill_(1.0)
    # A positive input and a random mix of output channels: no gradient cancels by symmetry.
    probe_rng = torch.Generator().manual_seed(0)
    shape = torch_input(case.input)
    env: Env = {"input": torch.rand(shape, generator=probe_rng, dtype=torch.float64) + 0.5}
    env["input"].requires_grad_(True)
    for module in (m for _f, ms in case.steps for m in ms):
        module.double()
    env["_prev"] = env["input"]
    for layer, (function, _modules) in zip(case.layers, case.steps, strict=True):
        output = function(env)
        if isinstance(output, (tuple, list)):
            for index, piece in enumerate(output):
                env[f"{layer['name']}.{index}"] = piece
            output = output[0]
        env["_prev"] = output
        if "name" in layer:
            env[layer["name"]] = output
    output = env["_prev"]
    # Units of one period can read different extents (after a shuffle, an upsampling): the
    # field is the largest over a few neighbours of the centre, each measured alone.
    largest: list[int] = []
    for shift in range(PROBE_SHIFTS):
        centre = tuple(size // 2 + shift for size in output.shape[2:])
        if any(c >= size for c, size in zip(centre, output.shape[2:], strict=True)):
            break
        env["input"].grad = None
        unit = output[(0, slice(None), *centre)]
        mix = torch.rand(unit.shape, generator=probe_rng, dtype=torch.float64) + 0.5
        (unit * mix).sum().backward(retain_graph=True)
        sizes = extents(env["input"].grad[0].abs().sum(dim=0))
        if sizes is None:
            return None
        largest = [max(pair) for pair in zip(largest, sizes, strict=True)] if largest else sizes
    return largest


def extents(grad: torch.Tensor) -> list[int] | None:
    """Per axis, the extent of the nonzero gradient; None when it touches an edge of the input
    (padding may hide part of the field there)."""
    sizes = []
    for axis in range(grad.dim()):
        others = tuple(a for a in range(grad.dim()) if a != axis)
        line = grad.sum(dim=others) if others else grad
        nonzero = torch.nonzero(line > 1e-12).flatten()
        if not nonzero.numel():
            return None  # nothing reached the input (a max picked another position)
        first, last = int(nonzero.min()), int(nonzero.max())
        if first == 0 or last == line.numel() - 1:
            return None
        sizes.append(last - first + 1)
    return sizes


# --------------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------------

# torch.nn class, constructor arguments, and the same arguments as convcalc's spec writes them
# (torch's own argument names: the spec is copied from torch code).
ACTIVATIONS: list[tuple[str, dict[str, Any]]] = [
    ("ReLU", {}),
    ("ReLU6", {}),
    ("LeakyReLU", {"negative_slope": 0.2}),
    ("RReLU", {"lower": 0.1, "upper": 0.3}),
    ("ELU", {"alpha": 0.5}),
    ("SELU", {}),
    ("CELU", {"alpha": 2.0}),
    ("GELU", {"approximate": "tanh"}),
    ("GELU", {}),
    ("SiLU", {}),
    ("Mish", {}),
    ("Hardswish", {}),
    ("Hardsigmoid", {}),
    ("Hardtanh", {"min_val": -2.0, "max_val": 2.0}),
    ("Sigmoid", {}),
    ("LogSigmoid", {}),
    ("Tanh", {}),
    ("Tanhshrink", {}),
    ("Softplus", {"beta": 2.0, "threshold": 10.0}),
    ("Softsign", {}),
    ("Softshrink", {"lambd": 0.3}),
    ("Hardshrink", {"lambd": 0.3}),
    ("Threshold", {"threshold": 0.1, "value": 20.0}),
    ("Softmax", {"dim": 1}),
    ("LogSoftmax", {"dim": 1}),
    ("Softmin", {"dim": 1}),
    ("Softmax2d", {}),
]


def activation_cases(rng: random.Random) -> list[Case]:
    cases = []
    for index, (name, arguments) in enumerate(ACTIVATIONS):
        rank = 2 if name == "Softmax2d" else rng.choice([1, 2, 3])
        sizes = [rng.randint(3, 9) for _ in range(rank)]
        channels = rng.choice([2, 3, 5])
        filters = rng.choice([4, 6, 8])
        case = Case(f"activation{index}_{name}", [*sizes, channels])
        conv = [nn.Conv1d, nn.Conv2d, nn.Conv3d][rank - 1](channels, filters, 3, padding=1)
        case.add({"type": f"Conv{rank}d", "filters": filters, "kernel": 3, "padding": 1}, conv)
        case.add({"type": name, **arguments}, getattr(nn, name)(**arguments))
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------------
# Split, channel shuffle, drop path, layer scale, depthwise `filters: in`
# --------------------------------------------------------------------------------------------


def conv_for(rank: int) -> Any:
    return [nn.Conv1d, nn.Conv2d, nn.Conv3d][rank - 1]


def split_cases(rng: random.Random) -> list[Case]:
    """A split by chunks or sizes along a random axis (convcalc's axis in the `hwc` layout, the
    same axis as torch's dim), its pieces read back out of order by a conv and a concat."""
    cases = []
    for index in range(24):
        rank = rng.choice([1, 2, 2, 3])
        sizes = [rng.randint(10, 20) for _ in range(rank)]
        channels = rng.choice([4, 6, 7, 8, 12])
        shape = [*sizes, channels]
        axis = rng.choice(["channels", "channels", *range(rank)])
        torch_dim = 1 if axis == "channels" else 2 + int(axis)
        length = channels if axis == "channels" else sizes[int(axis)]
        case = Case(f"split{index}", shape, probe_field=axis != "channels")
        layer: dict[str, Any] = {"type": rng.choice(["split", "chunk"]), "name": "s"}
        if axis != "channels":
            layer["axis"] = axis
        if rng.random() < 0.5:
            chunks = rng.choice([2, 3, 4, 5]) if index % 6 else length + 1
            layer["chunks"] = chunks
            pieces = chunks

            def cut(env: Env, chunks: int = chunks, dim: int = torch_dim) -> Any:
                return env["_prev"].chunk(chunks, dim=min(dim, env["_prev"].dim() - 1))
        else:
            first = rng.randint(1, length - 1)
            parts = [first, length - first] if index % 5 else [first, length]
            layer["sizes"] = parts
            pieces = len(parts)

            def cut(env: Env, parts: list[int] = parts, dim: int = torch_dim) -> Any:
                return env["_prev"].split(parts, dim=min(dim, env["_prev"].dim() - 1))

        case.add(layer, function=cut)
        last = pieces - 1
        filters = rng.choice([3, 5])
        conv = conv_for(rank)(channels, filters, 3, padding=1)
        conv_layer = {"type": f"Conv{rank}d", "filters": filters, "kernel": 3, "padding": 1}
        if axis == "channels":
            case.add(
                {"type": "concat", "from": [f"s.{last}", "s.0"]},
                function=lambda env, last=last: torch.cat([env[f"s.{last}"], env["s.0"]], dim=1),
            )
            try:  # the concat's channels, for the conv after it (the layers steer, torch judges)
                pieces_cut = cut({"_prev": torch.zeros(1, channels)})
                joined = pieces_cut[-1].shape[1] + pieces_cut[0].shape[1]
            except RuntimeError:
                joined = channels
            case.add(conv_layer, conv_for(rank)(joined, filters, 3, padding=1))
        else:  # a crop of the input: the probe measures where its field lies
            case.add(
                {**conv_layer, "from": f"s.{last}"},
                function=lambda env, last=last, conv=conv: conv(env[f"s.{last}"]),
                modules=[conv],
            )
        cases.append(case)
    return cases


def shuffle_cases(rng: random.Random) -> list[Case]:
    cases = []
    for index in range(12):
        rank = rng.choice([1, 2, 3])
        channels = rng.choice([4, 6, 8, 9, 12])
        groups = rng.choice([2, 3, 4])
        sizes = [rng.randint(9, 14) for _ in range(rank)]
        case = Case(f"shuffle{index}", [*sizes, channels], probe_field=rank == 2)
        case.add(
            {"type": f"Conv{rank}d", "filters": "in", "groups": "in", "kernel": 3},
            conv_for(rank)(channels, channels, 3, groups=channels),
        )
        case.add({"type": "ChannelShuffle", "groups": groups}, nn.ChannelShuffle(groups))
        if index % 3 == 0:
            scale = nn.Parameter(torch.ones(channels, *[1] * rank))
            holder = nn.Module()
            holder.layer_scale = scale
            case.add(
                {"type": "layer_scale", "init": 1e-6},
                function=lambda env, scale=scale: scale * env["_prev"],
                modules=[holder],
            )
        if index % 3 == 1:
            try:
                from torchvision.ops import StochasticDepth
            except ImportError:
                StochasticDepth = None
            if StochasticDepth is not None:
                case.add(
                    {"type": "StochasticDepth", "p": 0.1, "mode": "row"},
                    StochasticDepth(0.1, "row"),
                )
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------------
# Permute, transpose, Linear over the last axis
# --------------------------------------------------------------------------------------------


class Permuted(nn.Module):
    """torchvision.ops.misc.Permute, without needing torchvision."""

    def __init__(self, dims: list[int]) -> None:
        super().__init__()
        self.dims = dims

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.permute(x, self.dims)


def permute_cases(rng: random.Random) -> list[Case]:
    """ConvNeXt's channels-last stretch on random ranks, a spatial transpose before a conv with
    a non-square kernel, and the mistakes: a conv on the permuted tensor, a Linear over the last
    axis without the permute, a permutation of the wrong length. Sizes never equal the channels,
    so torch cannot read a spatial size as the channels by chance."""
    cases = []
    for index in range(30):
        rank = rng.choice([1, 2, 2, 3])
        channels = rng.choice([4, 6, 8])
        sizes = [rng.choice([5, 7, 9, 10, 11]) for _ in range(rank)]
        case = Case(f"permute{index}", [*sizes, channels], probe_field=index % 5 == 1)
        last = rank + 1
        to_last = [0, *range(2, last + 1), 1]
        to_first = [0, last, *range(1, last)]
        mistake = index % 5
        case.add(
            {"type": f"Conv{rank}d", "filters": "in", "groups": "in", "kernel": 3, "padding": 1},
            conv_for(rank)(channels, channels, 3, padding=1, groups=channels),
        )
        if mistake == 1 and rank >= 2:
            case.add(
                {"type": "transpose", "dim0": 2, "dim1": 3},
                function=lambda env: env["_prev"].transpose(2, 3),
            )
            case.field_order = [1, 0, *range(2, rank)]
            kernel = [3, 1, 1][:rank]
            case.add(
                {"type": f"Conv{rank}d", "filters": 5, "kernel": kernel},
                conv_for(rank)(channels, 5, kernel),
            )
            cases.append(case)
            continue
        if mistake == 2:
            case.add(
                {"type": "Linear", "units": 3 * channels, "axis": "last"},
                nn.Linear(channels, 3 * channels),
            )
            cases.append(case)
            continue
        if mistake == 3:
            case.add({"type": "Permute", "dims": to_last[:-1]}, Permuted(to_last[:-1]))
            cases.append(case)
            continue
        case.add({"type": "Permute", "dims": to_last}, Permuted(to_last))
        if mistake == 4:
            case.add(
                {"type": f"Conv{rank}d", "filters": 3, "kernel": 1}, conv_for(rank)(channels, 3, 1)
            )
            cases.append(case)
            continue
        hidden = 4 * channels
        case.add({"type": "LayerNorm", "eps": 1e-6}, nn.LayerNorm(channels, eps=1e-6))
        case.add({"type": "Linear", "units": hidden, "axis": "last"}, nn.Linear(channels, hidden))
        case.add({"type": "GELU"}, nn.GELU())
        case.add({"type": "Linear", "units": channels, "axis": "last"}, nn.Linear(hidden, channels))
        case.add({"type": "Permute", "dims": to_first}, Permuted(to_first))
        scale = nn.Parameter(torch.ones(channels, *[1] * rank))
        holder = nn.Module()
        holder.layer_scale = scale
        case.add(
            {"type": "layer_scale"},
            function=lambda env, scale=scale: scale * env["_prev"],
            modules=[holder],
        )
        case.add(
            {"type": "add", "from": ["layer_scale1", "input"]},
            function=lambda env: env["_prev"] + env["input"],
        )
        case.add(
            {"type": f"Conv{rank}d", "filters": 5, "kernel": 3},
            conv_for(rank)(channels, 5, 3),
        )
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------------
# ConvTranspose's call-time output_size
# --------------------------------------------------------------------------------------------


def output_size_cases(rng: random.Random) -> list[Case]:
    """`deconv(x, output_size=...)`: sizes inside PyTorch's range and just outside it."""
    cases = []
    for index in range(24):
        rank = rng.choice([1, 2, 3])
        sizes = [rng.randint(2, 8) for _ in range(rank)]
        kernel, stride = rng.choice([2, 3, 4, 5]), rng.choice([1, 2, 3])
        dilation = rng.choice([1, 1, 2])
        padding = rng.randint(0, (kernel - 1) // 2)
        base = [(n - 1) * stride - 2 * padding + dilation * (kernel - 1) + 1 for n in sizes]
        wanted = [b + rng.randint(-1 if index % 4 == 0 else 0, max(stride, dilation)) for b in base]
        case = Case(f"output_size{index}", [*sizes, 3])
        deconv = [nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d][rank - 1](
            3, 4, kernel, stride=stride, padding=padding, dilation=dilation
        )
        layer = {
            "type": f"ConvTranspose{rank}d",
            "filters": 4,
            "kernel": kernel,
            "stride": stride,
            "padding": padding,
            "dilation": dilation,
            "output_size": wanted,
        }
        case.add(
            layer,
            function=lambda env, deconv=deconv, wanted=wanted: deconv(
                env["_prev"], output_size=wanted
            ),
            modules=[deconv],
        )
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------------
# PixelShuffle, PixelUnshuffle
# --------------------------------------------------------------------------------------------


def pixel_shuffle_cases(rng: random.Random) -> list[Case]:
    """Random factors on images, some indivisible; a conv after, whose field the probe
    measures."""
    cases = []
    for index in range(24):
        factor = rng.choice([2, 2, 3])
        size = [rng.choice([12, 18, 24]) for _ in range(2)]
        channels = rng.choice([4, 8, 9, 12, 18])
        case = Case(f"pixel_shuffle{index}", [*size, channels], probe_field=True)
        if index % 2:
            case.add({"type": "PixelShuffle", "upscale_factor": factor}, nn.PixelShuffle(factor))
            out_channels = channels // (factor * factor)
        else:
            case.add(
                {"type": "PixelUnshuffle", "downscale_factor": factor}, nn.PixelUnshuffle(factor)
            )
            out_channels = channels * factor * factor
        case.add(
            {"type": "Conv2d", "filters": 3, "kernel": 3},
            nn.Conv2d(max(out_channels, 1), 3, 3),
        )
        cases.append(case)
    return cases


def adaptive_none_cases(rng: random.Random) -> list[Case]:
    """AdaptiveAvgPool/AdaptiveMaxPool with None (keep this dimension) in output_size."""
    cases = []
    for index in range(12):
        rank = rng.choice([2, 2, 3])
        sizes = [rng.randint(12, 20) for _ in range(rank)]
        wanted: list[int | None] = [rng.choice([None, 1, 3, 5]) for _ in range(rank)]
        wanted[rng.randrange(rank)] = None
        kind = rng.choice(["Avg", "Max"])
        module = getattr(nn, f"Adaptive{kind}Pool{rank}d")(tuple(wanted))
        # A max pool passes its gradient to one position: the probe reads average pools only.
        case = Case(f"adaptive_none{index}", [*sizes, 3], probe_field=kind == "Avg")
        case.add({"type": f"Adaptive{kind}Pool{rank}d", "output_size": wanted}, module)
        cases.append(case)
    return cases


def reshape_cases(rng: random.Random) -> list[Case]:
    """x.reshape to a new (C, *spatial) with one -1 or none, some counts wrong; nn.Unflatten(1,
    ...) after a flatten. The spec writes the new shape in its `hwc` layout, [*spatial, C]."""
    cases = []
    for index in range(24):
        sizes = [rng.choice([2, 3, 4, 6]) for _ in range(2)]
        channels = rng.choice([2, 3, 4])
        count = sizes[0] * sizes[1] * channels
        rank = rng.choice([0, 1, 2])
        new = [rng.choice([1, 2, 3, 4, 6]) for _ in range(rank + 1)]  # torch's (C, *spatial)
        new[-1] = count // max(1, math.prod(new[:-1])) if index % 4 else new[-1]
        if index % 3 == 0:
            new[rng.randrange(len(new))] = -1
        case = Case(f"reshape{index}", [*sizes, channels])
        if index % 5 == 4:
            case.add({"type": "Flatten"}, nn.Flatten())
            case.add(
                {"type": "Unflatten", "sizes": new},
                nn.Unflatten(1, tuple(new)),
            )
        else:
            written = new if len(new) == 1 else [*new[1:], new[0]]
            case.add(
                {"type": "reshape", "shape": written},
                function=lambda env, new=new: env["_prev"].reshape(1, *new),
            )
        cases.append(case)
    return cases


def fractional_cases(rng: random.Random) -> list[Case]:
    """FractionalMaxPool2d/3d by output_size or output_ratio, some outputs too large."""
    cases = []
    for index in range(20):
        rank = rng.choice([2, 2, 3])
        sizes = [rng.randint(5, 12) for _ in range(rank)]
        kernel = rng.choice([2, 3])
        layer: dict[str, Any] = {"type": f"FractionalMaxPool{rank}d", "kernel_size": kernel}
        if index % 2:
            ratio = rng.choice([0.5, 0.6, 0.7, 0.75])
            layer["output_ratio"] = ratio
            arguments: dict[str, Any] = {"output_ratio": ratio}
        else:
            out = rng.randint(2, max(sizes) - 1)
            layer["output_size"] = out
            arguments = {"output_size": out}
        module = getattr(nn, f"FractionalMaxPool{rank}d")(kernel, **arguments)
        case = Case(f"fractional{index}", [*sizes, 2])
        case.add(layer, module)
        cases.append(case)
    return cases


def unpool_cases(rng: random.Random) -> list[Case]:
    """MaxPool with return_indices, a conv that keeps or changes the shape, MaxUnpool with the
    pool's indices, output_size inside and outside PyTorch's range."""
    cases = []
    for index in range(20):
        rank = rng.choice([1, 2, 2, 3])
        kernel = rng.choice([2, 3])
        stride = rng.choice([kernel, 2])
        padding = rng.randint(0, kernel // 2)
        # Inputs the pool covers exactly: when it floors, its indices address positions the
        # default unpooled size lacks, and PyTorch's refusal ("Found an invalid max index")
        # depends on where the maxima fall, not on the shapes.
        sizes = [(rng.randint(4, 7) - 1) * stride - 2 * padding + kernel for _ in range(rank)]
        channels = rng.choice([2, 4])
        pool = [nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d][rank - 1](
            kernel, stride, padding, return_indices=True
        )
        unpool = [nn.MaxUnpool1d, nn.MaxUnpool2d, nn.MaxUnpool3d][rank - 1](kernel, stride, padding)
        filters = channels if index % 4 else channels + 1  # a changed shape is refused
        conv = conv_for(rank)(channels, filters, 3, padding=1)
        # Max pooling passes its gradient to one position: no field probe here.
        case = Case(f"unpool{index}", [*sizes, channels])
        pool_layer = {
            "type": f"MaxPool{rank}d",
            "name": "pool",
            "kernel": kernel,
            "stride": stride,
            "padding": padding,
        }

        def pooled(env: Env, pool: nn.Module = pool) -> Any:
            values, env["pool.indices"] = pool(env["_prev"])
            return values

        case.add(pool_layer, function=pooled)
        case.add(
            {"type": f"Conv{rank}d", "name": "c", "filters": filters, "kernel": 3, "padding": 1},
            conv,
        )
        layer: dict[str, Any] = {
            "type": f"MaxUnpool{rank}d",
            "kernel": kernel,
            "stride": stride,
            "padding": padding,
            "from": ["c", "pool"],
        }
        wanted = None
        if index % 3 == 1:
            pooled = [(n + 2 * padding - kernel) // stride + 1 for n in sizes]
            default = [(n - 1) * stride - 2 * padding + kernel for n in pooled]
            wanted = [d + rng.choice([-stride, -1, 0, 1, stride]) for d in default]
            layer["output_size"] = wanted
        case.add(
            layer,
            function=lambda env, unpool=unpool, wanted=wanted: unpool(
                env["c"], env["pool.indices"], output_size=wanted
            ),
        )
        cases.append(case)
    return cases


def all_cases(seed: int) -> list[Case]:
    rng = random.Random(seed)
    return [
        *activation_cases(rng),
        *split_cases(rng),
        *shuffle_cases(rng),
        *permute_cases(rng),
        *output_size_cases(rng),
        *pixel_shuffle_cases(rng),
        *adaptive_none_cases(rng),
        *reshape_cases(rng),
        *fractional_cases(rng),
        *unpool_cases(rng),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    recorded = [run(case, generator) for case in all_cases(args.seed)]
    document = {
        "generator": "tools/record_torch_plumbing.py",
        "seed": args.seed,
        "torch": torch.__version__,
        "cases": recorded,
    }
    write_atomic(REPO_ROOT / args.out, json.dumps(document, indent=1) + "\n")
    print(f"{len(recorded)} cases -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
