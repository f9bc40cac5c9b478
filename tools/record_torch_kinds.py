"""Record PyTorch ground truth for random nets mixing the newer layer kinds with conv and pooling.

Run by hand with an environment that has torch (torch is never a dependency of convcalc):

    python tools/record_torch_kinds.py [--seed N] [--count N] [--out PATH]

Like tools/record_torch_fixtures.py, each random net is written in convcalc's spec vocabulary
(input channels-last, `[*spatial, C]`), built for real with torch.nn modules and run forward on a
zero tensor of batch 1 in eval mode. Per layer we record the output shape (channels-last), the
parameter and buffer counts, and the receptive field measured with autograd. About a third of the
nets carry one deliberately bad layer; for those we record the index of the first layer torch
rejected and its message.

Kinds covered: conv_transpose, separable_conv (a groups=C_in conv without bias, then a 1x1 conv
with bias, as Keras counts it), conv with `groups: in` and `padding_mode`, zeropad,
reflection_pad, replication_pad, circular_pad, global_avgpool/global_maxpool (keepdims, and the
flattening Keras spellings), adaptive_avgpool/adaptive_maxpool, upsample (every mode, scale or
size), layernorm, groupnorm, instancenorm, prelu, identity, with conv, maxpool, avgpool,
activations, batchnorm, flatten and dense.

The receptive-field probe, per spatial dimension: the layers so far as a 1-D chain on a long
all-ones float64 signal (convolutions and pools as all-ones kernels, padding layers as zero
padding, transposed convolutions as all-ones conv_transpose1d then cropping, upsampling with
F.interpolate in the matching 1-D mode, adaptive and global pooling as average pooling); the
gradient of output units in the middle w.r.t. the input gives each unit's first and last input
pixel (weights below 1e-9 of the largest are float rounding of an exact zero, as for a bilinear
source that falls exactly on a pixel). Over one period of T units (T = the product of the
chain's upsampling factors, so the pattern repeats) we record the largest extent as `size`, the
average distance between units as `jump` (a fraction "a/b" when not whole) and `padding` =
`i*jump - first` for the first unit of the period that reads any input. Units that touch a border
or padding of any tensor in the chain are not used: the probe signal is lengthened until none do.
After an upsample with align_corners the field is not defined (not recorded).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from fixture_io import write_atomic
from torch import nn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = "tests/fixtures/torch_new_kinds.json"
DEFAULT_SEED = 20261124
DEFAULT_COUNT = 260
RANK_SHARES = {1: 0.3, 2: 0.45, 3: 0.25}
FAULT_SHARE = 0.33
MAX_MESSAGE = 300
PROBE_START = 200
PROBE_MAX = 2**15

Layer = dict[str, Any] | str

ACTIVATIONS = ["relu", "gelu", "tanh", "sigmoid", "silu"]
ACTIVATION_MODULES = {
    "relu": nn.ReLU,
    "gelu": nn.GELU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "silu": nn.SiLU,
}
MODE_RANKS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}
MODES_FOR_RANK = {
    1: ["nearest", "nearest-exact", "linear"],
    2: ["nearest", "nearest-exact", "bilinear", "bicubic"],
    3: ["nearest", "nearest-exact", "trilinear"],
}
FAULTS = [
    "tconv_output_padding",
    "tconv_output_small",
    "reflect_pad_too_big",
    "conv_reflect_too_big",
    "circular_too_big",
    "groupnorm_groups",
    "upsample_mode_rank",
    "upsample_empty",
    "upsample_scale_and_size",
    "layernorm_shape",
    "prelu_params",
    "instancenorm_single",
    "depthwise_filters",
]

# --------------------------------------------------------------------------------------------
# Shape arithmetic used only to steer the generator (torch is the truth that is recorded)
# --------------------------------------------------------------------------------------------


def conv_out(n: int, k: int, s: int, d: int, p0: int, p1: int) -> int:
    return (n + p0 + p1 - d * (k - 1) - 1) // s + 1


def tconv_out(n: int, k: int, s: int, d: int, p0: int, p1: int, op: int) -> int:
    return (n - 1) * s - p0 - p1 + d * (k - 1) + op + 1


def per_dim(value: Any, rank: int) -> list[Any]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [value] * rank
    return list(value)


def pad_pairs(value: Any, rank: int) -> list[tuple[int, int]]:
    """(before, after) per dim for an int, a per-dim list or a list of pairs."""
    if isinstance(value, int):
        return [(value, value)] * rank
    return [(p, p) if isinstance(p, int) else (int(p[0]), int(p[1])) for p in value]


def same_pads(ks: list[int], ds: list[int]) -> list[tuple[int, int]]:
    totals = [d * (k - 1) for k, d in zip(ks, ds, strict=True)]
    return [(t // 2, t - t // 2) for t in totals]


def torch_pad(pairs: Sequence[tuple[int, int]]) -> list[int]:
    """F.pad's order: last dimension first."""
    return [v for before, after in reversed(pairs) for v in (before, after)]


# --------------------------------------------------------------------------------------------
# Random net generation
# --------------------------------------------------------------------------------------------


@dataclass
class Plan:
    rank: int
    input: list[int]
    layers: list[Layer]
    fault_index: int | None
    fault_kind: str | None


