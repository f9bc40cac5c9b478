"""Record PyTorch ground truth for random graph CNNs (branches and joins) as a convcalc fixture.

Run by hand with an environment that has torch (torch is never a dependency of convcalc):

    /work/tvenv/bin/python tools/record_torch_graphs.py [--seed N] [--count N] [--out PATH]

Each random net is written in convcalc's spec vocabulary: a `layers` list whose layers name their
inputs with `from:` (a name, a list of names, or `input`; no `from` reads the layer above), joined
by `add`, `concat` (channels or a spatial axis) and `multiply` (broadcasting gates). Branches hold
convolutions of every stride, padding (numbers, pairs, `same`, `full`, padding modes), groups and
dilation, separable convolutions, pooling, padding layers, transposed convolutions, upsampling,
adaptive and global pooling, normalisation layers and activations; some nets end in flat heads
joined by `add`/`concat`. About a quarter of the nets carry one deliberately bad layer (mostly a
join whose inputs do not fit: add of mismatched shapes, concat with mismatched sizes or ranks,
multiply that does not broadcast, an axis out of range; also a few single-layer faults inside a
branch).

A small interpreter builds every layer as a torch module (or torch function for joins), resolving
names exactly as the spec does, and runs the graph forward on a zero tensor of batch 1. Per layer
we record the output shape (channels-last), the parameter and buffer counts, and the receptive
field measured on the real graph: per spatial dimension, every layer is replaced by its 1-D
dependency pattern (windows by an all-ones kernel, transposed convolutions by an all-ones
transposed kernel, upsampling and adaptive pooling by the real torch op, padding by zeros,
branches joined by taking the union where add/concat/multiply meet), and a batch of one-hot
inputs gives, for every output unit, the exact span of input pixels it depends on. Where torch
refuses a layer, we record its index and torch's error message.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor, prod
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from fixture_io import classify, write_atomic
from torch import nn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = "tests/fixtures/torch_graph_nets.json"
DEFAULT_SEED = 20261124
DEFAULT_COUNT = 300
RANK_SHARES = {1: 0.35, 2: 0.5, 3: 0.15}
FAULT_SHARE = 0.26
PROBE_START = 256
PROBE_MAX = 4096
MAX_MESSAGE = 300
INPUT = "input"

NOTES = (
    "Shapes are channels-last: [*spatial, C] for spatial outputs, [n] for flat ones. 'params' = "
    "sum(p.numel() for p in module.parameters()) of the torch module(s) for that layer; "
    "'buffers' = numel of its buffers except num_batches_tracked. Joins: add is torch `+`, "
    "concat is torch.cat on the dimension the spec's channels-last axis names, multiply is `*` "
    "on channels-last tensors (NumPy broadcasting in the spec's layout). 'receptive_field' "
    "(spatial layers only) is measured on the real graph, per spatial dimension, with a batch of "
    "one-hot inputs through each layer's 1-D dependency pattern (see the module docstring); "
    "unit u depends on input pixels [first, last]; with a period of T units and a shift of S "
    "pixels, jump = S/T, 'phases' lists [first, last] per phase relative to the period (empty "
    "on a whole grid: T = 1 and a whole jump), size = the largest extent, padding = "
    "phase*jump - first for the first phase that reads input. 'receptive_field' is absent and "
    "'rf_note' says why where a field is not defined by sliding: 'global' (global pooling), "
    "'broadcast' (a join broadcasting along a spatial dimension), 'spatial_concat', "
    "'misaligned' (a join of branches with different jumps), 'align_corners', 'no_period' (no "
    "pattern repeating twice within a 4096-pixel probe: torch computes nearest/linear source "
    "indices in float32, so a ratio such as 7/6 drifts from the exact periodic map at large "
    "indices), 'inherited' (an input has no field). 'error_layer' is the index of the first "
    "layer torch rejected (at construction or forward), 'error_message' the first line of its "
    "exception; 'results' has one entry per layer before error_layer."
)

ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,
    "elu": nn.ELU,
    "gelu": nn.GELU,
    "silu": nn.SiLU,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
}
SHAPE_KEEPING = (
    *ACTIVATIONS,
    "batchnorm",
    "dropout",
    "identity",
    "prelu",
    "groupnorm",
    "instancenorm",
    "layernorm",
    "softmax",
)
WINDOWS = ("conv", "separable_conv", "maxpool", "avgpool")
PADS = ("zeropad", "reflection_pad", "replication_pad", "circular_pad")
JOINS = ("add", "concat", "multiply")
UPSAMPLE_MODES = {1: "linear", 2: "bilinear", 3: "trilinear"}

# Deliberate faults, dealt round-robin to the faulty nets of each rank.
FAULTS = [
    "add_channels",
    "add_spatial",
    "concat_spatial",
    "concat_rank",
    "concat_axis_channels",
    "concat_axis_range",
    "multiply_channels",
    "multiply_spatial",
    "branch_conv_groups",
    "branch_conv_kernel",
    "branch_transpose_output_padding",
    "branch_reflect_padding",
    "branch_upsample_mode",
]

Layer = dict[str, Any]
Sizes = tuple[int, ...]


# --------------------------------------------------------------------------------------------
# Shape arithmetic used to steer the generator and the probe (torch is the truth recorded)
# --------------------------------------------------------------------------------------------


def per_dim(value: Any, rank: int) -> list[int]:
    """An int-or-list spec value, one int per spatial dimension."""
    if isinstance(value, int):
        return [value] * rank
    return [int(v) for v in value]


def padding_pairs(layer: Layer, rank: int) -> list[tuple[int, int]]:
    """(before, after) per dimension of a window layer's `padding`, keywords resolved."""
    padding = layer.get("padding", 0)
    kinds = per_dim(layer.get("kernel", 1), rank)
    dilations = per_dim(layer.get("dilation", 1), rank)
    spans = [d * (k - 1) for k, d in zip(kinds, dilations, strict=True)]
    if padding == "valid":
        return [(0, 0)] * rank
    if padding == "same":
        return [(t // 2, t - t // 2) for t in spans]
    if padding == "full":
        return [(t, t) for t in spans]
    if padding == "causal":
        return [(t, 0) for t in spans]
    if isinstance(padding, int):
        return [(padding, padding)] * rank
    if all(isinstance(p, int) for p in padding):
        return [(p, p) for p in padding]
    return [(int(p[0]), int(p[1])) for p in padding]


def window_out(n: int, k: int, s: int, d: int, p0: int, p1: int, ceil_mode: bool = False) -> int:
    """Sliding-window output size (PyTorch's rule, including ceil_mode's correction)."""
    span = n + p0 + p1 - d * (k - 1) - 1
    if span < 0:
        return 0
    out = (span + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n + p0:
        out -= 1
    return out


def transpose_out(n: int, k: int, s: int, d: int, p0: int, p1: int, op: int) -> int:
    return (n - 1) * s - p0 - p1 + d * (k - 1) + op + 1


def upsample_sizes(layer: Layer, spatial: Sizes) -> Sizes:
    if "scale" in layer:
        scale = layer["scale"]
        if float(scale).is_integer():
            return tuple(n * int(scale) for n in spatial)
        return tuple(floor(n * float(scale)) for n in spatial)
    return tuple(per_dim(layer["size"], len(spatial)))


def broadcast(shapes: Sequence[list[int]]) -> list[int] | None:
    """NumPy broadcasting of channels-last shapes (batch dropped)."""
    width = max(len(s) for s in shapes)
    padded = [[1] * (width - len(s)) + s for s in shapes]
    result = []
    for column in zip(*padded, strict=True):
        sizes = {size for size in column if size != 1}
        if len(sizes) > 1:
            return None
        result.append(sizes.pop() if sizes else 1)
    return result


# --------------------------------------------------------------------------------------------
# Random graph generation
# --------------------------------------------------------------------------------------------


@dataclass
class Node:
    """A tensor in the generator's model: the layer that made it and its shape."""

    name: str
    spatial: Sizes | None  # None: flat
    channels: int

    def hwc(self) -> list[int]:
        return [self.channels] if self.spatial is None else [*self.spatial, self.channels]


@dataclass
class Plan:
    rank: int
    input: list[int]
    layers: list[Layer | str]
    fault_index: int | None
    fault_kind: str | None
    joins: Counter[str] = field(default_factory=Counter)


class Retry(Exception):
    """The draw did not give the shapes wanted; roll back and draw again."""


class GraphGenerator:
    """Draws one random graph net of a given rank, keeping a model of every tensor's shape."""

    def __init__(self, rng: random.Random, rank: int) -> None:
        self.rng = rng
        self.rank = rank
        spatial: Sizes
        if rank == 1:
            spatial = (rng.randint(4, 48),)
        elif rank == 2:
            side = rng.randint(3, 24)
            spatial = (side, side) if rng.random() < 0.6 else (side, rng.randint(3, 24))
        else:
            spatial = tuple(rng.randint(2, 7) for _ in range(3))
        channels = rng.choice([1, 3]) if rng.random() < 0.3 else rng.randint(2, 12)
        self.input = Node(INPUT, spatial, channels)
        self.layers: list[Layer] = []
        self.previous = self.input
        self.nodes: list[Node] = [self.input]  # spatial nodes a later branch may start from
        self.fault_index: int | None = None
        self.joins: Counter[str] = Counter()

    # -- bookkeeping ---------------------------------------------------------------------------

    def state(self) -> tuple[int, Node, int, int | None, Counter[str]]:
        return len(self.layers), self.previous, len(self.nodes), self.fault_index, +self.joins

    def restore(self, state: tuple[int, Node, int, int | None, Counter[str]]) -> None:
        count, previous, nodes, fault_index, joins = state
        del self.layers[count:]
        del self.nodes[nodes:]
        self.previous = previous
        self.fault_index = fault_index
        self.joins = joins

    def emit(
        self,
        kind: str,
        sources: Sequence[Node],
        spatial: Sizes | None,
        channels: int,
        **fields: Any,
    ) -> Node:
        """Append a layer reading `sources`; return the tensor it makes."""
        name = f"{kind}_{len(self.layers)}"
        layer: Layer = {"type": kind, "name": name}
        if len(sources) > 1:
            layer["from"] = [s.name for s in sources]
        elif sources[0] is not self.previous or self.rng.random() < 0.15:
            layer["from"] = sources[0].name
        layer.update(fields)
        self.layers.append(layer)
        node = Node(name, spatial, channels)
        self.previous = node
        if spatial is not None:
            self.nodes.append(node)
        return node

    def mark_fault(self) -> None:
        if self.fault_index is None:
            self.fault_index = len(self.layers)

    def _spec(self, values: Sequence[int]) -> int | list[int]:
        if len(set(values)) == 1 and self.rng.random() < 0.75:
            return values[0]
        return list(values)

    def _dims(self, choices: Sequence[int]) -> list[int]:
        if self.rng.random() < 0.7:
            return [self.rng.choice(choices)] * self.rank
        return [self.rng.choice(choices) for _ in range(self.rank)]

    # -- single-input layers -------------------------------------------------------------------

    def simple(self, src: Node) -> Node:
        """A shape-keeping layer: activation, normalisation, dropout, identity, prelu."""
        rng, c = self.rng, src.channels
        assert src.spatial is not None
        kind = rng.choices(
            [
                "act",
                "batchnorm",
                "dropout",
                "identity",
                "prelu",
                "groupnorm",
                "instancenorm",
                "layernorm",
                "softmax",
            ],
            [10, 4, 2, 1, 1.5, 1.5, 1.5, 1.5, 0.5],
        )[0]
        fields: dict[str, Any] = {}
        if kind == "act":
            kind = rng.choice(list(ACTIVATIONS))
        elif kind == "dropout":
            fields["rate"] = rng.choice([0.1, 0.5])
        elif kind == "prelu":
            fields["num_parameters"] = rng.choice([1, "channels", "channels", "all"])
        elif kind == "groupnorm":
            # Not one value per group: torch refuses that for a batch of one, while convcalc
            # only warns (CC207), since larger batches work.
            choices = [g for g in (1, 2, 3, 4, c) if c % g == 0 and c // g * prod(src.spatial) > 1]
            if choices:
                fields["num_groups"] = rng.choice(choices)
                if rng.random() < 0.3:
                    fields["affine"] = False
            else:
                kind = "batchnorm"
        elif kind == "instancenorm":
            track = rng.random() < 0.3 or prod(src.spatial) == 1
            if track:
                fields["track_running_stats"] = True
            if rng.random() < 0.5:
                fields["affine"] = True
        elif kind == "layernorm":
            roll = rng.random()
            if roll < 0.3:
                fields["normalized_shape"] = [*src.spatial[-1:], c]
            elif roll < 0.4:
                fields["elementwise_affine"] = False
            elif roll < 0.5:
                fields["bias"] = False
        return self.emit(kind, [src], src.spatial, c, **fields)

    def conv(
        self,
        src: Node,
        strides: Sequence[int],
        filters: int,
        exact: bool = True,
        fault: str | None = None,
    ) -> Node:
        """A conv (or separable conv) to `filters` channels; `exact`: output ceil(n / s)."""
        rng, rank = self.rng, self.rank
        assert src.spatial is not None
        cin = src.channels
        separable = fault is None and rng.random() < 0.12
        for _ in range(200):
            ks = self._dims([1, 2, 3, 3, 3, 4, 5, 7])
            ds = [1] * rank if rng.random() < 0.75 else self._dims([1, 2, 3])
            spans = [d * (k - 1) for k, d in zip(ks, ds, strict=True)]
            mode = rng.choice(
                ["sym", "sym", "pairs", "same"] if exact else ["int", "valid", "full"]
            )
            if mode == "same" and max(strides) > 1:
                mode = "pairs"
            if mode == "sym" and any(t % 2 for t in spans):
                mode = "pairs"
            if mode == "sym":
                pads = [(t // 2, t // 2) for t in spans]
                padding: Any = self._spec([t // 2 for t in spans])
            elif mode == "pairs":
                pads = [(p0, t - p0) for t in spans for p0 in [rng.randint(0, t)]]
                padding = [list(p) for p in pads]
                if all(a == b for a, b in pads) and rng.random() < 0.5:
                    padding = self._spec([a for a, _ in pads])
            elif mode == "same":
                pads = [(t // 2, t - t // 2) for t in spans]
                padding = "same"
            elif mode == "full":
                pads = [(t, t) for t in spans]
                padding = "full"
            elif mode == "valid":
                pads = [(0, 0)] * rank
                padding = "valid"
            else:
                p = rng.randint(0, 2)
                pads = [(p, p)] * rank
                padding = p
            if fault == "branch_conv_kernel":
                if isinstance(padding, str):
                    padding = [list(p) for p in pads]
                axis = rng.randrange(rank)
                ks[axis] = src.spatial[axis] + pads[axis][0] + pads[axis][1] + rng.randint(1, 2)
                ds[axis] = 1
            outs = [
                window_out(n, k, s, d, p0, p1)
                for n, k, s, d, (p0, p1) in zip(src.spatial, ks, strides, ds, pads, strict=True)
            ]
            if fault != "branch_conv_kernel" and min(outs) < 1:
                continue
            divisors = [g for g in (1, 1, 2, 3, 4, cin) if cin % g == 0 and filters % g == 0]
            groups = rng.choice(divisors)
            if fault == "branch_conv_groups":
                groups = rng.choice([g for g in (2, 3, 4, 5) if cin % g or filters % g])
            padding_mode = "zeros"
            if rng.random() < 0.2 and padding != "valid" and not separable:
                padding_mode = rng.choice(["reflect", "replicate", "circular"])
                limit = {"reflect": -1, "replicate": 10**9, "circular": 0}[padding_mode]
                if any(max(p) > n + limit for p, n in zip(pads, src.spatial, strict=True)):
                    padding_mode = "zeros"
            if fault == "branch_reflect_padding":
                padding_mode = "reflect"
                axis = rng.randrange(rank)
                extra = src.spatial[axis] + rng.randint(0, 1)
                pads[axis] = (extra, extra)
                ks[axis], ds[axis] = 2 * extra + 1, 1
                padding = [list(p) for p in pads] if rng.random() < 0.5 else [p[0] for p in pads]
            break
        else:
            raise Retry
        layer: dict[str, Any] = {"filters": filters, "kernel": self._spec(ks)}
        if max(strides) > 1 or rng.random() < 0.2:
            layer["stride"] = self._spec(list(strides))
        if padding != 0 or rng.random() < 0.3:
            layer["padding"] = padding
        if max(ds) > 1:
            layer["dilation"] = self._spec(ds)
        kind = "conv"
        if separable:
            kind = "separable_conv"
            if rng.random() < 0.4:
                layer["depth_multiplier"] = 2
        else:
            if groups != 1:
                layer["groups"] = "in" if groups == cin and rng.random() < 0.4 else groups
            if padding_mode != "zeros":
                layer["padding_mode"] = padding_mode
        if rng.random() < 0.25:
            layer["bias"] = False
        if rng.random() < 0.1:
            layer["in_channels"] = cin
        if fault:
            self.mark_fault()
        spatial = tuple(outs) if min(outs) >= 1 else src.spatial
        return self.emit(kind, [src], spatial, filters, **layer)

    def pool(self, src: Node, strides: Sequence[int], exact: bool = True) -> Node:
        """A max or average pool with stride `strides`; `exact`: output ceil(n / s)."""
        rng, rank = self.rng, self.rank
        assert src.spatial is not None
        kind = "maxpool" if rng.random() < 0.6 else "avgpool"
        for _ in range(100):
            ks = self._dims([1, 3, 3, 5] if exact else [2, 2, 3, 4])
            ps = [k // 2 for k in ks] if exact else [rng.randint(0, k // 2) for k in ks]
            ceil_mode = not exact and rng.random() < 0.4
            outs = [
                window_out(n, k, s, 1, p, p, ceil_mode)
                for n, k, s, p in zip(src.spatial, ks, strides, ps, strict=True)
            ]
            if min(outs) < 1:
                continue
            if (
                kind == "avgpool"
                and rank == 3
                and any(n < k for n, k in zip(src.spatial, ks, strict=True))
            ):
                kind = "maxpool"  # PyTorch's avg_pool3d refuses an input smaller than the kernel
            break
        else:
            raise Retry
        fields: dict[str, Any] = {"kernel": self._spec(ks)}
        if list(strides) != ks or rng.random() < 0.5:
            fields["stride"] = self._spec(list(strides))
        if max(ps) > 0:
            fields["padding"] = self._spec(ps)
        if ceil_mode:
            fields["ceil_mode"] = True
        if kind == "avgpool" and rng.random() < 0.2:
            fields["count_include_pad"] = False
        return self.emit(kind, [src], tuple(outs), src.channels, **fields)

    def padded_conv(self, src: Node, strides: Sequence[int], filters: int) -> Node:
        """A padding layer and a conv without padding: output ceil(n / s), as `conv` exact."""
        rng, rank = self.rng, self.rank
        assert src.spatial is not None
        ks = self._dims([2, 3, 3, 5])
        spans = [k - 1 for k in ks]
        pads = [(p0, t - p0) for t in spans for p0 in [rng.randint(0, t)]]
        kind = rng.choice(PADS)
        if kind == "reflection_pad" and any(
            max(p) >= n for p, n in zip(pads, src.spatial, strict=True)
        ):
            kind = "replication_pad"
        if kind == "circular_pad" and any(
            max(p) > n for p, n in zip(pads, src.spatial, strict=True)
        ):
            kind = "zeropad"
        if all(a == b for a, b in pads) and rng.random() < 0.5:
            padding: Any = self._spec([a for a, _ in pads])
        else:
            padding = [list(p) for p in pads]
        grown = tuple(n + a + b for n, (a, b) in zip(src.spatial, pads, strict=True))
        padded = self.emit(kind, [src], grown, src.channels, padding=padding)
        outs = tuple((n - 1) // s + 1 for n, s in zip(src.spatial, strides, strict=True))
        fields: dict[str, Any] = {"filters": filters, "kernel": self._spec(ks)}
        if max(strides) > 1:
            fields["stride"] = self._spec(list(strides))
        if rank == 1 and rng.random() < 0.3:
            return self.emit("conv1d", [padded], outs, filters, **fields)
        return self.emit("conv", [padded], outs, filters, **fields)

    def window(self, src: Node, strides: Sequence[int], filters: int | None, exact: bool) -> Node:
        """A conv, pool or padding+conv with stride `strides`; `filters` None keeps channels
        (a pool, or a conv to the same number of channels)."""
        roll = self.rng.random()
        if filters is None and roll < 0.5:
            return self.pool(src, strides, exact)
        target = src.channels if filters is None else filters
        if exact and roll > 0.88:
            return self.padded_conv(src, strides, target)
        return self.conv(src, strides, target, exact)

    def upsample(self, src: Node, fault: str | None = None) -> Node:
        """Nearest or interpolating upsampling by a scale or to a size."""
        rng, rank = self.rng, self.rank
        assert src.spatial is not None
        fields: dict[str, Any] = {}
        roll = rng.random()
        if roll < 0.6:
            scale: float | int = rng.choice([2, 2, 2, 3, 1.5, 2.5, 0.5])
            if scale < 1 and min(src.spatial) < 2:
                scale = 2
            fields["scale"] = scale
        else:
            sizes = [max(1, n + rng.randint(-n // 2, 2 * n)) for n in src.spatial]
            fields["size"] = self._spec(sizes)
        mode = rng.choice(["nearest", "nearest", "nearest-exact", "interp", "interp", "cubic"])
        if mode == "interp":
            mode = UPSAMPLE_MODES[rank]
        elif mode == "cubic":
            mode = "bicubic" if rank == 2 else UPSAMPLE_MODES[rank]
        expected = UPSAMPLE_MODES[rank]
        if fault == "branch_upsample_mode":
            # An interpolating mode for another number of dimensions (bicubic is 2-D only).
            wrong = [
                m
                for m in ("linear", "bilinear", "trilinear", "bicubic")
                if m != expected and not (m == "bicubic" and rank == 2)
            ]
            mode = rng.choice(wrong)
            self.mark_fault()
        if mode != "nearest" or rng.random() < 0.3:
            fields["mode"] = mode
        if mode in ("linear", "bilinear", "bicubic", "trilinear") and rng.random() < 0.2:
            fields["align_corners"] = rng.random() < 0.7
        out = upsample_sizes(fields, src.spatial)
        if min(out) < 1:
            raise Retry
        return self.emit("upsample", [src], out, src.channels, **fields)

    def transpose(
        self, src: Node, filters: int, double: bool = False, fault: str | None = None
    ) -> Node:
        """A transposed conv; `double`: output exactly 2n."""
        rng, rank = self.rng, self.rank
        assert src.spatial is not None
        for _ in range(100):
            if double:
                k, s, p, op = rng.choice([(2, 2, 0, 0), (4, 2, 1, 0), (3, 2, 1, 1)])
                ks, ss, ds = [k] * rank, [s] * rank, [1] * rank
                pads, ops = [(p, p)] * rank, [op] * rank
            else:
                ks = self._dims([1, 2, 3, 4, 5])
                ss = self._dims([1, 2, 2, 3])
                ds = [1] * rank if rng.random() < 0.8 else self._dims([1, 2])
                pads = [(rng.randint(0, k - 1), rng.randint(0, k - 1)) for k in ks]
                if rng.random() < 0.6:
                    pads = [(a, a) for a, _ in pads]
                ops = [rng.randint(0, max(s, d) - 1) for s, d in zip(ss, ds, strict=True)]
            if fault == "branch_transpose_output_padding":
                axis = rng.randrange(rank)
                ops[axis] = max(ss[axis], ds[axis]) + rng.randint(0, 1)
            outs = [
                transpose_out(n, k, s, d, p0, p1, op)
                for n, k, s, d, (p0, p1), op in zip(src.spatial, ks, ss, ds, pads, ops, strict=True)
            ]
            if min(outs) >= 1:
                break
        else:
            raise Retry
        fields: dict[str, Any] = {"filters": filters, "kernel": self._spec(ks)}
        if max(ss) > 1 or rng.random() < 0.3:
            fields["stride"] = self._spec(ss)
        if any(a != b for a, b in pads):
            fields["padding"] = [list(p) for p in pads]
        elif max(a for a, _ in pads) > 0:
            fields["padding"] = self._spec([a for a, _ in pads])
        if max(ops) > 0:
            fields["output_padding"] = self._spec(ops)
        if max(ds) > 1:
            fields["dilation"] = self._spec(ds)
        groups = rng.choice(
            [g for g in (1, 1, 2, src.channels) if src.channels % g == 0 and filters % g == 0]
        )
        if groups > 1:
            fields["groups"] = groups
        if rng.random() < 0.2:
            fields["bias"] = False
        if fault:
            self.mark_fault()
        return self.emit("conv_transpose", [src], tuple(outs), filters, **fields)

    def adaptive(self, src: Node) -> Node:
        assert src.spatial is not None
        kind = self.rng.choice(["adaptive_avgpool", "adaptive_maxpool"])
        outs = [max(1, self.rng.randint(n // 2, n + 3)) for n in src.spatial]
        return self.emit(kind, [src], tuple(outs), src.channels, output_size=self._spec(outs))

    # -- segments ------------------------------------------------------------------------------

    def channels(self) -> int:
        return self.rng.choice([1, 2, 4]) if self.rng.random() < 0.2 else self.rng.randint(2, 16)

    def chain(self, src: Node) -> Node:
        """One to three single-input layers."""
        rng = self.rng
        node = src
        for _ in range(rng.randint(1, 3)):
            spatial = node.spatial
            assert spatial is not None
            roll = rng.random()
            small = max(spatial) <= (20 if self.rank == 1 else 10)
            if roll < 0.35:
                node = self.simple(node)
            elif roll < 0.75:
                strides = [1] * self.rank
                if rng.random() < 0.4 and min(spatial) >= 3:
                    strides = self._dims([1, 2, 2, 3])
                exact = rng.random() < 0.7
                filters = None if rng.random() < 0.3 else self.channels()
                node = self.window(node, strides, filters, exact)
            elif roll < 0.83 and small:
                node = self.upsample(node)
            elif roll < 0.91 and small:
                node = self.transpose(node, self.channels())
            else:
                node = self.adaptive(node)
        return node

    def branch(
        self,
        src: Node,
        template: str,
        strides: Sequence[int],
        filters: int | None,
        exact: bool = True,
    ) -> Node:
        """A short branch: shape-keeping layers around one resizing layer (`template` down or
        up), ending with `filters` channels (None: any)."""
        rng = self.rng
        node = src
        before, after = rng.randint(0, 1), rng.randint(0, 1)
        if template == "keep" and rng.random() < 0.35:
            before, after = 0, 0
        for _ in range(before):
            node = self.keep(node)
        if template == "up":
            if rng.random() < 0.5:
                node = self.transpose(node, filters or self.channels(), double=True)
            else:
                node = self.emit(
                    "upsample",
                    [node],
                    tuple(2 * n for n in node.spatial or ()),
                    node.channels,
                    scale=2,
                    **(
                        {"mode": rng.choice(["nearest", UPSAMPLE_MODES[self.rank]])}
                        if rng.random() < 0.7
                        else {}
                    ),
                )
        elif template == "down" or rng.random() < 0.5:
            node = self.window(node, strides, None if rng.random() < 0.3 else filters, exact)
        for _ in range(after):
            node = self.keep(node)
        if filters is not None and node.channels != filters:
            node = self.conv(node, [1] * self.rank, filters)
        return node

    def keep(self, node: Node) -> Node:
        """A shape-keeping layer: simple, or a stride-1 conv/pool that keeps the size."""
        if self.rng.random() < 0.5:
            return self.simple(node)
        return self.window(node, [1] * self.rank, None, exact=True)

    def sources(self, src: Node) -> Node:
        """Where a branch starts: mostly `src`, sometimes an earlier tensor of its shape."""
        same = [n for n in self.nodes if n.spatial == src.spatial and n is not src]
        if same and self.rng.random() < 0.3:
            return self.rng.choice(same)
        return src

    def join(self, fault: str | None) -> Node:
        """Branches from the current tensor, joined; with `fault`, a join that torch refuses."""
        rng, rank = self.rng, self.rank
        src = self.previous
        assert src.spatial is not None
        if fault is None:
            kind = rng.choices(JOINS, [4, 4, 2.5])[0]
        elif fault.startswith("branch_"):
            kind = rng.choice(["add", "concat"])
        else:
            kind = fault.split("_")[0]
        if kind == "multiply":
            return self.multiply(src, fault)
        n_branches = rng.choice([2, 2, 2, 3])
        can_down = min(src.spatial) >= 2
        small = max(src.spatial) <= (24 if rank == 1 else 10)
        template = rng.choices(
            ["keep", "down", "up"], [5, 3 if can_down else 0, 2 if small else 0]
        )[0]
        strides = [1] * rank
        if template == "down":
            strides = self._dims([2, 2, 3]) if rng.random() < 0.8 else [2] + [1] * (rank - 1)
            if max(strides) == 1:
                strides[0] = 2
        axis: Any = "channels"
        spatial_axis: int | None = None
        if kind == "concat":
            roll = rng.random()
            if fault in ("concat_axis_channels",) or (fault is None and roll < 0.15):
                spatial_axis = rng.randrange(rank)
                axis = spatial_axis if rng.random() < 0.7 else spatial_axis - rank - 1
            elif roll < 0.35:
                axis = rng.choice([-1, rank])
            if fault == "concat_axis_range":
                axis = rng.choice([rank + 1, rank + 2, -rank - 2])
        filters: int | None = None
        if kind == "add" or spatial_axis is not None:
            filters = src.channels if rng.random() < 0.4 else self.channels()
        if fault in ("concat_spatial", "add_spatial") and not can_down:
            raise Retry
        branch_nodes: list[Node] = []
        fault_branch = rng.randrange(n_branches)
        for b in range(n_branches):
            start = self.sources(src)
            b_template, b_strides, b_filters = template, list(strides), filters
            if spatial_axis is not None and b and rng.random() < 0.5:
                b_template = "down"
                b_strides = [1] * rank
                b_strides[spatial_axis] = 2
            if b == fault_branch:
                if fault in ("add_spatial", "concat_spatial"):
                    b_template = "keep" if template != "keep" else "down"
                    b_strides = [2] * rank if b_template == "down" else [1] * rank
                elif fault == "add_channels" or fault == "concat_axis_channels":
                    b_filters = (filters or src.channels) + rng.randint(1, 4)
                elif fault and fault.startswith("branch_"):
                    node = self.fault_layer(start, fault, filters)
                    branch_nodes.append(node)
                    continue
            if fault == "concat_rank" and b == fault_branch:
                node = self.branch(start, template, strides, None)
                node = self.emit("flatten", [node], None, prod(node.hwc()))
            else:
                node = self.branch(start, b_template, b_strides, b_filters)
            branch_nodes.append(node)
        if len({id(n) for n in branch_nodes}) == 1 and rng.random() < 0.7:
            raise Retry  # a join of one tensor with itself, now and then only
        shapes = [n.hwc() for n in branch_nodes]
        fits = self.fits(kind, shapes, axis)
        if fault is None and not fits:
            raise Retry
        if fault is not None and not fault.startswith("branch_"):
            if fits or (kind == "add" and broadcast(shapes) is not None):
                raise Retry
            self.mark_fault()
        fields: dict[str, Any] = {}
        if kind == "concat" and (axis != "channels" or rng.random() < 0.15):
            fields["axis"] = axis
        if fits:
            out = self.joined(kind, shapes, axis)
            spatial = None if len(out) == 1 else tuple(out[:-1])
            channels = out[-1]
        else:
            spatial, channels = src.spatial, src.channels
        if rng.random() < 0.2:
            rng.shuffle(branch_nodes)
        self.joins[kind if spatial_axis is None else "concat_spatial_axis"] += 1
        return self.emit(kind, branch_nodes, spatial, channels, **fields)

    def fault_layer(self, src: Node, fault: str, filters: int | None) -> Node:
        """A single bad layer inside a branch."""
        rank = self.rank
        target = filters or self.channels()
        if fault in ("branch_conv_groups", "branch_conv_kernel", "branch_reflect_padding"):
            return self.conv(src, [1] * rank, target, fault=fault)
        if fault == "branch_transpose_output_padding":
            return self.transpose(src, target, fault=fault)
        return self.upsample(src, fault=fault)

    @staticmethod
    def fits(kind: str, shapes: list[list[int]], axis: Any) -> bool:
        if kind == "add":
            return all(s == shapes[0] for s in shapes)
        if kind == "multiply":
            return broadcast(shapes) is not None
        size = len(shapes[0])
        if any(len(s) != size for s in shapes):
            return False
        index = size - 1 if axis == "channels" else axis
        if not -size <= index < size:
            return False
        index %= size
        others = {tuple(v for i, v in enumerate(s) if i != index) for s in shapes}
        return len(others) == 1

    @staticmethod
    def joined(kind: str, shapes: list[list[int]], axis: Any) -> list[int]:
        if kind == "add":
            return shapes[0]
        if kind == "multiply":
            out = broadcast(shapes)
            assert out is not None
            return out
        size = len(shapes[0])
        index = (size - 1 if axis == "channels" else axis) % size
        out = list(shapes[0])
        out[index] = sum(s[index] for s in shapes)
        return out

    def multiply(self, src: Node, fault: str | None) -> Node:
        """A gate: squeeze-and-excitation, spatial attention, a flat gate, or same shapes."""
        rng, rank = self.rng, self.rank
        assert src.spatial is not None
        main = self.branch(self.sources(src), "keep", [1] * rank, None)
        c = main.channels
        style = rng.choices(["se", "spatial", "flat", "same"], [4, 2, 1, 2])[0]
        if fault == "multiply_spatial":
            style = "spatial"
        if style == "se":
            if rng.random() < 0.6:
                squeezed = self.emit(
                    rng.choice(["global_avgpool", "global_maxpool"]),
                    [main],
                    (1,) * rank,
                    c,
                    **({"keepdims": True} if rng.random() < 0.3 else {}),
                )
            elif rng.random() < 0.5:
                squeezed = self.emit("adaptive_avgpool", [main], (1,) * rank, c, output_size=1)
            else:
                squeezed = self.emit(
                    "avgpool", [main], (1,) * rank, c, kernel=self._spec(list(main.spatial or ()))
                )
            hidden = self.conv(squeezed, [1] * rank, max(1, c // rng.choice([1, 2, 4])))
            hidden = self.emit("relu", [hidden], hidden.spatial, hidden.channels)
            gate_c = c if fault != "multiply_channels" else c + rng.randint(1, 3)
            if fault is None and rng.random() < 0.15:
                gate_c = 1
            gate = self.conv(hidden, [1] * rank, gate_c)
        elif style == "spatial":
            if fault == "multiply_spatial":
                if min(main.spatial or (0,)) < 3:
                    raise Retry
                gate = self.conv(main, [2] * rank, 1)
            else:
                gate = self.conv(main, [1] * rank, 1)
        elif style == "flat":
            pooled = self.emit("global_avgpool", [main], None, c, keepdims=False)
            gate_c = c if fault != "multiply_channels" else c + rng.randint(1, 3)
            gate = self.emit("dense", [pooled], None, gate_c, units=gate_c)
        else:
            gate = self.branch(self.sources(src), "keep", [1] * rank, c)
        gate = self.emit(
            rng.choice(["sigmoid", "sigmoid", "tanh"]), [gate], gate.spatial, gate.channels
        )
        inputs = [main, gate] if rng.random() < 0.7 else [gate, main]
        shapes = [n.hwc() for n in inputs]
        out = broadcast(shapes)
        if (out is None) != (fault is not None):
            raise Retry
        if fault is not None:
            self.mark_fault()
            out = main.hwc()
        assert out is not None
        self.joins["multiply_" + style] += 1
        return self.emit("multiply", inputs, tuple(out[:-1]) or None, out[-1])

    def head(self) -> None:
        """Flatten (or global pooling) and dense layers; sometimes two heads joined."""
        rng = self.rng
        src = self.previous
        assert src.spatial is not None
        heads = []
        for _ in range(rng.choice([1, 1, 2])):
            start = self.sources(src)
            if rng.random() < 0.6:
                flat = self.emit("flatten", [start], None, prod(start.hwc()))
            else:
                flat = self.emit(
                    rng.choice(["global_avgpool", "global_maxpool"]),
                    [start],
                    None,
                    start.channels,
                    keepdims=False,
                )
            heads.append(flat)
        if len(heads) == 2:
            kind = rng.choice(["concat", "add", "multiply"])
            units = rng.randint(1, 24)
            sizes = [units, units + rng.randint(1, 5) if kind == "concat" else units]
            dense = [
                self.emit("dense", [h], None, u, units=u) for h, u in zip(heads, sizes, strict=True)
            ]
            out = sum(sizes) if kind == "concat" else units
            self.emit(kind, dense, None, out)
            self.joins["flat_" + kind] += 1
        units = rng.randint(1, 32)
        self.emit("dense", [self.previous], None, units, units=units, bias=rng.random() < 0.8)
        if rng.random() < 0.4:
            self.emit(rng.choice(list(ACTIVATIONS)), [self.previous], None, units)

    def net(self, fault: str | None) -> Plan:
        rng = self.rng
        segments = rng.randint(2, 5)
        fault_segment = rng.randrange(segments) if fault else None
        for segment in range(segments):
            if len(self.layers) > 45:
                break
            for _attempt in range(60):
                state = self.state()
                try:
                    if segment == fault_segment:
                        self.join(fault)
                    elif rng.random() < 0.65:
                        self.join(None)
                    else:
                        self.chain(self.previous)
                    break
                except Retry:
                    self.restore(state)
            else:
                raise RuntimeError(f"could not draw segment {segment} ({fault})")
            if segment == fault_segment:
                for _ in range(rng.randint(0, 2)):
                    kind = rng.choice(["relu", "identity", "dropout"])
                    self.emit(kind, [self.previous], self.previous.spatial, 1)
                break
        else:
            if rng.random() < 0.45:
                self.head()
        return Plan(
            self.rank,
            self.input.hwc(),
            finish(rng, self.layers),
            self.fault_index,
            fault,
            self.joins,
        )


def finish(rng: random.Random, layers: list[Layer]) -> list[Layer | str]:
    """Drop, now and then, the name of a layer no `from` reads (convcalc then numbers it), and
    write a layer with nothing else left as a bare kind."""
    read: set[str] = set()
    for layer in layers:
        written = layer.get("from")
        read.update(written if isinstance(written, list) else [written] if written else [])
    out: list[Layer | str] = []
    for layer in layers:
        if layer["name"] not in read and rng.random() < 0.4:
            layer = {k: v for k, v in layer.items() if k != "name"}
            if len(layer) == 1:
                out.append(layer["type"])
                continue
        out.append(layer)
    return out


# --------------------------------------------------------------------------------------------
# The interpreter: a spec's layer list run as a torch graph
# --------------------------------------------------------------------------------------------


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


class PadThen(nn.Module):
    """Padding with (before, after) per dim (a torch pad mode), then a module."""

    def __init__(self, pads: list[tuple[int, int]], mode: str, inner: nn.Module) -> None:
        super().__init__()
        self.pad = [v for before, after in reversed(pads) for v in (before, after)]
        self.mode = {"zeros": "constant"}.get(mode, mode)
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.inner(F.pad(x, self.pad, mode=self.mode))
        return out


class Crop(nn.Module):
    """A module, then its output cropped by (before, after) per dim (transposed conv pairs)."""

    def __init__(self, inner: nn.Module, pads: list[tuple[int, int]]) -> None:
        super().__init__()
        self.inner = inner
        self.pads = pads

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y: torch.Tensor = self.inner(x)
        for axis, (before, after) in enumerate(self.pads):
            length = y.shape[2 + axis]
            y = y.narrow(2 + axis, before, length - before - after)
        return y


class ChannelsLast(nn.Module):
    """Apply a module to the channels-last view (LayerNorm over the spec's trailing sizes)."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.inner(x.movedim(1, -1)).movedim(-1, 1)
        return out


class ElementPReLU(nn.Module):
    """PReLU with one slope per element (Keras's default), which torch's PReLU cannot do."""

    def __init__(self, shape: Sequence[int]) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.full(tuple(shape), 0.25))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.where(x >= 0, x, self.weight * x)


def conv_class(kind: str, rank: int) -> type[nn.Module]:
    table: dict[str, Sequence[type[nn.Module]]] = {
        "conv": (nn.Conv1d, nn.Conv2d, nn.Conv3d),
        "conv_transpose": (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d),
        "maxpool": (nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d),
        "avgpool": (nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d),
        "batchnorm": (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d),
        "instancenorm": (nn.InstanceNorm1d, nn.InstanceNorm2d, nn.InstanceNorm3d),
        "adaptive_avgpool": (nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d),
        "adaptive_maxpool": (nn.AdaptiveMaxPool1d, nn.AdaptiveMaxPool2d, nn.AdaptiveMaxPool3d),
        "zeropad": (nn.ZeroPad1d, nn.ZeroPad2d, nn.ZeroPad3d),
        "reflection_pad": (nn.ReflectionPad1d, nn.ReflectionPad2d, nn.ReflectionPad3d),
        "replication_pad": (nn.ReplicationPad1d, nn.ReplicationPad2d, nn.ReplicationPad3d),
        "circular_pad": (nn.CircularPad1d, nn.CircularPad2d, nn.CircularPad3d),
    }
    return table[kind][rank - 1]


def canonical(layer: Layer | str) -> tuple[str, Layer]:
    """The layer's kind (conv1d → conv) and its fields."""
    if isinstance(layer, str):
        return layer, {}
    kind = str(layer["type"])
    return {"conv1d": "conv", "conv2d": "conv", "conv3d": "conv"}.get(kind, kind), layer


def build_module(layer: Layer | str, x: torch.Tensor) -> nn.Module:
    """The torch module for a single-input spec layer applied to `x`."""
    kind, f = canonical(layer)
    rank = x.dim() - 2
    cin = x.shape[1]
    if kind in ACTIVATIONS:
        return ACTIVATIONS[kind]()
    if kind == "identity":
        return nn.Identity()
    if kind == "flatten":
        return nn.Flatten()
    if kind == "dropout":
        return nn.Dropout(f.get("rate", 0.5))
    if kind == "softmax":
        return nn.Softmax(dim=1)
    if kind == "dense":
        return nn.Linear(f.get("in_features", cin), f["units"], bias=f.get("bias", True))
    if kind == "batchnorm":
        return conv_class(kind, rank)(cin)
    if kind == "instancenorm":
        return conv_class(kind, rank)(
            cin,
            affine=f.get("affine", False),
            track_running_stats=f.get("track_running_stats", False),
        )
    if kind == "groupnorm":
        return nn.GroupNorm(f["num_groups"], cin, affine=f.get("affine", True))
    if kind == "layernorm":
        shape = f.get("normalized_shape", [cin])
        return ChannelsLast(
            nn.LayerNorm(
                shape,
                elementwise_affine=f.get("elementwise_affine", True),
                bias=f.get("bias", True),
            )
        )
    if kind == "prelu":
        count = f.get("num_parameters", 1)
        if count == "all":
            return ElementPReLU([cin, *x.shape[2:]])
        return nn.PReLU(cin if count == "channels" else count)
    if kind in ("conv", "separable_conv"):
        ks = per_dim(f["kernel"], rank)
        pads = padding_pairs(f, rank)
        mode = f.get("padding_mode", "zeros")
        padding = f.get("padding", 0)
        keyword = isinstance(padding, str) and padding in ("same", "valid")
        if kind == "separable_conv":
            multiplier = f.get("depth_multiplier", 1)
            inner: nn.Module = nn.Sequential(
                conv_class("conv", rank)(
                    cin,
                    cin * multiplier,
                    _tuple(f["kernel"]),
                    stride=_tuple(f.get("stride", 1)),
                    dilation=_tuple(f.get("dilation", 1)),
                    groups=cin,
                    bias=False,
                ),
                conv_class("conv", rank)(
                    cin * multiplier, f["filters"], 1, bias=f.get("bias", True)
                ),
            )
            return PadThen(pads, "zeros", inner)
        groups = f.get("groups", 1)
        conv_args = {
            "stride": _tuple(f.get("stride", 1)),
            "dilation": _tuple(f.get("dilation", 1)),
            "groups": cin if groups == "in" else groups,
            "bias": f.get("bias", True),
        }
        in_channels = f.get("in_channels", cin)
        if keyword or all(a == b for a, b in pads):
            return conv_class("conv", rank)(
                in_channels,
                f["filters"],
                tuple(ks),
                padding=padding if keyword else tuple(a for a, _ in pads),
                padding_mode=mode,
                **conv_args,
            )
        return PadThen(
            pads, mode, conv_class("conv", rank)(in_channels, f["filters"], tuple(ks), **conv_args)
        )
    if kind == "conv_transpose":
        pads = padding_pairs({"padding": f.get("padding", 0)}, rank)
        symmetric = all(a == b for a, b in pads)
        module = conv_class(kind, rank)(
            f.get("in_channels", cin),
            f["filters"],
            _tuple(f["kernel"]),
            stride=_tuple(f.get("stride", 1)),
            padding=tuple(a for a, _ in pads) if symmetric else 0,
            output_padding=_tuple(f.get("output_padding", 0)),
            groups=f.get("groups", 1),
            bias=f.get("bias", True),
            dilation=_tuple(f.get("dilation", 1)),
        )
        return module if symmetric else Crop(module, pads)
    if kind in ("maxpool", "avgpool"):
        extra: dict[str, Any] = {}
        if kind == "maxpool":
            extra["dilation"] = _tuple(f.get("dilation", 1))
        else:
            extra["count_include_pad"] = f.get("count_include_pad", True)
        return conv_class(kind, rank)(
            _tuple(f["kernel"]),
            stride=_tuple(f.get("stride")),
            padding=_tuple(f.get("padding", 0)),
            ceil_mode=f.get("ceil_mode", False),
            **extra,
        )
    if kind in ("global_avgpool", "global_maxpool"):
        pool = conv_class(kind.replace("global", "adaptive"), rank)(1)
        if f.get("keepdims", True):
            return pool
        return nn.Sequential(pool, nn.Flatten())
    if kind in ("adaptive_avgpool", "adaptive_maxpool"):
        return conv_class(kind, rank)(_tuple(f["output_size"]))
    if kind in PADS:
        pads = padding_pairs({"padding": f["padding"]}, rank)
        return conv_class(kind, rank)(tuple(v for a, b in reversed(pads) for v in (a, b)))
    if kind == "upsample":
        args: dict[str, Any] = {"mode": f.get("mode", "nearest")}
        if "scale" in f:
            args["scale_factor"] = float(f["scale"])
        else:
            args["size"] = _tuple(f["size"])
        if "align_corners" in f:
            args["align_corners"] = f["align_corners"]
        return nn.Upsample(**args)
    raise ValueError(f"unknown layer {layer!r}")


def torch_dim(axis: Any, ndim: int) -> int:
    """The torch dimension a channels-last spec axis names, for an `ndim`-dim tensor (batch
    first). Out-of-range axes stay out of range, so torch refuses them."""
    size = ndim - 1
    if axis == "channels":
        return 1
    index = int(axis)
    if not -size <= index < size:
        return index + 1 if index >= 0 else index - 1
    index %= size
    return 1 if index == size - 1 else index + 2


def to_last(x: torch.Tensor) -> torch.Tensor:
    return x.movedim(1, -1) if x.dim() > 2 else x


def join(kind: str, f: Layer, xs: list[torch.Tensor]) -> torch.Tensor:
    if kind == "add":
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out
    if kind == "concat":
        return torch.cat(xs, dim=torch_dim(f.get("axis", "channels"), xs[0].dim()))
    out = to_last(xs[0])
    for x in xs[1:]:
        out = out * to_last(x)
    return out.movedim(-1, 1) if out.dim() > 2 else out


def wiring(layers: Sequence[Layer | str]) -> list[list[int]]:
    """Per layer, the indices of the layers it reads (-1: the network input), as convcalc
    resolves `from`: a name written above, `input`, or (no `from`) the layer above."""
    names: dict[str, int] = {}
    sources: list[list[int]] = []
    for index, layer in enumerate(layers):
        _, f = canonical(layer)
        written = f.get("from")
        if written is None:
            sources.append([index - 1])
        else:
            refs = written if isinstance(written, list) else [written]
            sources.append([-1 if r == INPUT else names[r] for r in refs])
        if "name" in f:
            names[str(f["name"])] = index
    return sources


def hwc(x: torch.Tensor) -> list[int]:
    return list(x.shape[1:]) if x.dim() == 2 else [*x.shape[2:], x.shape[1]]


def first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (lines[0] if lines else type(exc).__name__)[:MAX_MESSAGE]


def run_net(net_input: list[int], layers: Sequence[Layer | str]) -> dict[str, Any]:
    """Run the graph in torch: accepted/error fields and per-layer shape/params/buffers."""
    x = torch.zeros(1, net_input[-1], *net_input[:-1])
    tensors: list[torch.Tensor] = []
    results: list[dict[str, Any]] = []
    for index, sources in enumerate(wiring(layers)):
        kind, f = canonical(layers[index])
        xs = [x if s < 0 else tensors[s] for s in sources]
        params = buffers = 0
        try:
            if kind in JOINS:
                with torch.no_grad():
                    y = join(kind, f, xs)
            else:
                module = build_module(layers[index], xs[0])
                module.eval()
                with torch.no_grad():
                    y = module(xs[0])
                params = sum(p.numel() for p in module.parameters())
                buffers = sum(
                    b.numel()
                    for name, b in module.named_buffers()
                    if not name.endswith("num_batches_tracked")
                )
        except Exception as exc:  # any torch rejection is recorded
            return {
                "accepted": False,
                "error_layer": index,
                "error_message": first_line(exc),
                "results": results,
            }
        tensors.append(y)
        results.append({"output": hwc(y), "params": int(params), "buffers": int(buffers)})
    return {"accepted": True, "error_layer": None, "error_message": None, "results": results}


# --------------------------------------------------------------------------------------------
# Receptive fields: one-hot probes through the 1-D dependency pattern of the real graph
# --------------------------------------------------------------------------------------------

Support = torch.Tensor  # bool [n, m]: input pixel b (row) reaches output unit u (column)
Field = dict[str, Any]


def _as_float(support: Support) -> torch.Tensor:
    return support.to(torch.float32).unsqueeze(1)


def _window(x: Support, k: int, s: int, d: int, p0: int, p1: int) -> Support:
    y = F.pad(_as_float(x), (p0, p1))
    if y.shape[-1] < d * (k - 1) + 1:
        return x[:, :0]
    return F.conv1d(y, torch.ones(1, 1, k), stride=s, dilation=d).squeeze(1) > 0


def _transposed(x: Support, k: int, s: int, d: int, p0: int, p1: int, op: int) -> Support:
    y = F.conv_transpose1d(_as_float(x), torch.ones(1, 1, k), stride=s, dilation=d).squeeze(1)
    y = F.pad(y, (0, op))
    return y[:, p0 : y.shape[-1] - p1] > 0


def _resample(
    x: Support, layer: Layer, dim: int, real_in: Sizes, real_out: Sizes
) -> Support | None:
    """Upsampling along `dim` with the real torch op: the other dims get their real sizes (the
    probe signal is constant along them, so it passes through), then index 0 is kept."""
    rank = len(real_in)
    length = x.shape[-1]
    args: dict[str, Any] = {"mode": layer.get("mode", "nearest")}
    sizes_in = list(real_in)
    if "scale" in layer:
        args["scale_factor"] = float(layer["scale"])
        sizes_in[dim] = length
    else:
        repeat = length // real_in[dim]
        if repeat < 1:
            return None
        x = x[:, : repeat * real_in[dim]]
        sizes_in[dim] = repeat * real_in[dim]
        out = list(real_out)
        out[dim] = repeat * real_out[dim]
        args["size"] = tuple(out)

    def apply(signal: torch.Tensor) -> torch.Tensor:
        shape = [signal.shape[0], 1] + [1] * rank
        shape[2 + dim] = signal.shape[-1]
        full = signal.reshape(shape).expand(*shape[:2], *sizes_in)
        y = F.interpolate(full.contiguous(), **args)
        for axis in reversed(range(rank)):
            if axis != dim:
                y = y.select(2 + axis, 0)
        return y.reshape(signal.shape[0], -1)

    if args["mode"] == "bicubic":
        # Negative cubic weights could cancel; take the support of each weight instead.
        weights = apply(torch.eye(sizes_in[dim])) != 0
        return (x.to(torch.float32) @ weights.to(torch.float32)) > 0
    return apply(x.to(torch.float32)) > 0


def _adaptive(x: Support, real_in: int, real_out: int) -> Support | None:
    """Adaptive pooling bins repeat every few units: on `repeat` copies of the real length the
    real op gives the same bins, `repeat` times over."""
    repeat = x.shape[-1] // real_in
    if repeat < 1:
        return None
    y = x[:, : repeat * real_in]
    return F.adaptive_avg_pool1d(_as_float(y), repeat * real_out).squeeze(1) > 0


def probe_supports(
    layers: Sequence[Layer | str],
    sources: list[list[int]],
    shapes: list[list[int]],
    input_shape: list[int],
    dim: int,
    n: int,
) -> list[Support | None]:
    """Every layer's support matrix along spatial dimension `dim` for an input of length n
    (None for flat layers and global pooling). Layers whose field is not defined by sliding
    (see `structural_note`) get a meaningless support; their notes keep it out of the record."""
    rank = len(input_shape) - 1
    x = torch.eye(n, dtype=torch.bool)
    out: list[Support | None] = []

    def real(index: int) -> Sizes:
        shape = input_shape if index < 0 else shapes[index]
        return tuple(shape[:-1])

    for index, srcs in enumerate(sources):
        kind, f = canonical(layers[index])
        inputs = [x if s < 0 else out[s] for s in srcs]
        got = [t for t in inputs if t is not None]
        y: Support | None = None
        if len(got) != len(inputs) or len(shapes[index]) == 1:
            y = None
        elif kind in WINDOWS or kind in PADS:
            pool = kind in ("maxpool", "avgpool")
            k = per_dim(f.get("kernel", 1), rank)[dim]
            s = per_dim(f.get("stride", f["kernel"] if pool else 1), rank)[dim]
            d = per_dim(f.get("dilation", 1), rank)[dim]
            p0, p1 = padding_pairs({**f, "kernel": k, "dilation": d}, rank)[dim]
            y = _window(got[0], k, s, d, p0, p1)
        elif kind == "conv_transpose":
            k = per_dim(f["kernel"], rank)[dim]
            s = per_dim(f.get("stride", 1), rank)[dim]
            d = per_dim(f.get("dilation", 1), rank)[dim]
            op = per_dim(f.get("output_padding", 0), rank)[dim]
            p0, p1 = padding_pairs({"padding": f.get("padding", 0)}, rank)[dim]
            y = _transposed(got[0], k, s, d, p0, p1, op)
        elif kind == "upsample":
            y = _resample(got[0], f, dim, real(srcs[0]), real(index))
        elif kind in ("adaptive_avgpool", "adaptive_maxpool"):
            y = _adaptive(got[0], real(srcs[0])[dim], real(index)[dim])
        elif kind in JOINS:
            length = min(t.shape[-1] for t in got)
            y = got[0][:, :length]
            for t in got[1:]:
                y = y | t[:, :length]
        elif kind in SHAPE_KEEPING:
            y = got[0]
        out.append(y)
    return out


def describe(support: Support) -> Field | None:
    """size/jump/padding/phases from the middle units of one support matrix. None when the probe
    is too short: too few units, a unit reaching the input's first or last pixel, or no period
    that repeats at least twice among the middle units ({"no_period": True} for the last)."""
    n, m = support.shape
    half = min(m // 4, 1200)
    if half < 8:
        return None
    window = support[:, m // 2 - half : m // 2 + half + 1]
    reads = window.any(0)
    first = window.to(torch.int8).argmax(0).to(torch.int64)
    last = n - 1 - window.flip(0).to(torch.int8).argmax(0).to(torch.int64)
    if bool(((first <= 0) | (last >= n - 1))[reads].any()):
        return None
    width = window.shape[1]
    for period in range(1, width // 2 + 1):
        same = reads[period:] == reads[:-period]
        if not bool(same.all()):
            continue
        both = reads[period:] & reads[:-period]
        if not bool(both.any()):
            continue
        steps_first = (first[period:] - first[:-period])[both]
        steps_last = (last[period:] - last[:-period])[both]
        shift = int(steps_first[0])
        if bool((steps_first == shift).all()) and bool((steps_last == shift).all()):
            break
    else:
        return {"no_period": True}
    offset = m // 2 - half  # absolute index of window unit 0
    table: list[tuple[int, int] | None] = []
    for phase in range(period):
        column = (phase - offset) % period
        q = (column + offset) // period
        if not reads[column]:
            table.append(None)
            continue
        table.append((int(first[column]) - q * shift, int(last[column]) - q * shift))
    jump = Fraction(shift, period)
    seen = [(phase, e) for phase, e in enumerate(table) if e is not None]
    size = max(b - a + 1 for _, (a, b) in seen)
    phase, (a, _) = seen[0]
    padding = jump * phase - a
    whole = period == 1 and jump.denominator == 1
    return {
        "size": size,
        "jump": jump,
        "padding": padding,
        "phases": [] if whole else [None if e is None else list(e) for e in table],
    }


def exact(value: Fraction | int) -> int | str:
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def structural_note(
    layer: Layer | str, inputs: list[list[int]], output: list[int], notes: list[str | None]
) -> str | None:
    """Why a spatial layer has no sliding receptive field, from the graph alone (or None)."""
    kind, f = canonical(layer)
    if any(note is not None for note in notes) or any(len(shape) == 1 for shape in inputs):
        return "inherited"
    if kind in ("global_avgpool", "global_maxpool"):
        return "global"
    if kind == "upsample" and f.get("align_corners"):
        return "align_corners"
    if kind == "concat" and torch_dim(f.get("axis", "channels"), len(output) + 1) != 1:
        return "spatial_concat"
    if kind in JOINS and any(shape[:-1] != output[:-1] for shape in inputs):
        return "broadcast"
    return None


def receptive_fields(
    net_input: list[int], layers: Sequence[Layer | str], results: list[dict[str, Any]]
) -> None:
    """Add 'receptive_field' (or 'rf_note') to every spatial result, in place."""
    rank = len(net_input) - 1
    count = len(results)
    layers = layers[:count]
    sources = wiring(layers)
    shapes = [r["output"] for r in results]
    notes: list[str | None] = [None] * count
    fields: list[list[Field] | None] = [None] * count
    at_input: list[Field] = [
        {"size": 1, "jump": Fraction(1), "padding": Fraction(0), "phases": []}
    ] * rank
    cache: dict[tuple[int, int], list[Support | None]] = {}

    def supports(dim: int, n: int) -> list[Support | None]:
        if (dim, n) not in cache:
            cache[dim, n] = probe_supports(layers, sources, shapes, net_input, dim, n)
        return cache[dim, n]

    def measure(index: int, n: int) -> list[Field | None]:
        found = []
        for dim in range(rank):
            support = supports(dim, n)[index]
            found.append(None if support is None else describe(support))
        return found

    for index, srcs in enumerate(sources):
        if len(shapes[index]) == 1:
            continue
        inputs = [net_input if s < 0 else shapes[s] for s in srcs]
        note = structural_note(
            layers[index], inputs, shapes[index], [notes[s] for s in srcs if s >= 0]
        )
        if note is None and canonical(layers[index])[0] in JOINS:
            given = [at_input if s < 0 else fields[s] for s in srcs]
            jumps = {tuple(d["jump"] for d in g) for g in given if g is not None}
            if len(jumps) > 1:
                note = "misaligned"
        n = PROBE_START
        while note is None:
            here, there = measure(index, n), measure(index, 2 * n)
            if all(d is not None and "no_period" not in d for d in here) and here == there:
                fields[index] = [d for d in here if d is not None]
                break
            n *= 2
            if 2 * n > PROBE_MAX:
                if any(d is not None and "no_period" in d for d in here + there):
                    note = "no_period"  # see NOTES
                    break
                raise RuntimeError(f"probe too short for layer {index}: {layers}")
        notes[index] = note
        for key in [key for key in cache if key[1] > 1024]:
            del cache[key]  # large probes are rare; do not keep them for every layer
    for index, result in enumerate(results):
        if len(result["output"]) == 1:
            continue
        if notes[index] is not None:
            result["rf_note"] = notes[index]
            continue
        measured = fields[index]
        assert measured is not None
        result["receptive_field"] = {
            "size": [d["size"] for d in measured],
            "jump": [exact(d["jump"]) for d in measured],
            "padding": [exact(d["padding"]) for d in measured],
            "phases": [d["phases"] for d in measured],
        }


# --------------------------------------------------------------------------------------------
# Self-checks, summary and main
# --------------------------------------------------------------------------------------------


def sanity_check() -> None:
    """An Inception-style join and a stride-2 transposed conv give the hand-worked numbers."""
    layers: list[Layer | str] = [
        {"type": "conv", "name": "a", "filters": 4, "kernel": 1},
        {"type": "conv", "name": "b", "from": "input", "filters": 6, "kernel": 3, "padding": 1},
        {"type": "concat", "name": "cat", "from": ["a", "b"]},
        {"type": "conv_transpose", "filters": 2, "kernel": 3, "stride": 2, "padding": 1},
    ]
    got = run_net([16, 3], layers)
    receptive_fields([16, 3], layers, got["results"])
    cat, up = got["results"][2], got["results"][3]
    # Union of a 1-pixel and a 3-pixel field centred on it: 3, padding 1.
    assert cat["output"] == [16, 10] and cat["receptive_field"] == {
        "size": [3],
        "jump": [1],
        "padding": [1],
        "phases": [[]],
    }, cat
    # (16 - 1)*2 - 2 + 3 = 31 units, half a pixel apart: even units read input o/2 (taps 1),
    # odd units inputs (o-1)/2 and (o+1)/2, so the unit extents alternate between 3 and 4 pixels.
    assert up["output"] == [31, 2] and up["params"] == 10 * 2 * 3 + 2, up
    assert up["receptive_field"]["jump"] == ["1/2"], up


REASONS = [
    ("add/multiply mismatch", r"must match the size of tensor"),
    ("concat mismatch", r"Sizes of tensors must match except"),
    ("concat rank", r"same number of dimensions"),
    ("axis out of range", r"Dimension out of range"),
    ("conv groups", r"divisible by groups"),
    ("conv kernel > input", r"Kernel size can't be greater"),
    ("transpose output padding", r"output padding must be smaller"),
    ("reflect padding", r"Padding size should be less than"),
    ("upsample mode", r"input, but .* mode needs|Only 3D, 4D and 5D input"),
]


def reason(message: str) -> str:
    """Classify a torch error message."""
    return classify(message, REASONS)


def summarize(plans: list[Plan], nets: list[dict[str, Any]], out: Path, seconds: float) -> None:
    say = sys.stderr.write
    by_rank: Counter[tuple[int, bool]] = Counter()
    reasons: Counter[str] = Counter()
    cross: Counter[tuple[str, str]] = Counter()
    kinds: Counter[str] = Counter()
    joins: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    phased = measured = 0
    unintended = []
    for plan, net in zip(plans, nets, strict=True):
        by_rank[plan.rank, net["accepted"]] += 1
        joins.update(plan.joins)
        if not net["accepted"]:
            reasons[reason(net["error_message"])] += 1
            cross[str(plan.fault_kind), reason(net["error_message"])] += 1
        if net["error_layer"] != plan.fault_index:
            unintended.append(
                (
                    net["id"],
                    plan.fault_kind,
                    plan.fault_index,
                    net["error_layer"],
                    net["error_message"],
                )
            )
        for layer in plan.layers:
            kinds[canonical(layer)[0]] += 1
        for result in net["results"]:
            if "rf_note" in result:
                notes[result["rf_note"]] += 1
            if "receptive_field" in result:
                measured += 1
                phased += any(result["receptive_field"]["phases"])
    say(f"wrote {out} ({out.stat().st_size} bytes, {len(nets)} nets) in {seconds:.1f}s\n")
    for rank in sorted(RANK_SHARES):
        acc, rej = by_rank[rank, True], by_rank[rank, False]
        say(f"  rank {rank}: {acc + rej} nets, {acc} accepted, {rej} rejected\n")
    say(f"  layers by kind: {dict(sorted(kinds.items()))}\n")
    say(f"  joins drawn: {dict(sorted(joins.items()))}\n")
    say(f"  rejections by reason: {dict(sorted(reasons.items()))}\n")
    say("  injected fault -> torch reason:\n")
    for (kind, label), count in sorted(cross.items()):
        say(f"    {kind} -> {label}: {count}\n")
    say(f"  receptive fields measured: {measured} ({phased} with phases); notes: {dict(notes)}\n")
    say(f"  nets failing somewhere other than the injected fault: {len(unintended)}\n")
    for item in unintended[:20]:
        say(f"    {item}\n")


def generate(seed: int, count: int) -> list[Plan]:
    rng = random.Random(seed)
    n1 = round(count * RANK_SHARES[1])
    n3 = round(count * RANK_SHARES[3])
    plans: list[Plan] = []
    for rank, n in ((1, n1), (2, count - n1 - n3), (3, n3)):
        kinds = list(FAULTS)
        rng.shuffle(kinds)
        faults: list[str | None] = [None] * n
        for i, position in enumerate(sorted(rng.sample(range(n), round(n * FAULT_SHARE)))):
            faults[position] = kinds[i % len(kinds)]
        plans.extend(GraphGenerator(rng, rank).net(fault) for fault in faults)
    return plans


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="number of nets")
    parser.add_argument(
        "--out", type=Path, default=Path(DEFAULT_OUT), help="output path (relative to repo root)"
    )
    parser.add_argument("--quiet", action="store_true", help="do not print the summary")
    args = parser.parse_args(argv)
    out: Path = args.out if args.out.is_absolute() else REPO_ROOT / args.out

    warnings.filterwarnings("ignore", category=UserWarning)
    torch.manual_seed(args.seed)
    torch.set_num_threads(min(2, torch.get_num_threads()))
    started = time.monotonic()
    sanity_check()
    plans = generate(args.seed, args.count)
    nets = []
    for net_id, plan in enumerate(plans):
        run = run_net(plan.input, plan.layers)
        receptive_fields(plan.input, plan.layers, run["results"])
        nets.append({"id": net_id, "input": plan.input, "layers": plan.layers, **run})
    document = {
        "generator": "tools/record_torch_graphs.py",
        "torch_version": torch.__version__,
        "seed": args.seed,
        "notes": NOTES,
        "nets": nets,
    }
    write_atomic(out, json.dumps(document, indent=1) + "\n")
    if not args.quiet:
        summarize(plans, nets, out, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
