"""Record PyTorch's receptive fields on real maps, through global context: squeeze-and-excitation
gates, ASPP-style image pooling, upsampling of 1×1, 2×2 and odd maps (nearest and bilinear, with
and without align_corners), and MobileNetV3, EfficientNet and RegNetY-style stages.

Run by hand with an environment that has torch (torch is never a dependency of convcalc):

    python tools/record_torch_global_fields.py [--out PATH]

Each net is written in convcalc's spec vocabulary (channels-last input `[H, W, C]`, layers with
`name` and `from`) and run by a small interpreter of that vocabulary in float64 with random
weights, so the recorded graph is the spec. Activations are smooth (silu, sigmoid) and pooling
averages, so a gradient is zero only where an input pixel really has no influence (a bilinear
source falling exactly on a pixel gives it weight 0, as PyTorch computes it).

The probe, per layer and for up to nine output units (rows and columns first, middle and last):
the gradient of the unit, summed over channels, w.r.t. the input. Recorded per unit: the first
and last input row and column with a nonzero gradient (`extent`) and whether every input pixel
has one (`whole`: the unit sees the whole input). A global receptive field means `whole` at every
probed unit; a finite one is checked unit by unit against the recorded extent (convcalc's
interior extent clipped to the input).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from fixture_io import write_atomic

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = "tests/fixtures/torch_global_fields.json"

Layer = dict[str, Any]


def conv(name: str, filters: int, kernel: int = 1, **extra: Any) -> Layer:
    return {"type": "conv", "name": name, "filters": filters, "kernel": kernel, **extra}


def se(prefix: str, source: str, channels: int, squeeze: int) -> list[Layer]:
    """Squeeze-and-excitation: global pool → 1×1 → silu → 1×1 → sigmoid, times the map."""
    return [
        {"type": "global_avgpool", "name": f"{prefix}.pool", "from": source},
        conv(f"{prefix}.fc1", squeeze),
        {"type": "silu", "name": f"{prefix}.act"},
        conv(f"{prefix}.fc2", channels),
        {"type": "sigmoid", "name": f"{prefix}.gate"},
        {"type": "multiply", "name": f"{prefix}.scale", "from": [source, f"{prefix}.gate"]},
    ]


def mbconv(
    prefix: str, source: str, c_in: int, c_out: int, expand: int, kernel: int, stride: int
) -> list[Layer]:
    """An inverted residual with SE (MobileNetV3, EfficientNet): expand, depthwise, SE, project,
    and the shortcut add when the shape is kept."""
    hidden = c_in * expand
    layers = [
        {**conv(f"{prefix}.expand", hidden), "from": source},
        {"type": "silu", "name": f"{prefix}.expand_act"},
        conv(f"{prefix}.dw", hidden, kernel, stride=stride, padding=kernel // 2, groups=hidden),
        {"type": "silu", "name": f"{prefix}.dw_act"},
        *se(f"{prefix}.se", f"{prefix}.dw_act", hidden, max(1, c_in // 4)),
        conv(f"{prefix}.project", c_out),
    ]
    if stride == 1 and c_in == c_out:
        layers.append(
            {"type": "add", "name": f"{prefix}.add", "from": [f"{prefix}.project", source]}
        )
    return layers


def regnety_block(
    prefix: str, source: str, c_in: int, c_out: int, stride: int, group_width: int
) -> list[Layer]:
    """RegNetY's bottleneck: 1×1, grouped 3×3 (strided), SE, 1×1; a strided 1×1 projection
    shortcut when the shape changes."""
    layers = [
        {**conv(f"{prefix}.a", c_out), "from": source},
        {"type": "silu", "name": f"{prefix}.a_act"},
        conv(f"{prefix}.b", c_out, 3, stride=stride, padding=1, groups=c_out // group_width),
        {"type": "silu", "name": f"{prefix}.b_act"},
        *se(f"{prefix}.se", f"{prefix}.b_act", c_out, max(1, c_in // 4)),
        conv(f"{prefix}.c", c_out),
    ]
    shortcut = source
    if stride != 1 or c_in != c_out:
        layers.append({**conv(f"{prefix}.proj", c_out, stride=stride), "from": source})
        shortcut = f"{prefix}.proj"
    layers.append({"type": "add", "name": f"{prefix}.add", "from": [f"{prefix}.c", shortcut]})
    return layers


def aspp(prefix: str, source: str, channels: int, size: int, rates: Sequence[int]) -> list[Layer]:
    """DeepLabV3's ASPP: a 1×1 branch, dilated 3×3 branches, and image pooling (global pool,
    1×1, bilinear resize back), concatenated and projected."""
    layers: list[Layer] = [{**conv(f"{prefix}.b0", channels), "from": source}]
    names = [f"{prefix}.b0"]
    for rate in rates:
        layers.append(
            {
                **conv(f"{prefix}.r{rate}", channels, 3, padding=rate, dilation=rate),
                "from": source,
            }
        )
        names.append(f"{prefix}.r{rate}")
    layers += [
        {"type": "global_avgpool", "name": f"{prefix}.pool", "from": source},
        conv(f"{prefix}.pool_conv", channels),
        {"type": "upsample", "name": f"{prefix}.pool_up", "size": size, "mode": "bilinear"},
        {"type": "concat", "name": f"{prefix}.cat", "from": [*names, f"{prefix}.pool_up"]},
        conv(f"{prefix}.project", channels),
    ]
    return layers


def stem(c: int) -> list[Layer]:
    return [conv("stem", c, 3, stride=2, padding=1), {"type": "silu", "name": "stem_act"}]


def nets() -> list[dict[str, Any]]:
    plans: list[dict[str, Any]] = []

    def add(name: str, size: int, layers: list[Layer], channels: int = 3) -> None:
        plans.append({"name": name, "input": [size, size, channels], "layers": layers})

    # A lone SE block with a residual add.
    add(
        "se_block",
        24,
        [
            conv("conv", 8, 3, padding=1),
            *se("se", "conv", 8, 2),
            {"type": "add", "name": "residual", "from": ["se.scale", "conv"]},
            conv("after", 8, 3, padding=1),
        ],
        channels=8,
    )
    # The example: a 65×65 input pooled to 1×1 and resized back bilinearly.
    add(
        "pool_then_resize_65",
        65,
        [
            {"type": "global_avgpool", "name": "pool"},
            {"type": "upsample", "name": "up", "size": 65, "mode": "bilinear"},
        ],
    )
    # Upsampling of 1×1, 2×2 and odd maps made by convolutions (1×1: the kernel covers the input).
    for side, kernel, stride in ((1, 9, 1), (2, 5, 4), (3, 3, 3), (5, 3, 2)):
        size = (side - 1) * stride + kernel
        for mode, align in (
            ("nearest", False),
            ("bilinear", False),
            ("bilinear", True),
        ):
            for how in ({"scale": 2}, {"size": 7}):
                tag = f"{side}x{side}_{mode}{'_ac' if align else ''}_{next(iter(how))}"
                up: Layer = {"type": "upsample", "name": "up", "mode": mode, **how}
                if align:
                    up["align_corners"] = True
                add(
                    f"upsample_{tag}",
                    size,
                    [conv("down", 4, kernel, stride=stride), up, conv("after", 4, 3, padding=1)],
                )
    # ASPP on a stride-8 feature map, then DeepLabV3's final upsample back to the input size.
    add(
        "aspp_deeplab",
        64,
        [
            *stem(8),
            conv("c2", 16, 3, stride=2, padding=1),
            conv("c3", 16, 3, stride=2, padding=1),
            *aspp("aspp", "c3", 8, 8, (2, 4)),
            conv("classifier", 3),
            {"type": "upsample", "name": "final_up", "size": 64, "mode": "bilinear"},
        ],
    )
    # MobileNetV3-style stage (5×5 depthwise, SE), EfficientNet-style stage (3×3 and 5×5 MBConv).
    add(
        "mobilenetv3_stage",
        48,
        [
            *stem(8),
            *mbconv("b1", "stem_act", 8, 16, 3, 5, 2),
            *mbconv("b2", "b1.project", 16, 16, 3, 5, 1),
            *mbconv("b3", "b2.add", 16, 16, 3, 5, 1),
        ],
    )
    add(
        "efficientnet_stage",
        48,
        [
            *stem(8),
            *mbconv("m1", "stem_act", 8, 8, 1, 3, 1),
            *mbconv("m2", "m1.add", 8, 12, 6, 3, 2),
            *mbconv("m3", "m2.project", 12, 12, 6, 3, 1),
            *mbconv("m4", "m3.add", 12, 16, 6, 5, 2),
            *mbconv("m5", "m4.project", 16, 16, 6, 5, 1),
        ],
    )
    add(
        "regnety_stage",
        48,
        [
            *stem(8),
            *regnety_block("s1.0", "stem_act", 8, 16, 2, 8),
            *regnety_block("s1.1", "s1.0.add", 16, 16, 1, 8),
            *regnety_block("s2.0", "s1.1.add", 16, 32, 2, 8),
        ],
    )
    # A user's segmentation net: SE blocks, ASPP, upsampling and a skip connection. It goes
    # down with 2×2 average pools, as U-Net does, so the upsampled map and the skip are aligned.
    pool = {"type": "avgpool", "kernel": 2, "stride": 2}
    add(
        "user_se_aspp_unet",
        64,
        [
            conv("stem", 8, 3, padding=1),
            {**pool, "name": "pool1"},
            *mbconv("enc1", "pool1", 8, 16, 2, 3, 1),
            {**pool, "name": "pool2"},
            *mbconv("enc2", "pool2", 16, 16, 2, 3, 1),
            {**pool, "name": "pool3", "from": "enc2.add"},
            *mbconv("enc3", "pool3", 16, 24, 2, 3, 1),
            *aspp("aspp", "enc3.project", 16, 8, (2, 3)),
            {"type": "upsample", "name": "up1", "scale": 2, "mode": "bilinear"},
            {"type": "concat", "name": "skip", "from": ["up1", "enc2.add"]},
            conv("fuse", 16, 3, padding=1),
            {"type": "upsample", "name": "up2", "scale": 4, "mode": "nearest"},
            conv("head", 2, 1),
        ],
    )
    return plans


class Interpreter:
    """Runs a list of convcalc layers in torch (NCHW, float64, random weights)."""

    def __init__(self, seed: int) -> None:
        self.generator = torch.Generator().manual_seed(seed)

    def weight(self, *shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=self.generator, dtype=torch.float64) * 0.5

    def run(self, layers: Sequence[Layer], x: torch.Tensor) -> dict[str, torch.Tensor]:
        outputs: dict[str, torch.Tensor] = {"input": x}
        previous = "input"
        for layer in layers:
            sources = layer.get("from", previous)
            names = [sources] if isinstance(sources, str) else list(sources)
            inputs = [outputs[name] for name in names]
            outputs[layer["name"]] = self.layer(layer, inputs)
            previous = layer["name"]
        return outputs

    def layer(self, layer: Layer, inputs: list[torch.Tensor]) -> torch.Tensor:
        kind = layer["type"]
        y = inputs[0]
        if kind == "conv":
            groups = layer.get("groups", 1)
            channels = y.shape[1]
            w = self.weight(layer["filters"], channels // groups, layer["kernel"], layer["kernel"])
            return F.conv2d(
                y,
                w,
                self.weight(layer["filters"]),
                stride=layer.get("stride", 1),
                padding=layer.get("padding", 0),
                dilation=layer.get("dilation", 1),
                groups=groups,
            )
        if kind == "avgpool":
            return F.avg_pool2d(y, layer["kernel"], layer["stride"])
        if kind == "silu":
            return F.silu(y)
        if kind == "sigmoid":
            return torch.sigmoid(y)
        if kind == "global_avgpool":
            return F.adaptive_avg_pool2d(y, 1)
        if kind == "multiply":
            return inputs[0] * inputs[1]
        if kind == "add":
            return sum(inputs[1:], inputs[0])
        if kind == "concat":
            return torch.cat(inputs, dim=1)
        if kind == "upsample":
            extra: dict[str, Any] = {}
            if layer["mode"] != "nearest":
                extra["align_corners"] = bool(layer.get("align_corners", False))
            if "scale" in layer:
                return F.interpolate(y, scale_factor=layer["scale"], mode=layer["mode"], **extra)
            return F.interpolate(y, size=layer["size"], mode=layer["mode"], **extra)
        raise ValueError(kind)


def probe(layers: Sequence[Layer], size: list[int], seed: int) -> dict[str, list[dict[str, Any]]]:
    height, width, channels = size
    x = torch.randn(1, channels, height, width, dtype=torch.float64, requires_grad=True)
    outputs = Interpreter(seed).run(layers, x)
    found: dict[str, list[dict[str, Any]]] = {}
    for layer in layers:
        out = outputs[layer["name"]]
        rows, cols = out.shape[2], out.shape[3]
        units = sorted({(r, c) for r in {0, rows // 2, rows - 1} for c in {0, cols // 2, cols - 1}})
        records = []
        for r, c in units:
            (grad,) = torch.autograd.grad(out[0, :, r, c].sum(), x, retain_graph=True)
            seen = grad[0].abs().sum(dim=0) > 0
            rows_seen = torch.nonzero(seen.any(dim=1)).flatten().tolist()
            cols_seen = torch.nonzero(seen.any(dim=0)).flatten().tolist()
            records.append(
                {
                    "unit": [r, c],
                    "extent": [
                        [rows_seen[0], rows_seen[-1]] if rows_seen else None,
                        [cols_seen[0], cols_seen[-1]] if cols_seen else None,
                    ],
                    "whole": bool(seen.all()),
                }
            )
        found[layer["name"]] = records
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(DEFAULT_OUT))
    args = parser.parse_args(argv)
    out: Path = args.out if args.out.is_absolute() else REPO_ROOT / args.out
    torch.manual_seed(0)
    torch.set_num_threads(1)
    recorded = []
    for seed, plan in enumerate(nets()):
        recorded.append({**plan, "probes": probe(plan["layers"], plan["input"], seed)})
    document = {
        "generator": "tools/record_torch_global_fields.py",
        "torch_version": torch.__version__,
        "notes": __doc__,
        "nets": recorded,
    }
    write_atomic(out, json.dumps(document, indent=1) + "\n")
    print(f"{len(recorded)} nets written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