class Generator:
    """Draws one random net of a given rank, tracking the current shape."""

    def __init__(self, rng: random.Random, rank: int) -> None:
        self.rng = rng
        self.rank = rank
        low, high = (3, 10) if rank == 3 else (4, 24)
        self.size = [rng.randint(low, high) for _ in range(rank)]
        if rank > 1 and rng.random() < 0.5:
            self.size = [self.size[0]] * rank
        self.channels = rng.choice([1, 2, 3, 4, 6, 8])
        self.flat = False
        self.ups = 0  # upsampling layers so far (keeps the probe period small)

    # -- helpers -------------------------------------------------------------------------------

    def dims(self, choices: Sequence[int], uniform: float = 0.6) -> list[int]:
        if self.rng.random() < uniform:
            return [self.rng.choice(choices)] * self.rank
        return [self.rng.choice(choices) for _ in range(self.rank)]

    def spec(self, values: list[Any]) -> Any:
        if len(set(values)) == 1 and self.rng.random() < 0.7:
            return values[0]
        return list(values)

    def limit(self) -> int:
        return 12 if self.rank == 3 else 48

    def small(self) -> bool:
        return max(self.size) <= (6 if self.rank == 3 else 16)

    def divisors(self, n: int) -> list[int]:
        return [d for d in range(1, n + 1) if n % d == 0]

    # -- layers --------------------------------------------------------------------------------

    def conv(self, fault: str | None) -> dict[str, Any]:
        rng, rank = self.rng, self.rank
        cin = self.channels
        for _ in range(500):
            depthwise = fault == "depthwise_filters" or rng.random() < 0.25
            ks = self.dims([1, 2, 3, 3, 3, 5])
            ss = [1] * rank if rng.random() < 0.6 else self.dims([1, 2])
            ds = [1] * rank if rng.random() < 0.8 else self.dims([1, 2])
            mode = rng.choice(["zeros", "zeros", "reflect", "replicate", "circular"])
            if fault == "conv_reflect_too_big":
                mode = "reflect"
            padkind = rng.choice(["int", "list", "same", "pairs"])
            if padkind == "same":
                ss = [1] * rank
            if padkind == "same":
                pads = same_pads(ks, ds)
            elif padkind == "int":
                p = rng.randint(0, 2)
                pads = [(p, p)] * rank
            elif padkind == "list":
                pads = [(p, p) for p in (rng.randint(0, 2) for _ in range(rank))]
            else:
                pads = [(rng.randint(0, 2), rng.randint(0, 2)) for _ in range(rank)]
            if fault == "conv_reflect_too_big":
                i = rng.randrange(rank)
                p = self.size[i] + rng.randint(0, 1)
                if padkind == "pairs":
                    pads[i] = (pads[i][0], p) if rng.random() < 0.5 else (p, pads[i][1])
                else:
                    padkind = "list"
                    pads = [(q[0], q[0]) for q in pads]
                    pads[i] = (p, p)
            outs = [
                conv_out(n, k, s, d, a, b)
                for n, k, s, d, (a, b) in zip(self.size, ks, ss, ds, pads, strict=True)
            ]
            if min(outs) < 1 or (max(outs) > self.limit() and fault is None):
                continue
            if fault != "conv_reflect_too_big":
                if mode == "reflect" and any(
                    max(a, b) >= n for n, (a, b) in zip(self.size, pads, strict=True)
                ):
                    continue
                if mode == "circular" and any(
                    max(a, b) > n for n, (a, b) in zip(self.size, pads, strict=True)
                ):
                    continue
            break
        else:
            raise _Redraw
        if depthwise:
            filters = cin * rng.choice([1, 2])
            if fault == "depthwise_filters":
                filters = cin * rng.randint(1, 2) + rng.randint(1, cin - 1) if cin > 1 else 0
                if cin == 1:
                    raise _Redraw
        else:
            filters = rng.randint(1, 12)
        layer: dict[str, Any] = {"type": "conv", "filters": filters, "kernel": self.spec(ks)}
        if max(ss) > 1:
            layer["stride"] = self.spec(ss)
        if padkind == "same":
            layer["padding"] = "same"
        elif padkind == "int":
            layer["padding"] = pads[0][0]
        elif padkind == "list":
            layer["padding"] = [a for a, _ in pads]
        else:
            layer["padding"] = [[a, b] for a, b in pads]
        if max(ds) > 1:
            layer["dilation"] = self.spec(ds)
        if depthwise:
            layer["groups"] = "in"
        if mode != "zeros" or rng.random() < 0.1:
            layer["padding_mode"] = mode
        if rng.random() < 0.2:
            layer["bias"] = False
        self.channels = filters
        self.size = outs
        return layer

    def pool(self) -> dict[str, Any]:
        rng, rank = self.rng, self.rank
        kind = rng.choice(["maxpool", "avgpool"])
        for _ in range(200):
            ks = self.dims([2, 2, 3])
            ps = [0] * rank if rng.random() < 0.6 else [k // 2 for k in ks]
            outs = [conv_out(n, k, k, 1, p, p) for n, k, p in zip(self.size, ks, ps, strict=True)]
            small = any(n < k for n, k in zip(self.size, ks, strict=True))
            if min(outs) >= 1 and not (kind == "avgpool" and rank == 3 and small):
                break
        else:
            return {"type": "identity"}
        layer: dict[str, Any] = {"type": kind, "kernel": self.spec(ks)}
        if max(ps):
            layer["padding"] = self.spec(ps)
        self.size = outs
        return layer

    def tconv(self, fault: str | None) -> dict[str, Any]:
        rng, rank = self.rng, self.rank
        cin = self.channels
        for _ in range(500):
            ks = self.dims([1, 2, 3, 3, 4, 5])
            ss = self.dims([1, 2, 2, 3])
            ds = [1] * rank if rng.random() < 0.75 else self.dims([1, 2, 3])
            symmetric = rng.random() < 0.7 or fault is not None
            if symmetric:
                pads = [(p, p) for p in self.dims([0, 0, 1, 2])]
            else:
                pads = [(rng.randint(0, 2), rng.randint(0, 2)) for _ in range(rank)]
            ops = [
                rng.randint(0, max(s, d) - 1) if rng.random() < 0.4 else 0
                for s, d in zip(ss, ds, strict=True)
            ]
            if fault == "tconv_output_padding":
                i = rng.randrange(rank)
                ops[i] = max(ss[i], ds[i]) + rng.randint(0, 1)
            if fault == "tconv_output_small":
                i = rng.randrange(rank)
                full = tconv_out(self.size[i], ks[i], ss[i], ds[i], 0, 0, ops[i])
                p = (full + 1) // 2 + rng.randint(0, 1)
                pads[i] = (p, p)
            outs = [
                tconv_out(n, k, s, d, a, b, o)
                for n, k, s, d, (a, b), o in zip(self.size, ks, ss, ds, pads, ops, strict=True)
            ]
            if fault == "tconv_output_small":
                if min(outs) >= 1:
                    continue
            elif min(outs) < 1 or max(outs) > self.limit():
                continue
            break
        else:
            raise _Redraw
        groups = rng.choice([g for g in (1, 1, 2, 3) if cin % g == 0])
        if fault == "tconv_output_small":
            # Grouped transposed convs take oneDNN's path on CPU, which returns an empty tensor for
            # an output size of exactly 0 (and fails with "could not construct a memory
            # descriptor" below it); the ungrouped path refuses both, as convcalc does.
            groups = 1
        filters = groups * rng.randint(1, 4)
        layer: dict[str, Any] = {"type": "conv_transpose", "filters": filters}
        layer["kernel"] = self.spec(ks)
        if max(ss) > 1 or rng.random() < 0.3:
            layer["stride"] = self.spec(ss)
        if symmetric:
            if max(a for a, _ in pads):
                layer["padding"] = self.spec([a for a, _ in pads])
        else:
            layer["padding"] = [[a, b] for a, b in pads]
        if max(ops):
            layer["output_padding"] = self.spec(ops)
        if max(ds) > 1:
            layer["dilation"] = self.spec(ds)
        if groups > 1:
            layer["groups"] = groups
        if rng.random() < 0.2:
            layer["bias"] = False
        self.channels = filters
        if min(outs) >= 1:
            self.size = outs
        self.ups += 1
        return layer

    def separable(self) -> dict[str, Any]:
        rng, rank = self.rng, self.rank
        for _ in range(300):
            ks = self.dims([1, 3, 3, 5])
            ss = [1] * rank if rng.random() < 0.6 else self.dims([1, 2])
            padkind = rng.choice(["zero", "int", "same", "valid"])
            if padkind == "same":
                ss = [1] * rank
            pads = (
                same_pads(ks, [1] * rank)
                if padkind == "same"
                else [(p, p) for p in [rng.randint(1, 2) if padkind == "int" else 0] * rank]
            )
            outs = [
                conv_out(n, k, s, 1, a, b)
                for n, k, s, (a, b) in zip(self.size, ks, ss, pads, strict=True)
            ]
            if min(outs) >= 1:
                break
        else:
            return {"type": "identity"}
        dm = rng.choice([1, 1, 2])
        filters = rng.randint(1, 12)
        layer: dict[str, Any] = {"type": "separable_conv", "filters": filters}
        layer["kernel"] = self.spec(ks)
        if max(ss) > 1:
            layer["stride"] = self.spec(ss)
        if padkind == "int":
            layer["padding"] = pads[0][0]
        elif padkind in ("same", "valid"):
            layer["padding"] = padkind
        if dm > 1:
            layer["depth_multiplier"] = dm
        if rng.random() < 0.2:
            layer["bias"] = False
        self.channels = filters
        self.size = outs
        return layer

    def pad(self, fault: str | None) -> dict[str, Any]:
        rng, rank = self.rng, self.rank
        if fault == "reflect_pad_too_big":
            kind = "reflection_pad"
        elif fault == "circular_too_big":
            kind = "circular_pad"
        else:
            kind = rng.choice(["zeropad", "reflection_pad", "replication_pad", "circular_pad"])
        limit = {"reflection_pad": -1, "circular_pad": 0}.get(kind)
        pairs = [(rng.randint(0, 2), rng.randint(0, 2)) for _ in range(rank)]
        if limit is not None:
            pairs = [
                (min(a, n + limit), min(b, n + limit))
                for (a, b), n in zip(pairs, self.size, strict=True)
            ]
        if fault in ("reflect_pad_too_big", "circular_too_big"):
            i = rng.randrange(rank)
            over = self.size[i] + (limit or 0) + 1 + rng.randint(0, 1)
            pairs[i] = (over, pairs[i][1]) if rng.random() < 0.5 else (pairs[i][0], over)
        style = rng.random()
        layer: dict[str, Any] = {"type": kind}
        if style < 0.3 and len(set(pairs)) == 1 and pairs[0][0] == pairs[0][1]:
            layer["padding"] = pairs[0][0]
        elif style < 0.5 and all(a == b for a, b in pairs):
            layer["padding"] = [a for a, _ in pairs]
        else:
            layer["padding"] = [[a, b] for a, b in pairs]
        if kind == "zeropad" and rng.random() < 0.3:
            layer["type"] = "constantpad" if rng.random() < 0.5 else "zeropad"
            layer["value"] = 0.5
        self.size = [n + a + b for n, (a, b) in zip(self.size, pairs, strict=True)]
        return layer

    def global_pool(self) -> dict[str, Any]:
        rng = self.rng
        avg = rng.random() < 0.6
        keras = rng.random() < 0.3
        if keras:
            name = f"Global{'Average' if avg else 'Max'}Pooling{self.rank}D"
            self.flat = True
            return {"type": name}
        layer: dict[str, Any] = {"type": "global_avgpool" if avg else "global_maxpool"}
        if rng.random() < 0.3:
            layer["keepdims"] = True
        self.size = [1] * self.rank
        return layer

    def adaptive(self) -> dict[str, Any]:
        rng = self.rng
        outs = self.dims([1, 2, 3, 4, 5, 7], uniform=0.5)
        if rng.random() < 0.15:  # an output larger than the input: torch allows it
            outs = [n + rng.randint(1, 3) for n in self.size]
        kind = rng.choice(["adaptive_avgpool", "adaptive_maxpool"])
        self.size = outs
        if max(outs) > 4:
            self.ups += 1
        return {"type": kind, "output_size": self.spec(outs)}

    def upsample(self, fault: str | None) -> dict[str, Any]:
        rng, rank = self.rng, self.rank
        mode = rng.choice(MODES_FOR_RANK[rank])
        if fault == "upsample_mode_rank":
            mode = rng.choice([m for m, r in MODE_RANKS.items() if r != rank])
        layer: dict[str, Any] = {"type": "upsample"}
        how = rng.random() if fault is None else 0.0
        if fault == "upsample_empty":
            scale = rng.choice([0.1, 0.15, 0.2])
            while min(math.floor(n * scale) for n in self.size) >= 1:
                scale /= 2
            layer["scale"] = scale
            outs = [math.floor(n * scale) for n in self.size]
        elif how < 0.55:
            scale = rng.choice([2, 2, 3, 1.5, 2.5, 0.5])
            layer["scale"] = scale
            outs = [math.floor(n * scale) for n in self.size]
            if min(outs) < 1:
                layer["scale"] = scale = 2
                outs = [n * 2 for n in self.size]
        elif how < 0.8 and rank == 2:
            factors = self.dims([1, 2, 3], uniform=0.5)
            layer = {"type": "UpSampling2D", "size": self.spec(factors)}
            if mode in ("bilinear", "nearest"):
                layer["interpolation"] = mode
            else:
                mode = "nearest"
            outs = [n * f for n, f in zip(self.size, factors, strict=True)]
        else:
            outs = [n + rng.randint(1, n + 2) for n in self.size]
            layer["size"] = self.spec(outs)
        if fault == "upsample_scale_and_size":
            layer = {"type": "upsample", "scale": 2, "size": self.spec([2 * n for n in self.size])}
            outs = [2 * n for n in self.size]
        if layer["type"] == "upsample" and (mode != "nearest" or rng.random() < 0.2):
            layer["mode"] = mode
        interpolating = layer["type"] == "upsample" and mode in MODE_RANKS
        if interpolating and fault is None and rng.random() < 0.15:
            layer["align_corners"] = rng.random() < 0.7
        if min(outs) >= 1:
            self.size = outs
        self.ups += 1
        return layer

    def norm(self, fault: str | None) -> list[Layer]:
        rng, c = self.rng, self.channels
        total = math.prod(self.size)
        if fault == "groupnorm_groups":
            bad = [g for g in range(2, c + 3) if c % g]
            return [{"type": "groupnorm", "num_groups": rng.choice(bad)}]
        if fault == "layernorm_shape":
            wrong = [c + rng.randint(1, 3)] if rng.random() < 0.5 else [c, *self.size[-1:]]
            if wrong == [*self.size[-1:], c]:
                wrong = [c + 1]
            return [{"type": "layernorm", "normalized_shape": wrong}]
        if fault == "prelu_params":
            n = rng.choice([n for n in range(2, c + 4) if n != c])
            return [{"type": "prelu", "num_parameters": n}]
        if fault == "instancenorm_single":
            self.size = [1] * self.rank
            return [{"type": "adaptive_avgpool", "output_size": 1}, {"type": "instancenorm"}]
        roll = rng.random()
        if roll < 0.3:
            layer: dict[str, Any] = {"type": "layernorm"}
            if rng.random() < 0.3:
                tail = [*self.size, c][-rng.randint(1, self.rank + 1) :]
                layer["normalized_shape"] = tail
            if rng.random() < 0.2:
                layer["elementwise_affine"] = False
            elif rng.random() < 0.2:
                layer["bias"] = False
            return [layer]
        if roll < 0.55:
            options = [g for g in self.divisors(c) if (c // g) * total > 1]
            if not options:
                return ["relu"]
            layer = {"type": "groupnorm", "num_groups": rng.choice(options)}
            if rng.random() < 0.2:
                layer["affine"] = False
            return [layer]
        if roll < 0.75:
            if total == 1:
                return ["identity"]
            layer = {"type": "instancenorm"}
            if rng.random() < 0.4:
                layer["affine"] = True
            if rng.random() < 0.3:
                layer["track_running_stats"] = True
            return [layer]
        if roll < 0.9:
            return [{"type": "prelu", "num_parameters": rng.choice([1, "channels", c])}]
        return [rng.choice(["identity", "batchnorm", *ACTIVATIONS])]

    # -- whole net -----------------------------------------------------------------------------

    def net(self, fault_kind: str | None) -> Plan:
        rng, rank = self.rng, self.rank
        net_input = [*self.size, self.channels]
        n_layers = rng.randint(2, 7)
        fault_slot = rng.randrange(n_layers) if fault_kind else None
        layers: list[Layer] = []
        fault_index: int | None = None
        for slot in range(n_layers):
            if self.flat:
                break
            fault = fault_kind if slot == fault_slot else None
            made = self.layer(fault)
            if fault:
                fault_index = len(layers) + len(made) - 1
            layers.extend(made)
            if fault:
                break  # nothing after the rejected layer is recorded anyway
        if fault_kind and fault_index is None:
            raise _Redraw
        if fault_kind is None and rng.random() < 0.4:
            if not self.flat:
                layers.append("flatten")
            layers.append({"type": "dense", "units": rng.randint(1, 10)})
        return Plan(rank, net_input, layers, fault_index, fault_kind)

    def layer(self, fault: str | None) -> list[Layer]:
        rng = self.rng
        if fault in ("tconv_output_padding", "tconv_output_small"):
            return [self.tconv(fault)]
        if fault in ("reflect_pad_too_big", "circular_too_big"):
            if fault == "circular_too_big" and rng.random() < 0.4:
                return [self.conv_circular_fault()]
            return [self.pad(fault)]
        if fault in ("conv_reflect_too_big", "depthwise_filters"):
            return [self.conv(fault)]
        if fault in ("upsample_mode_rank", "upsample_empty", "upsample_scale_and_size"):
            return [self.upsample(fault)]
        if fault is not None:
            return self.norm(fault)
        choices = ["conv", "pool", "tconv", "separable", "pad", "global", "adaptive", "upsample"]
        weights = [3, 1, 2, 1.5, 1.5, 0.5, 1, 2, 3]
        kind = rng.choices([*choices, "norm"], weights)[0]
        if kind in ("tconv", "upsample") and (not self.small() or self.ups >= 2):
            kind = "conv"
        if kind == "conv":
            return [self.conv(None)]
        if kind == "pool":
            return [self.pool()]
        if kind == "tconv":
            return [self.tconv(None)]
        if kind == "separable":
            return [self.separable()]
        if kind == "pad":
            return [self.pad(None)] if max(self.size) < self.limit() else [self.pool()]
        if kind == "global":
            return [self.global_pool()]
        if kind == "adaptive":
            return [self.adaptive()]
        if kind == "upsample":
            return [self.upsample(None)]
        return self.norm(None)

    def conv_circular_fault(self) -> dict[str, Any]:
        """A conv with circular padding_mode wider than the input on one side."""
        rank, rng = self.rank, self.rng
        i = rng.randrange(rank)
        pads = [1] * rank
        pads[i] = self.size[i] + 1
        ks = [1] * rank
        outs = [conv_out(n, 1, 1, 1, p, p) for n, p in zip(self.size, pads, strict=True)]
        self.size = outs
        self.channels = 4
        return {
            "type": "conv",
            "filters": 4,
            "kernel": self.spec(ks),
            "padding": pads,
            "padding_mode": "circular",
        }


class _Redraw(Exception):
    """The drawn net cannot carry its fault (e.g. a depthwise fault on 1 channel)."""


# --------------------------------------------------------------------------------------------
# Building and running with torch
# --------------------------------------------------------------------------------------------


def _tv(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _cls(name: str, rank: int) -> Any:
    return getattr(nn, f"{name}{rank}d")


class Padded(nn.Module):
    """F.pad with (before, after) per dim in a mode, then a module (padding 0)."""

    def __init__(self, pairs: list[tuple[int, int]], mode: str, inner: nn.Module) -> None:
        super().__init__()
        self.pad = torch_pad(pairs)
        self.mode = "constant" if mode == "zeros" else mode
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.inner(F.pad(x, self.pad, mode=self.mode))
        return out


class Cropped(nn.Module):
    """A module, then crop (before, after) per spatial dim (asymmetric transposed padding)."""

    def __init__(self, pairs: list[tuple[int, int]], inner: nn.Module) -> None:
        super().__init__()
        self.pairs = pairs
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y: torch.Tensor = self.inner(x)
        for axis, (before, after) in enumerate(self.pairs):
            y = y.narrow(axis + 2, before, y.shape[axis + 2] - before - after)
        return y


class ChannelsLast(nn.Module):
    """Apply a module on the channels-last view (LayerNorm over channels, as in ConvNeXt)."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 2:
            out: torch.Tensor = self.inner(x)
            return out
        order = [0, *range(2, x.dim()), 1]
        back = [0, x.dim() - 1, *range(1, x.dim() - 1)]
        return self.inner(x.permute(*order)).permute(*back)


def build_module(layer: Layer, rank: int, x: torch.Tensor) -> nn.Module:
    """The torch module for one spec layer, given the tensor it will be applied to."""
    if isinstance(layer, str):
        if layer == "flatten":
            return nn.Flatten()
        if layer == "identity":
            return nn.Identity()
        if layer == "batchnorm":
            return _cls("BatchNorm", rank)(x.shape[1])
        return ACTIVATION_MODULES[layer]()
    kind = layer["type"]
    c = x.shape[1]
    if kind == "conv":
        groups = c if layer.get("groups") == "in" else layer.get("groups", 1)
        padding = layer.get("padding", 0)
        mode = layer.get("padding_mode", "zeros")
        pairs = isinstance(padding, list) and any(isinstance(p, list) for p in padding)
        conv = _cls("Conv", rank)(
            c,
            layer["filters"],
            _tv(layer["kernel"]),
            stride=_tv(layer.get("stride", 1)),
            padding=0 if pairs else _tv(padding),
            dilation=_tv(layer.get("dilation", 1)),
            groups=groups,
            bias=layer.get("bias", True),
            padding_mode=mode,
        )
        return Padded(pad_pairs(padding, rank), mode, conv) if pairs else conv
    if kind in ("maxpool", "avgpool"):
        name = "MaxPool" if kind == "maxpool" else "AvgPool"
        return _cls(name, rank)(_tv(layer["kernel"]), padding=_tv(layer.get("padding", 0)))
    if kind == "conv_transpose":
        padding = layer.get("padding", 0)
        pairs = isinstance(padding, list) and any(isinstance(p, list) for p in padding)
        module = _cls("ConvTranspose", rank)(
            c,
            layer["filters"],
            _tv(layer["kernel"]),
            stride=_tv(layer.get("stride", 1)),
            padding=0 if pairs else _tv(padding),
            output_padding=_tv(layer.get("output_padding", 0)),
            groups=layer.get("groups", 1),
            bias=layer.get("bias", True),
            dilation=_tv(layer.get("dilation", 1)),
        )
        return Cropped(pad_pairs(padding, rank), module) if pairs else module
    if kind == "separable_conv":
        middle = c * layer.get("depth_multiplier", 1)
        return nn.Sequential(
            _cls("Conv", rank)(
                c,
                middle,
                _tv(layer["kernel"]),
                stride=_tv(layer.get("stride", 1)),
                padding=_tv(layer.get("padding", 0)),
                groups=c,
                bias=False,
            ),
            _cls("Conv", rank)(middle, layer["filters"], 1, bias=layer.get("bias", True)),
        )
    if kind in ("zeropad", "constantpad", "reflection_pad", "replication_pad", "circular_pad"):
        pad = tuple(torch_pad(pad_pairs(layer["padding"], rank)))
        if kind in ("zeropad", "constantpad"):
            return _cls("ConstantPad", rank)(pad, layer.get("value", 0.0))
        name = {
            "reflection_pad": "ReflectionPad",
            "replication_pad": "ReplicationPad",
            "circular_pad": "CircularPad",
        }[kind]
        return _cls(name, rank)(pad)
    if kind in ("global_avgpool", "global_maxpool"):
        name = "AdaptiveAvgPool" if kind == "global_avgpool" else "AdaptiveMaxPool"
        return _cls(name, rank)(1)
    if kind.startswith("Global"):
        name = "AdaptiveAvgPool" if "Average" in kind else "AdaptiveMaxPool"
        return nn.Sequential(_cls(name, rank)(1), nn.Flatten())
    if kind in ("adaptive_avgpool", "adaptive_maxpool"):
        name = "AdaptiveAvgPool" if kind == "adaptive_avgpool" else "AdaptiveMaxPool"
        return _cls(name, rank)(_tv(layer["output_size"]))
    if kind == "upsample":
        size = layer.get("size")
        return nn.Upsample(
            size=_tv(size),
            scale_factor=layer.get("scale"),
            mode=layer.get("mode", "nearest"),
            align_corners=layer.get("align_corners"),
        )
    if kind == "UpSampling2D":
        factors = per_dim(layer["size"], rank)
        return nn.Upsample(
            scale_factor=tuple(float(f) for f in factors),
            mode=layer.get("interpolation", "nearest"),
        )
    if kind == "layernorm":
        shape = layer.get("normalized_shape", [c])
        return ChannelsLast(
            nn.LayerNorm(
                shape,
                elementwise_affine=layer.get("elementwise_affine", True),
                bias=layer.get("bias", True),
            )
        )
    if kind == "groupnorm":
        return nn.GroupNorm(layer["num_groups"], c, affine=layer.get("affine", True))
    if kind == "instancenorm":
        return _cls("InstanceNorm", rank)(
            c,
            affine=layer.get("affine", False),
            track_running_stats=layer.get("track_running_stats", False),
        )
    if kind == "prelu":
        n = layer.get("num_parameters", 1)
        return nn.PReLU(num_parameters=c if n == "channels" else n)
    if kind == "batchnorm":
        return _cls("BatchNorm", rank)(c)
    if kind == "identity":
        return nn.Identity()
    if kind == "dense":
        return nn.Linear(x.shape[1], layer["units"])
    raise ValueError(f"unknown layer {layer!r}")


def count_buffers(module: nn.Module) -> int:
    """Running mean and variance (num_batches_tracked is not counted)."""
    return sum(
        b.numel() for name, b in module.named_buffers() if not name.endswith("num_batches_tracked")
    )


# --------------------------------------------------------------------------------------------
# Receptive-field probe
# --------------------------------------------------------------------------------------------

# One op of the 1-D probe chain:
#   ("window", k, s, d, p0, p1)        convolution / pooling / padding layer
#   ("tconv", k, s, d, p0, p1, op)     transposed convolution
#   ("scale", mode, factor)            interpolate with scale_factor (same float math as torch)
#   ("ratio", mode, L, out)            interpolate to size: out/L of the input length
#   ("bins", L, out)                   adaptive pooling of L to out
Op = tuple[Any, ...]


def layer_ops(layer: Layer, rank: int, size: list[int], out: list[int]) -> list[Op] | None:
    """Per-dim probe ops of a layer (None: shape-preserving, no op)."""
    if isinstance(layer, str):
        return None
    kind = layer["type"]
    if kind == "conv" or kind == "separable_conv":
        ks = per_dim(layer["kernel"], rank)
        ss = per_dim(layer.get("stride", 1), rank)
        ds = per_dim(layer.get("dilation", 1), rank)
        padding = layer.get("padding", 0)
        if padding == "same":
            pads = same_pads(ks, ds)
        elif padding == "valid":
            pads = [(0, 0)] * rank
        else:
            pads = pad_pairs(padding, rank)
        return [("window", k, s, d, *p) for k, s, d, p in zip(ks, ss, ds, pads, strict=True)]
    if kind in ("maxpool", "avgpool"):
        ks = per_dim(layer["kernel"], rank)
        ps = per_dim(layer.get("padding", 0), rank)
        return [("window", k, k, 1, p, p) for k, p in zip(ks, ps, strict=True)]
    if kind == "conv_transpose":
        ks = per_dim(layer["kernel"], rank)
        ss = per_dim(layer.get("stride", 1), rank)
        ds = per_dim(layer.get("dilation", 1), rank)
        pads = pad_pairs(layer.get("padding", 0), rank)
        ops = per_dim(layer.get("output_padding", 0), rank)
        return [
            ("tconv", k, s, d, *p, o) for k, s, d, p, o in zip(ks, ss, ds, pads, ops, strict=True)
        ]
    if kind in ("zeropad", "constantpad", "reflection_pad", "replication_pad", "circular_pad"):
        return [("window", 1, 1, 1, *p) for p in pad_pairs(layer["padding"], rank)]
    if kind in ("global_avgpool", "global_maxpool"):
        return [("window", n, n, 1, 0, 0) for n in size]
    if kind in ("adaptive_avgpool", "adaptive_maxpool"):
        return [("bins", n, o) for n, o in zip(size, out, strict=True)]
    if kind in ("upsample", "UpSampling2D"):
        mode = layer.get("mode", layer.get("interpolation", "nearest"))
        mode = "linear" if mode in ("bilinear", "trilinear") else mode
        if kind == "UpSampling2D":
            return [("scale", mode, float(f)) for f in per_dim(layer["size"], rank)]
        if layer.get("scale") is not None:
            return [("scale", mode, float(layer["scale"]))] * rank
        return [("ratio", mode, n, o) for n, o in zip(size, out, strict=True)]
    return None


def op_period(op: Op) -> int:
    if op[0] == "tconv":
        return int(op[2])
    if op[0] == "scale":
        return Fraction(op[2]).limit_denominator(1000).numerator
    if op[0] in ("ratio", "bins"):
        n, o = op[-2], op[-1]
        return o // math.gcd(n, o)
    return 1


def op_length(op: Op, n: int) -> int | None:
    """Output length of an op on a probe signal of length n (None: n does not fit the op)."""
    kind = op[0]
    if kind == "window":
        _, k, s, d, p0, p1 = op
        return conv_out(n, k, s, d, p0, p1) if n + p0 + p1 >= d * (k - 1) + 1 else None
    if kind == "tconv":
        _, k, s, d, p0, p1, o = op
        return tconv_out(n, k, s, d, p0, p1, o)
    if kind == "scale":
        return math.floor(n * op[2])
    length, out = op[-2], op[-1]
    return n * out // length if (n * out) % length == 0 else None


def apply_op(op: Op, y: torch.Tensor, padded: list[tuple[torch.Tensor, int, int]]) -> torch.Tensor:
    kind = op[0]
    if kind == "window":
        _, k, s, d, p0, p1 = op
        y = F.pad(y, (p0, p1))
        padded.append((y, p0, p1))
        return F.conv1d(y, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d)
    if kind == "tconv":
        _, k, s, d, p0, p1, o = op
        weight = torch.ones(1, 1, k, dtype=torch.float64)
        y = F.conv_transpose1d(y, weight, stride=s, dilation=d, output_padding=o)
        return y[..., p0 : y.shape[-1] - p1]
    if kind == "bins":
        return F.adaptive_avg_pool1d(y, op_length(op, y.shape[-1]))
    mode = op[1]
    if kind == "scale":
        if mode == "bicubic":
            z = F.interpolate(y.unsqueeze(2), scale_factor=(1.0, op[2]), mode="bicubic")
            return z.squeeze(2)
        return F.interpolate(y, scale_factor=op[2], mode=mode)
    size = op_length(op, y.shape[-1])
    if mode == "bicubic":
        return F.interpolate(y.unsqueeze(2), size=(1, size), mode="bicubic").squeeze(2)
    return F.interpolate(y, size=size, mode=mode)


Extent = tuple[int, int] | None


def _probe_once(ops: tuple[Op, ...], n: int, period: int) -> tuple[int, list[Extent]] | bool | None:
    """The first unit measured (a multiple of `period`) and the extents of 2*period units from
    it, for a probe of length n; False when n does not fit the chain's ratios, None when the
    probe is too short."""
    length = n
    for op in ops:
        found = op_length(op, length)
        if found is None:
            return False
        if found < 1:
            return None
        length = found
    if length < 4 * period + 8:
        return None
    x = torch.ones(n, dtype=torch.float64, requires_grad=True)
    y = x.view(1, 1, n)
    tensors: list[torch.Tensor] = []
    padded: list[tuple[torch.Tensor, int, int]] = []
    for op in ops:
        tensors.append(y)
        y = apply_op(op, y, padded)
    out = y.view(-1)
    start = (out.numel() // 2) // period * period
    extents: list[Extent] = []
    watched = [x, *tensors, *(t for t, _, _ in padded)]
    for unit in range(start, start + 2 * period):
        grads = torch.autograd.grad(out[unit], watched, retain_graph=True, allow_unused=True)
        grad = grads[0]
        for g in grads[: 1 + len(tensors)]:
            if g is not None and (g.view(-1)[0] != 0 or g.view(-1)[-1] != 0):
                return None  # touches a border of some tensor in the chain
        for g, (t, p0, p1) in zip(grads[1 + len(tensors) :], padded, strict=True):
            if g is not None and (g[..., :p0].any() or g[..., t.shape[-1] - p1 :].any()):
                return None  # touches zero padding
        magnitude = grad.abs()
        top = float(magnitude.max())
        if top == 0:
            extents.append(None)
            continue
        nonzero = torch.nonzero(magnitude > 1e-9 * top).view(-1)
        extents.append((int(nonzero.min()), int(nonzero.max())))
    return start, extents


_RF_CACHE: dict[tuple[Op, ...], dict[str, Any] | None] = {}


def _fraction(value: Fraction) -> int | str:
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def probe_receptive_field(ops: tuple[Op, ...]) -> dict[str, Any] | None:
    """Measured (size, jump, padding) of a 1-D chain; None when no unit reads any input."""
    if ops in _RF_CACHE:
        return _RF_CACHE[ops]
    period = 1
    for op in ops:
        period *= op_period(op)
    n = PROBE_START
    with torch.enable_grad():
        while True:
            measured = _probe_once(ops, n, period)
            if measured is False:
                n += 1  # the next length may divide evenly by the chain's ratios
            elif measured is None:
                n *= 2
            else:
                break
            if n > PROBE_MAX:
                raise RuntimeError(f"probe input too short for {ops}")
    assert isinstance(measured, tuple)
    start, found = measured
    seen = [(i, e) for i, e in enumerate(found) if e is not None]
    if not seen:
        _RF_CACHE[ops] = None
        return None
    size = max(e[1] - e[0] + 1 for _, e in seen)
    phase = seen[0][0]
    first = found[phase]
    second = found[phase + period] if phase + period < len(found) else None
    assert first is not None and second is not None, (ops, found)
    jump = Fraction(second[0] - first[0], period)
    padding = (start + phase) * jump - first[0]
    result = {"size": size, "jump": _fraction(jump), "padding": _fraction(padding)}
    _RF_CACHE[ops] = result
    return result


# --------------------------------------------------------------------------------------------
# Running a net
# --------------------------------------------------------------------------------------------


def first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (lines[0] if lines else type(exc).__name__)[:MAX_MESSAGE]


FLOAT32_NEAREST = (
    "not compared: PyTorch's nearest modes index with a float32 scale, which puts some output "
    "units one input pixel off the exact mapping when the size ratio is not whole"
)


def float32_nearest(layer: Layer, size: list[int], out: list[int]) -> bool:
    """A nearest resize whose ratio is not a whole up- or down-factor (see FLOAT32_NEAREST)."""
    if not isinstance(layer, dict) or layer["type"] not in ("upsample", "UpSampling2D"):
        return False
    mode = layer.get("mode", layer.get("interpolation", "nearest"))
    if mode not in ("nearest", "nearest-exact"):
        return False
    scale = layer.get("scale")
    if scale is not None:
        return not float(scale).is_integer() and not (1 / scale).is_integer()
    if layer["type"] == "UpSampling2D":
        return False
    return any(o % n and n % o for n, o in zip(size, out, strict=True))


def run_net(net_input: list[int], layers: list[Layer]) -> dict[str, Any]:
    rank = len(net_input) - 1
    x = torch.zeros(1, net_input[-1], *net_input[:-1])
    chains: list[list[Op]] | None = [[] for _ in range(rank)]
    skipped: str | None = None
    results: list[dict[str, Any]] = []
    for index, layer in enumerate(layers):
        try:
            module = build_module(layer, rank, x)
            module.eval()
            with torch.no_grad():
                y = module(x)
        except Exception as exc:
            return {
                "accepted": False,
                "error_layer": index,
                "error_message": first_line(exc),
                "results": results,
            }
        result: dict[str, Any] = {
            "params": int(sum(p.numel() for p in module.parameters())),
            "buffers": int(count_buffers(module)),
        }
        if y.dim() > 2:
            size, out = list(x.shape[2:]), list(y.shape[2:])
            result = {"output": [*out, y.shape[1]], **result}
            if isinstance(layer, dict) and layer.get("align_corners") is not None:
                chains = None  # the field is not defined after align_corners
            if chains is not None and float32_nearest(layer, size, out):
                skipped = FLOAT32_NEAREST
            if skipped is not None and chains is not None:
                result["receptive_field_skipped"] = skipped
            elif chains is not None:
                ops = layer_ops(layer, rank, size, out)
                if ops is not None:
                    for chain, op in zip(chains, ops, strict=True):
                        chain.append(op)
                fields = [probe_receptive_field(tuple(chain)) for chain in chains]
                if all(f is not None for f in fields):
                    result["receptive_field"] = {
                        key: [f[key] for f in fields if f is not None]
                        for key in ("size", "jump", "padding")
                    }
        else:
            result = {"output": [y.shape[1]], **result}
            chains = None
        results.append(result)
        x = y
    return {"accepted": True, "error_layer": None, "error_message": None, "results": results}


# --------------------------------------------------------------------------------------------
# Self-checks, summary, main
# --------------------------------------------------------------------------------------------


def sanity_check() -> None:
    """A hand-checked transposed convolution: 4 → (4-1)*2 - 2 + 2 + 1 + 1 = 8, and its field.

    Output o is fed by input i through tap t when 2i + t = o + 1 (t < 3): even units by one
    input, odd units by two, so the largest field is 2 pixels, units 1/2 pixel apart; unit 0
    reads input 0, so padding 0.
    """
    layer = {"type": "conv_transpose", "filters": 2, "kernel": 3, "stride": 2}
    layer |= {"padding": 1, "output_padding": 1}
    got = run_net([4, 1], [layer])
    expected = {
        "output": [8, 2],
        "params": 1 * 2 * 3 + 2,
        "buffers": 0,
        "receptive_field": {"size": [2], "jump": ["1/2"], "padding": [0]},
    }
    if not got["accepted"] or got["results"][0] != expected:
        raise AssertionError(f"sanity check failed: {got}")


def generate(seed: int, count: int) -> list[Plan]:
    rng = random.Random(seed)
    n1 = round(count * RANK_SHARES[1])
    n3 = round(count * RANK_SHARES[3])
    plans: list[Plan] = []
    for rank, n in ((1, n1), (2, count - n1 - n3), (3, n3)):
        faults: list[str | None] = [None] * n
        kinds = list(FAULTS)
        rng.shuffle(kinds)
        for i, position in enumerate(sorted(rng.sample(range(n), round(n * FAULT_SHARE)))):
            faults[position] = kinds[i % len(kinds)]
        for fault in faults:
            for _ in range(100):
                try:
                    plans.append(Generator(rng, rank).net(fault))
                    break
                except _Redraw:
                    continue
            else:
                raise RuntimeError(f"could not draw a net with {fault}")
    return plans


def summarize(plans: list[Plan], nets: list[dict[str, Any]], out: Path, seconds: float) -> None:
    say = sys.stderr.write
    say(f"wrote {out} ({out.stat().st_size} bytes, {len(nets)} nets) in {seconds:.1f}s\n")
    by_rank: Counter[tuple[int, bool]] = Counter()
    kinds: Counter[str] = Counter()
    messages: Counter[str] = Counter()
    unintended = []
    fields = fractional = 0
    for plan, net in zip(plans, nets, strict=True):
        by_rank[plan.rank, net["accepted"]] += 1
        for layer in plan.layers:
            kinds[layer if isinstance(layer, str) else layer["type"]] += 1
        if not net["accepted"]:
            messages[f"{plan.fault_kind}: {re.sub(r'[0-9]+', 'N', net['error_message'])}"] += 1
        if net["error_layer"] != plan.fault_index:
            unintended.append((net["id"], plan.fault_kind, plan.fault_index, net["error_layer"]))
        for result in net["results"]:
            if "receptive_field" in result:
                fields += 1
                fractional += any(isinstance(j, str) for j in result["receptive_field"]["jump"])
    for rank in sorted(RANK_SHARES):
        say(f"  rank {rank}: {by_rank[rank, True]} accepted, {by_rank[rank, False]} rejected\n")
    say(f"  layers by kind: {dict(sorted(kinds.items()))}\n")
    say(f"  receptive fields recorded: {fields} ({fractional} with a fractional jump)\n")
    say("  rejections (fault: message, digits as N):\n")
    for message, count in sorted(messages.items()):
        say(f"    {count:3d}  {message}\n")
    say(f"  nets failing somewhere other than the injected fault: {len(unintended)}\n")
    for item in unintended[:20]:
        say(f"    {item}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--out", type=Path, default=Path(DEFAULT_OUT))
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    out: Path = args.out if args.out.is_absolute() else REPO_ROOT / args.out
    warnings.filterwarnings("ignore")
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    started = time.monotonic()
    sanity_check()
    plans = generate(args.seed, args.count)
    nets = []
    for net_id, plan in enumerate(plans):
        run = run_net(plan.input, plan.layers)
        nets.append({"id": net_id, "input": plan.input, "layers": plan.layers, **run})
    document = {
        "generator": "tools/record_torch_kinds.py",
        "torch_version": torch.__version__,
        "seed": args.seed,
        "notes": __doc__,
        "nets": nets,
    }
    write_atomic(out, json.dumps(document, indent=1) + "\n")
    if not args.quiet:
        summarize(plans, nets, out, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
