"""Record PyTorch ground truth for random small CNNs as a convcalc test fixture.

Run by hand with an environment that has torch (torch is never a dependency of convcalc):

    python tools/record_torch_fixtures.py [--seed N] [--count N] [--out PATH]

Each random net is written in convcalc's spec vocabulary, built for real with torch.nn modules and
run forward on a zero tensor of batch 1. Per layer we record the output shape (channels-last), the
parameter and buffer counts, and the receptive field measured with autograd. About a quarter of
the nets are drawn with a deliberately bad layer that torch rejects; for those we record the index
of the first rejected layer and torch's error message.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from fixture_io import classify, write_atomic
from torch import nn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = "tests/fixtures/torch_random_nets.json"
DEFAULT_SEED = 20261123
DEFAULT_COUNT = 400
RANK_SHARES = {1: 0.3, 2: 0.5, 3: 0.2}
FAULT_SHARE = 0.26  # share of nets per rank drawn with one deliberately bad layer
PROBE_START = 256
PROBE_MAX = 2**16
MAX_MESSAGE = 300

NOTES = (
    "Shapes are channels-last: [*spatial, C] for spatial outputs, [n] after flatten/dense. "
    "'params' = sum(p.numel() for p in module.parameters()) of the torch module for that layer. "
    "'buffers' = running_mean.numel() + running_var.numel() for batchnorm (num_batches_tracked "
    "is not counted), else 0. 'receptive_field' (only for layers with spatial output) is "
    "measured, per spatial dim, by autograd on a 1-D all-ones chain of the conv/pool layers so "
    "far (activations, batchnorm and dropout are identity): output unit i depends on input "
    "pixels [i*jump - padding, i*jump - padding + size - 1]. 'error_layer' is the index of the "
    "first layer torch rejected (at construction or forward), 'error_message' the first line of "
    "its exception; 'results' has one entry per layer before error_layer."
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
CONV_CLASSES: dict[int, type[nn.Module]] = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}
MAXPOOL_CLASSES: dict[int, type[nn.Module]] = {1: nn.MaxPool1d, 2: nn.MaxPool2d, 3: nn.MaxPool3d}
AVGPOOL_CLASSES: dict[int, type[nn.Module]] = {1: nn.AvgPool1d, 2: nn.AvgPool2d, 3: nn.AvgPool3d}
BATCHNORM_CLASSES: dict[int, type[nn.Module]] = {
    1: nn.BatchNorm1d,
    2: nn.BatchNorm2d,
    3: nn.BatchNorm3d,
}

DENSE_FAULT = "dense_wrong_in_features"
AVGPOOL3D_FAULT = "avgpool3d_input_smaller_than_kernel"
# Deliberate faults, dealt round-robin to the faulty nets of each rank (AVGPOOL3D_FAULT: 3-D only).
FAULTS = [
    "conv_kernel_too_big",
    "maxpool_output_too_small",
    "avgpool_output_too_small",
    "maxpool_padding_too_big",
    "avgpool_padding_too_big",
    "conv_groups",
    "conv_same_strided",
    "conv_wrong_in_channels",
    DENSE_FAULT,
]

Layer = dict[str, Any] | str
Op = tuple[int, int, int, int, int]  # kernel, stride, dilation, pad_before, pad_after


# --------------------------------------------------------------------------------------------
# Shape arithmetic used only to steer the random generator (torch is the truth that is recorded)
# --------------------------------------------------------------------------------------------


def conv_out(size: int, k: int, s: int, d: int, p0: int, p1: int) -> int:
    """Conv output length for explicit padding (may be < 1 for a rejected layer)."""
    return (size + p0 + p1 - d * (k - 1) - 1) // s + 1


def pool_out(size: int, k: int, s: int, p: int, d: int, ceil: bool) -> int:
    """Pooling output length with torch's ceil_mode rule (may be < 1 for a rejected layer)."""
    out = (size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)) // s + 1
    if ceil and (out - 1) * s >= size + p:
        out -= 1
    return out


def per_dim(value: Any, rank: int) -> list[int]:
    """Expand an int-or-list spec value to one int per spatial dim."""
    if isinstance(value, int):
        return [value] * rank
    return [int(v) for v in value]


def conv_pads(layer: dict[str, Any], rank: int) -> list[tuple[int, int]]:
    """(before, after) padding per dim of a conv layer spec, resolving 'same' and 'valid'."""
    padding = layer.get("padding", 0)
    if padding == "valid":
        return [(0, 0)] * rank
    if padding == "same":
        ks = per_dim(layer["kernel"], rank)
        ds = per_dim(layer.get("dilation", 1), rank)
        totals = [d * (k - 1) for k, d in zip(ks, ds, strict=True)]
        return [(t // 2, t - t // 2) for t in totals]
    if isinstance(padding, int):
        return [(padding, padding)] * rank
    if all(isinstance(p, int) for p in padding):
        return [(p, p) for p in padding]
    return [(int(p[0]), int(p[1])) for p in padding]


def layer_ops(layer: Layer, rank: int) -> list[Op] | None:
    """Per-dim probe ops of a conv/pool layer spec, or None for other layers."""
    if not isinstance(layer, dict) or layer["type"] not in ("conv", "maxpool", "avgpool"):
        return None
    ks = per_dim(layer["kernel"], rank)
    if layer["type"] == "conv":
        ss = per_dim(layer.get("stride", 1), rank)
        ds = per_dim(layer.get("dilation", 1), rank)
        pads = conv_pads(layer, rank)
    else:
        ss = per_dim(layer.get("stride", layer["kernel"]), rank)
        ds = per_dim(layer.get("dilation", 1), rank)
        pads = [(p, p) for p in per_dim(layer.get("padding", 0), rank)]
    return [(k, s, d, p0, p1) for k, s, d, (p0, p1) in zip(ks, ss, ds, pads, strict=True)]


# --------------------------------------------------------------------------------------------
# Random net generation
# --------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """A generated net and the fault (if any) that was injected on purpose."""

    rank: int
    input: list[int]
    layers: list[Layer]
    fault_index: int | None
    fault_kind: str | None


class NetGenerator:
    """Draws one random net of a given rank, tracking a model of the current shape."""

    def __init__(self, rng: random.Random, rank: int) -> None:
        self.rng = rng
        self.rank = rank
        self.spatial: list[int] = [self._draw_size() for _ in range(rank)]
        if rank > 1 and rng.random() < 0.5:
            self.spatial = [self.spatial[0]] * rank
        self.channels = rng.choice([1, 3]) if rng.random() < 0.35 else rng.randint(1, 16)
        self.features = 0

    # -- small helpers -------------------------------------------------------------------------

    def _draw_size(self) -> int:
        if self.rank == 3:
            return self.rng.randint(3, 16)
        roll = self.rng.random()
        if roll < 0.7:
            return self.rng.randint(5, 40)
        if roll < 0.85:
            return self.rng.randint(1, 4)
        return self.rng.randint(41, 64)

    def _dims(self, choices: Sequence[int], uniform: float = 0.6) -> list[int]:
        if self.rng.random() < uniform:
            return [self.rng.choice(choices)] * self.rank
        return [self.rng.choice(choices) for _ in range(self.rank)]

    def _spec(self, values: list[int]) -> int | list[int]:
        """Spec form of a per-dim value: an int when all dims agree (mostly), else a list."""
        if len(set(values)) == 1 and self.rng.random() < 0.7:
            return values[0]
        return list(values)

    # -- layers --------------------------------------------------------------------------------

    def conv(self, fault: str | None) -> dict[str, Any]:
        """A conv layer; valid unless `fault` names a conv fault."""
        rng, rank, size, cin = self.rng, self.rank, self.spatial, self.channels
        for _ in range(1000):
            groups = rng.choices([1, 2, 4, cin], [5, 1.5, 1, 1.5])[0]
            if fault == "conv_groups":
                # Half the time a groups value that divides in_channels but not filters.
                divisors = [g for g in (2, 3, 4) if cin % g == 0]
                if divisors and rng.random() < 0.5:
                    groups = rng.choice(divisors)
                else:
                    groups = rng.choice([g for g in (2, 3, 4) if cin % g] or [2, 3, 4])
            if groups == cin and groups > 1 and rng.random() < 0.7:
                filters = cin * rng.choice([1, 1, 2])
            else:
                filters = groups * rng.randint(1, max(1, 32 // groups))
            if fault == "conv_groups":
                if cin % groups == 0 and filters % groups == 0:
                    filters += rng.randint(1, groups - 1)
            elif cin % groups or filters % groups:
                continue
            ks = self._dims([1, 2, 3, 3, 3, 3, 4, 5, 5, 7])
            ds = [1] * rank if rng.random() < 0.7 else self._dims([1, 2, 3])
            ss = [1] * rank if rng.random() < 0.45 else self._dims([1, 2, 2, 3, 4])
            mode = rng.choices(
                ["zero", "int", "list", "same", "valid", "pairs"], [2, 3, 1.5, 2, 1, 2]
            )[0]
            if fault == "conv_same_strided":
                mode = "same"
                if max(ss) == 1:
                    ss = [1] * rank
                    ss[rng.randrange(rank)] = rng.choice([2, 3])
                    if rng.random() < 0.5:
                        ss = [max(ss)] * rank
            elif mode == "same":
                ss = [1] * rank
            if fault == "conv_kernel_too_big" and mode == "same":
                mode = "int"
            if mode == "zero" or mode == "valid":
                pads = [(0, 0)] * rank
            elif mode == "int":
                p = rng.randint(1, 3)
                pads = [(p, p)] * rank
            elif mode == "list":
                pads = [(p, p) for p in (rng.randint(0, 3) for _ in range(rank))]
            elif mode == "same":
                totals = [d * (k - 1) for k, d in zip(ks, ds, strict=True)]
                pads = [(t // 2, t - t // 2) for t in totals]
            else:
                pads = [(rng.randint(0, 3), rng.randint(0, 3)) for _ in range(rank)]
                if all(a == b for a, b in pads):
                    i = rng.randrange(rank)
                    pads[i] = (pads[i][0], pads[i][0] + rng.randint(1, 2))
            if fault == "conv_kernel_too_big":
                i = rng.randrange(rank)
                p0, p1 = pads[i]
                ks[i] = (size[i] + p0 + p1 - 1) // ds[i] + 2 + rng.randint(0, 1)
                if rng.random() < 0.4:
                    ks = [max(ks)] * rank
            outs = [
                conv_out(n, k, s, d, a, b)
                for n, k, s, d, (a, b) in zip(size, ks, ss, ds, pads, strict=True)
            ]
            if fault != "conv_kernel_too_big" and min(outs) < 1:
                continue
            break
        else:
            raise RuntimeError("could not draw a conv layer")
        explicit = rng.random() < 0.5
        layer: dict[str, Any] = {"type": "conv", "filters": filters, "kernel": self._spec(ks)}
        if max(ss) > 1 or explicit:
            layer["stride"] = self._spec(ss)
        if mode == "zero":
            if explicit:
                layer["padding"] = 0
        elif mode == "int":
            layer["padding"] = pads[0][0]
        elif mode == "list":
            layer["padding"] = [a for a, _ in pads]
        elif mode in ("same", "valid"):
            layer["padding"] = mode
        else:
            layer["padding"] = [[a, b] for a, b in pads]
        if max(ds) > 1 or explicit:
            layer["dilation"] = self._spec(ds)
        if groups != 1 or explicit:
            layer["groups"] = groups
        bias = rng.random() < 0.75
        if not bias or explicit:
            layer["bias"] = bias
        if fault == "conv_wrong_in_channels":
            wrong = cin
            while wrong == cin or wrong % groups:
                wrong = max(1, cin + rng.choice([-2, -1, 1, 2, 3]) * (1 if groups == 1 else groups))
            layer["in_channels"] = wrong
        elif rng.random() < 0.15:
            layer["in_channels"] = cin
        self.channels = filters
        if min(outs) >= 1:
            self.spatial = outs
        return layer

    def pool(self, kind: str, fault: str | None) -> dict[str, Any]:
        """A maxpool/avgpool layer; valid unless `fault` names a pool fault."""
        rng, rank, size = self.rng, self.rank, self.spatial
        avg3 = kind == "avgpool" and rank == 3
        want_ceil_fix = rng.random() < 0.3
        for attempt in range(2000):
            ks = self._dims([1, 2, 2, 2, 3, 3, 4, 5])
            stride_omitted = rng.random() < 0.4
            ss = list(ks) if stride_omitted else self._dims([1, 2, 2, 3, 4])
            ds = [1] * rank
            if kind == "maxpool" and rng.random() < 0.25:
                ds = self._dims([1, 2, 3])
            if rng.random() < 0.4:
                ps = [0] * rank
            elif rng.random() < 0.5:
                ps = [k // 2 for k in ks]
            else:
                ps = [rng.randint(0, k // 2) for k in ks]
            ceil = rng.random() < 0.5
            if fault == "pool_output_too_small":
                i = rng.randrange(rank)
                lo = max(1, size[i] // ds[i])
                ks[i] = rng.randint(lo, lo + 4)
                ps[i] = min(ps[i], ks[i] // 2, rng.randint(0, 1))
                if stride_omitted:
                    ss[i] = ks[i]
            elif fault == "pool_padding_too_big":
                i = rng.randrange(rank)
                if kind == "maxpool" and rng.random() < 0.4:
                    # Too big for the kernel but not for the dilated kernel: torch still rejects.
                    ks[i], ds[i] = rng.choice([(2, 3), (3, 2), (3, 3), (4, 2), (4, 3), (5, 2)])
                    ps[i] = rng.randint(ks[i] // 2 + 1, (ds[i] * (ks[i] - 1) + 1) // 2)
                else:
                    ps[i] = ks[i] // 2 + rng.randint(1, 2)
                if len(set(ps)) == 1 or rng.random() < 0.3:
                    ps = [max(ps)] * rank
            elif fault == AVGPOOL3D_FAULT:
                i = rng.randrange(rank)
                ks[i] = size[i] + rng.randint(1, 2)
                ps[i] = ks[i] // 2
                if stride_omitted:
                    ss[i] = ks[i]
            outs = [
                pool_out(n, k, s, p, d, ceil)
                for n, k, s, p, d in zip(size, ks, ss, ps, ds, strict=True)
            ]
            pad_ok = all(p <= k // 2 for p, k in zip(ps, ks, strict=True))
            small = any(n < k for n, k in zip(size, ks, strict=True))
            if fault == "pool_output_too_small":
                if not pad_ok or min(outs) >= 1:
                    continue
            elif fault == "pool_padding_too_big":
                if pad_ok or min(outs) < 1 or (avg3 and small):
                    continue
            elif fault == AVGPOOL3D_FAULT:
                if not pad_ok or min(outs) < 1 or not small:
                    continue
            else:
                if not pad_ok or min(outs) < 1 or (avg3 and small):
                    continue
                hit = self._ceil_fix_hit(size, ks, ss, ps, ds)
                if ceil and want_ceil_fix and attempt < 1000 and not hit:
                    continue
            break
        else:
            raise RuntimeError(f"could not draw a {kind} layer ({fault})")
        explicit = rng.random() < 0.5
        layer: dict[str, Any] = {"type": kind, "kernel": self._spec(ks)}
        if not stride_omitted or (explicit and rng.random() < 0.3):
            layer["stride"] = self._spec(ss)
        if max(ps) > 0 or explicit:
            layer["padding"] = self._spec(ps)
        if kind == "maxpool" and (max(ds) > 1 or (explicit and rng.random() < 0.5)):
            layer["dilation"] = self._spec(ds)
        if ceil or explicit:
            layer["ceil_mode"] = ceil
        if min(outs) >= 1:
            self.spatial = outs
        return layer

    @staticmethod
    def _ceil_fix_hit(
        size: list[int], ks: list[int], ss: list[int], ps: list[int], ds: list[int]
    ) -> bool:
        """True if torch's 'last window starts in the padding' correction fires in some dim."""
        for n, k, s, p, d in zip(size, ks, ss, ps, ds, strict=True):
            raw = (n + 2 * p - d * (k - 1) - 1 + s - 1) // s + 1
            if (raw - 1) * s >= n + p:
                return True
        return False

    def simple(self) -> Layer:
        """An activation, batchnorm or dropout layer (shape preserving)."""
        roll = self.rng.random()
        if roll < 0.6:
            return self.rng.choice(list(ACTIVATIONS))
        if roll < 0.8:
            return {"type": "batchnorm"}
        return {"type": "dropout", "rate": self.rng.choice([0.1, 0.25, 0.5])}

    def dense(self, fault: bool) -> dict[str, Any]:
        """A dense layer; with `fault` it carries a wrong explicit in_features."""
        units = self.rng.choice([1, 2, 10]) if self.rng.random() < 0.3 else self.rng.randint(1, 64)
        layer: dict[str, Any] = {"type": "dense", "units": units}
        bias = self.rng.random() < 0.8
        if not bias or self.rng.random() < 0.5:
            layer["bias"] = bias
        if fault:
            wrong = self.features
            while wrong == self.features:
                wrong = max(1, self.features + self.rng.choice([-8, -1, 1, 2, 16, self.features]))
            layer["in_features"] = wrong
        elif self.rng.random() < 0.2:
            layer["in_features"] = self.features
        self.features = units
        return layer

    # -- whole net -----------------------------------------------------------------------------

    def net(self, fault_kind: str | None) -> Plan:
        """Draw the layer list, with one deliberately bad layer if `fault_kind` is given."""
        rng, rank = self.rng, self.rank
        net_input = [*self.spatial, self.channels]
        n_spatial = rng.randint(1, 8)
        kinds = rng.choices(["conv", "maxpool", "avgpool", "simple"], [45, 13, 9, 33], k=n_spatial)
        head = fault_kind == DENSE_FAULT or rng.random() < 0.5
        n_dense = rng.choice([1, 1, 2]) if head else 0
        fault_slot: int | None = None
        spatial_fault: str | None = None
        if fault_kind == DENSE_FAULT:
            fault_slot = rng.randrange(n_dense)
        elif fault_kind is not None:
            fault_slot = rng.randrange(n_spatial)
            kinds[fault_slot], _, spatial_fault = fault_kind.partition("_")
            if kinds[fault_slot] == "avgpool3d":
                kinds[fault_slot], spatial_fault = "avgpool", AVGPOOL3D_FAULT
            elif kinds[fault_slot] != "conv":
                spatial_fault = "pool_" + spatial_fault
            else:
                spatial_fault = fault_kind
        layers: list[Layer] = []
        fault_index: int | None = None
        for slot, kind in enumerate(kinds):
            fault = spatial_fault if slot == fault_slot else None
            if fault:
                fault_index = len(layers)
            if kind == "conv":
                layers.append(self.conv(fault))
            elif kind in ("maxpool", "avgpool"):
                layers.append(self.pool(kind, fault))
            else:
                layers.append(self.simple())
        if head:
            layers.append("flatten")
            self.features = self.channels
            for n in self.spatial:
                self.features *= n
            for slot in range(n_dense):
                wrong = fault_kind == DENSE_FAULT and slot == fault_slot
                if wrong:
                    fault_index = len(layers)
                layers.append(self.dense(wrong))
                if slot < n_dense - 1 or rng.random() < 0.3:
                    if rng.random() < 0.7:
                        layers.append(rng.choice(list(ACTIVATIONS)))
                    if rng.random() < 0.3:
                        layers.append({"type": "dropout", "rate": 0.5})
        return Plan(rank, net_input, layers, fault_index, fault_kind)


# --------------------------------------------------------------------------------------------
# Building and running with torch
# --------------------------------------------------------------------------------------------


def _torch_value(value: Any) -> Any:
    """Spec value (int, list or str) to what torch constructors accept."""
    return tuple(value) if isinstance(value, list) else value


class PadConv(nn.Module):
    """Zero padding with (before, after) per dim, then a conv with padding 0."""

    def __init__(self, pads: list[tuple[int, int]], conv: nn.Module) -> None:
        super().__init__()
        self.pad: list[int] = [v for before, after in reversed(pads) for v in (before, after)]
        self.conv = conv

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Pad then convolve."""
        out: torch.Tensor = self.conv(F.pad(x, self.pad))
        return out


def build_module(layer: Layer, rank: int, x: torch.Tensor) -> nn.Module:
    """The torch module for one spec layer, given the tensor it will be applied to."""
    if isinstance(layer, str):
        if layer == "flatten":
            return nn.Flatten()
        return ACTIVATIONS[layer]()
    kind = layer["type"]
    if kind == "conv":
        padding = layer.get("padding", 0)
        asymmetric = isinstance(padding, list) and any(isinstance(p, list) for p in padding)
        conv = CONV_CLASSES[rank](
            layer.get("in_channels", x.shape[1]),
            layer["filters"],
            _torch_value(layer["kernel"]),
            stride=_torch_value(layer.get("stride", 1)),
            padding=0 if asymmetric else _torch_value(padding),
            dilation=_torch_value(layer.get("dilation", 1)),
            groups=layer.get("groups", 1),
            bias=layer.get("bias", True),
        )
        return PadConv(conv_pads(layer, rank), conv) if asymmetric else conv
    if kind == "maxpool":
        return MAXPOOL_CLASSES[rank](
            _torch_value(layer["kernel"]),
            stride=_torch_value(layer.get("stride")),
            padding=_torch_value(layer.get("padding", 0)),
            dilation=_torch_value(layer.get("dilation", 1)),
            ceil_mode=layer.get("ceil_mode", False),
        )
    if kind == "avgpool":
        return AVGPOOL_CLASSES[rank](
            _torch_value(layer["kernel"]),
            stride=_torch_value(layer.get("stride")),
            padding=_torch_value(layer.get("padding", 0)),
            ceil_mode=layer.get("ceil_mode", False),
        )
    if kind == "batchnorm":
        return BATCHNORM_CLASSES[rank](x.shape[1])
    if kind == "dropout":
        return nn.Dropout(layer["rate"])
    if kind == "dense":
        return nn.Linear(
            layer.get("in_features", x.shape[1]), layer["units"], bias=layer.get("bias", True)
        )
    raise ValueError(f"unknown layer {layer!r}")


def _probe_once(ops: tuple[Op, ...], n: int) -> tuple[int, int, int] | None:
    """Receptive field (size, jump, padding) from a probe of length n, or None if too short.

    Too short means: fewer than 5 output units, or the middle unit (or its right neighbour)
    depends on input index 0 or n - 1, or on a zero-padding position of any layer in the chain
    (then part of its field is cut off by a border and the measured range would be too small).
    """
    x = torch.ones(n, dtype=torch.float64, requires_grad=True)
    y = x.view(1, 1, n)
    padded: list[torch.Tensor] = []
    for k, s, d, p0, p1 in ops:
        if y.shape[-1] + p0 + p1 < d * (k - 1) + 1:
            return None
        y = F.pad(y, (p0, p1))
        padded.append(y)
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d)
    out = y.view(-1)
    m = out.numel()
    if m < 5:
        return None
    i = m // 2
    spans = []
    for unit in (i, i + 1):
        grad, *pad_grads = torch.autograd.grad(out[unit], [x, *padded], retain_graph=True)
        for pad_grad, (_, _, _, p0, p1) in zip(pad_grads, ops, strict=True):
            width = pad_grad.shape[-1]
            if pad_grad[..., :p0].any() or pad_grad[..., width - p1 :].any():
                return None
        nonzero = torch.nonzero(grad).view(-1)
        a, b = int(nonzero.min()), int(nonzero.max())
        if a <= 0 or b >= n - 1:
            return None
        spans.append((a, b))
    (a, b), (a2, b2) = spans
    if b2 - a2 != b - a:
        raise AssertionError(f"probe spans differ for {ops}: {spans}")
    size, jump = b - a + 1, a2 - a
    return size, jump, i * jump - a


_RF_CACHE: dict[tuple[Op, ...], tuple[int, int, int]] = {}


def probe_receptive_field(ops: tuple[Op, ...]) -> tuple[int, int, int]:
    """Measure (size, jump, padding) of a 1-D all-ones conv chain with autograd."""
    if ops not in _RF_CACHE:
        n = PROBE_START
        with torch.enable_grad():
            while (found := _probe_once(ops, n)) is None:
                n *= 2
                if n > PROBE_MAX:
                    raise RuntimeError(f"probe input too short for {ops}")
        _RF_CACHE[ops] = found
    return _RF_CACHE[ops]


def first_line(exc: BaseException) -> str:
    """First non-empty line of an exception message, trimmed."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    return text[:MAX_MESSAGE]


def run_net(net_input: list[int], layers: list[Layer]) -> dict[str, Any]:
    """Build and run a net in torch; return accepted/error fields and per-layer results."""
    rank = len(net_input) - 1
    x = torch.zeros(1, net_input[-1], *net_input[:-1])
    chains: list[list[Op]] = [[] for _ in range(rank)]
    results: list[dict[str, Any]] = []
    for index, layer in enumerate(layers):
        try:
            module = build_module(layer, rank, x)
            module.eval()
            with torch.no_grad():
                y = module(x)
        except Exception as exc:  # any torch rejection is recorded
            return {
                "accepted": False,
                "error_layer": index,
                "error_message": first_line(exc),
                "results": results,
            }
        params = sum(p.numel() for p in module.parameters())
        buffers = 0
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            assert module.running_mean is not None and module.running_var is not None
            buffers = module.running_mean.numel() + module.running_var.numel()
        result: dict[str, Any] = {"params": int(params), "buffers": int(buffers)}
        if y.dim() > 2:
            result = {"output": [*y.shape[2:], y.shape[1]], **result}
            ops = layer_ops(layer, rank)
            if ops is not None:
                for chain, op in zip(chains, ops, strict=True):
                    chain.append(op)
            rfs = [probe_receptive_field(tuple(chain)) for chain in chains]
            result["receptive_field"] = {
                "size": [r[0] for r in rfs],
                "jump": [r[1] for r in rfs],
                "padding": [r[2] for r in rfs],
            }
        else:
            result = {"output": [y.shape[1]], **result}
        results.append(result)
        x = y
    return {"accepted": True, "error_layer": None, "error_message": None, "results": results}


# --------------------------------------------------------------------------------------------
# Self-checks and summary
# --------------------------------------------------------------------------------------------


def sanity_check() -> None:
    """AlexNet's first conv must give the textbook numbers."""
    got = run_net([227, 227, 3], [{"type": "conv", "filters": 96, "kernel": 11, "stride": 4}])
    first = got["results"][0]
    expected = {
        "output": [55, 55, 96],
        "params": 34944,
        "buffers": 0,
        "receptive_field": {"size": [11, 11], "jump": [4, 4], "padding": [0, 0]},
    }
    if not got["accepted"] or first != expected:
        raise AssertionError(f"sanity check failed: {got}")


REASONS = [
    ("conv kernel > padded input", r"Kernel size can't be greater than actual input size"),
    ("pool output size < 1", r"Output size is too small|Invalid computed output size"),
    ("pool padding > kernel//2 (effective-kernel message)", r"at most half of effective kernel"),
    ("pool padding > kernel//2", r"padding should be at most half|smaller than or equal to half"),
    ("avgpool3d input < kernel", r"input image .* smaller than kernel size"),
    ("conv groups", r"must be divisible by groups"),
    ("'same' with stride > 1", r"padding='same' is not supported for strided"),
    ("conv wrong in_channels", r"expected input\[.*channels"),
    ("dense wrong in_features", r"mat1 and mat2 shapes cannot be multiplied"),
]


def reason(message: str) -> str:
    """Classify a torch error message."""
    return classify(message, REASONS)


def summarize(plans: list[Plan], nets: list[dict[str, Any]], out: Path, seconds: float) -> None:
    """Print coverage counts and self-checks to stderr."""
    say = sys.stderr.write
    by_rank: Counter[tuple[int, bool]] = Counter()
    reasons: Counter[tuple[int, str]] = Counter()
    templates: Counter[str] = Counter()
    cross: Counter[tuple[str, str]] = Counter()
    unintended: list[tuple[Any, ...]] = []
    formula_mismatch: list[tuple[Any, ...]] = []
    ceil_matters = ceil_fix = floor_loses = 0
    for plan, net in zip(plans, nets, strict=True):
        by_rank[plan.rank, net["accepted"]] += 1
        if not net["accepted"]:
            message = net["error_message"]
            reasons[plan.rank, reason(message)] += 1
            templates[re.sub(r"\d+", "N", message)] += 1
            cross[str(plan.fault_kind), reason(message)] += 1
        if net["error_layer"] != plan.fault_index:
            unintended.append((net["id"], plan.fault_kind, plan.fault_index, net["error_layer"]))
        size = plan.input[:-1]
        for layer, result in zip(plan.layers, net["results"], strict=False):
            ops = layer_ops(layer, plan.rank)
            if ops is None:
                if len(result["output"]) == 1:
                    size = []
                continue
            assert isinstance(layer, dict)
            got = result["output"][:-1]
            for n, (k, s, d, p0, p1), g in zip(size, ops, got, strict=True):
                if layer["type"] == "conv":
                    want = conv_out(n, k, s, d, p0, p1)
                    floor_loses += (n + p0 + p1 - d * (k - 1) - 1) % s != 0
                else:
                    ceil = layer.get("ceil_mode", False)
                    want = pool_out(n, k, s, p0, d, ceil)
                    if ceil:
                        ceil_matters += want != pool_out(n, k, s, p0, d, False)
                        raw = (n + 2 * p0 - d * (k - 1) - 1 + s - 1) // s + 1
                        ceil_fix += (raw - 1) * s >= n + p0
                    else:
                        floor_loses += (n + 2 * p0 - d * (k - 1) - 1) % s != 0
                if want != g:
                    formula_mismatch.append((net["id"], layer, n, g, want))
            size = got
    say(f"wrote {out} ({out.stat().st_size} bytes, {len(nets)} nets) in {seconds:.1f}s\n")
    say("  sanity check ok: [227, 227, 3] conv 96 k11 s4 -> [55, 55, 96], 34944 params\n")
    for rank in sorted(RANK_SHARES):
        acc, rej = by_rank[rank, True], by_rank[rank, False]
        say(f"  rank {rank}: {acc + rej} nets, {acc} accepted, {rej} rejected\n")
    total_rej = sum(v for (_, ok), v in by_rank.items() if not ok)
    say(f"  rejected overall: {total_rej}/{len(nets)} ({100 * total_rej / len(nets):.0f}%)\n")
    say("  rejections by reason (rank: count):\n")
    for label in sorted({r for _, r in reasons}):
        per = ", ".join(f"{rank}D: {reasons[rank, label]}" for rank in sorted(RANK_SHARES))
        say(f"    {label}: {per}\n")
    say("  injected fault -> torch reason:\n")
    for (kind, label), count in sorted(cross.items()):
        say(f"    {kind} -> {label}: {count}\n")
    say("  distinct error messages (digits as N):\n")
    for template, count in sorted(templates.items()):
        say(f"    {count:4d}  {template}\n")
    say(f"  pool layers where ceil_mode changes the size: {ceil_matters} (dims)\n")
    say(f"  ceil_mode 'last window in padding' corrections: {ceil_fix} (dims)\n")
    say(f"  floor divisions losing pixels: {floor_loses} (dims)\n")
    say(f"  nets failing somewhere other than the injected fault: {len(unintended)}\n")
    for item in unintended[:20]:
        say(f"    {item}\n")
    say(f"  conv/pool sizes differing from the closed-form formula: {len(formula_mismatch)}\n")
    for item in formula_mismatch[:20]:
        say(f"    {item}\n")
    with out.open(encoding="utf-8") as handle:
        loaded = json.load(handle)
    say(f"  json.load ok: {len(loaded['nets'])} nets, torch {loaded['torch_version']}\n")


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def generate(seed: int, count: int) -> list[Plan]:
    """Draw `count` nets split over ranks 1, 2 and 3 as in RANK_SHARES."""
    rng = random.Random(seed)
    n1 = round(count * RANK_SHARES[1])
    n3 = round(count * RANK_SHARES[3])
    plans: list[Plan] = []
    for rank, n in ((1, n1), (2, count - n1 - n3), (3, n3)):
        kinds = [*FAULTS, AVGPOOL3D_FAULT] if rank == 3 else list(FAULTS)
        rng.shuffle(kinds)
        faults: list[str | None] = [None] * n
        n_faulty = round(n * FAULT_SHARE)
        for i, position in enumerate(sorted(rng.sample(range(n), n_faulty))):
            faults[position] = kinds[i % len(kinds)]
        plans.extend(NetGenerator(rng, rank).net(fault) for fault in faults)
    return plans


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
        nets.append({"id": net_id, "input": plan.input, "layers": plan.layers, **run})
    document = {
        "generator": "tools/record_torch_fixtures.py",
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
