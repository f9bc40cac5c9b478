"""Ultralytics model YAML (`yolov8.yaml`, `yolo11.yaml`, …) read the way Ultralytics builds it.

Ultralytics' `parse_model` (ultralytics/nn/tasks.py) reads `backbone:` and `head:` rows
`[from, repeats, module, args]`. Its rules, followed here exactly:

- the scale: `--scale` (the YAML's `scale:` key otherwise, then the letter in the file name as
  `guess_model_scale` reads it, `yolo11n.yaml` → n, then the first scale `scales:` defines) gives
  `[depth, width, max_channels]`; files without scales use `depth_multiple`/`width_multiple`;
- repeats: `max(round(n · depth), 1)` when n > 1; the modules that take a repeat count get it as
  their third argument, the others are stacked n times (`nn.Sequential`, names `model.i.0`, …);
- channels: a module's input channels are those of the row it reads (`ch[f]`); its output
  channels `make_divisible(min(c2, max_channels) · width, 8)` (`Classify` keeps `nc`);
- padding: `autopad(k, p, d)` = `d·(k−1)+1` halved (floor) when the row gives none;
- each built-in module is expanded into the layers it is made of, named as PyTorch names its
  submodules (`model.2.cv1.conv`, `model.2.m.0.cv2.bn`), so a diagnostic names the real module.

The result is the same `NetworkSpec` the convcalc loader produces (the layers are handed to
`build_network` as a Raw tree), with every location pointing into the original YAML: a row's
layers at the row, a field taken from an argument at that argument. A module convcalc does not
know is one diagnostic at its row; the rows after it are still read, and those that read its
output are shown without figures (their input is unknown), not guessed.

`--set 3.args.0=128` edits a row before it is read (`RowEdit`, applied by `import_ultralytics`),
as editing the file would: the value is then scaled like a written one.
"""

from __future__ import annotations

import ast
import contextlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.core.records import field, frozen, mutable, replace
from convcalc.core.specs import Location
from convcalc.load.formats import RowEditError
from convcalc.load.problems import did_you_mean
from convcalc.load.raw import Raw, RawEntry, RawMap, RawScalar, RawSeq, describe
from convcalc.load.yaml_source import YamlProblem, parse_yaml
from convcalc.rules.table import (
    BAD_REFERENCE,
    MISSING_FIELD,
    UNKNOWN_KIND,
    WRONG_TYPE,
)

DEFAULT_SIZE = 640  # Ultralytics' default image size
CLASSIFY_SIZE = 224  # and a classifier's
# The longest string argument read as a Python literal (`None`, `(3, 3)`): a longer one stays text,
# so a megabyte of digits is not converted (which takes seconds).
LITERAL_CHARACTERS = 200
SCALE_IN_NAME = re.compile(r"yolo(e-)?[v]?\d+([nslmx])")  # guess_model_scale's pattern

Activation = tuple[str, Mapping[str, Any]] | None  # a convcalc kind and its fields, or none


@frozen
class Row:
    """One `[from, repeats, module, args]` row as Ultralytics builds it (after scaling)."""

    index: int
    sources: tuple[int, ...]  # absolute row indices it reads (-1 is the image)
    written_from: Any
    repeats: int  # after depth scaling, as parse_model prints it
    module: str
    args: tuple[Any, ...]  # parse_model's arguments after scaling
    location: Location
    layers: tuple[str, ...] = ()  # the convcalc layers it expanded into
    # Parameters Ultralytics counts that no convcalc layer holds (a head's DFL), and why.
    extra_params: int = 0
    extra_reason: str = ""
    # Why the row's own parameters cannot be given (a head not expanded); empty when they can.
    not_counted: str = ""


@frozen
class UltralyticsModel:
    """What the importer read beyond the spec: the scale and every row."""

    scale: str | None
    scale_values: tuple[float, float, float]
    nc: int | None
    task: str
    image_size: int
    rows: tuple[Row, ...]


@frozen
class Imported:
    """The file as a convcalc spec's Raw tree (None: nothing could be read), the problems
    found reading it, and the rows as Ultralytics builds them."""

    tree: RawMap | None
    problems: list[Diagnostic]
    model: UltralyticsModel | None


def looks_like_ultralytics(root: Raw | None) -> bool:
    """A mapping with `backbone:` and `head:` lists and no `input:`."""
    if not isinstance(root, RawMap):
        return False
    keys = {e.key.value for e in root.entries if isinstance(e.key, RawScalar)}
    return {"backbone", "head"} <= keys and "input" not in keys


# ---------------------------------------------------------------------------- arithmetic


def make_divisible(x: float, divisor: int) -> int:
    """ultralytics.utils.ops.make_divisible: the smallest multiple of divisor ≥ x."""
    return math.ceil(x / divisor) * divisor


def autopad(k: int | Sequence[int], p: Any = None, d: int = 1) -> int | list[int]:
    """ultralytics.nn.modules.conv.autopad."""
    if d > 1:
        k = d * (k - 1) + 1 if isinstance(k, int) else [d * (x - 1) + 1 for x in k]
    if p is None:
        return k // 2 if isinstance(k, int) else [x // 2 for x in k]
    return p  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------- emitting layers


def _raw(value: Any, location: Location) -> Raw:
    if isinstance(value, (list, tuple)):
        return RawSeq(tuple(_raw(item, location) for item in value), location)
    return RawScalar(value, location)


@mutable
class _Emitter:
    """Collects the convcalc layers of the rows as a Raw `layers:` list."""

    source: str
    items: list[Raw] = field(default_factory=list)
    channels: dict[str, int] = field(default_factory=dict)
    row_location: Location = field(default_factory=lambda: Location(""))
    # Fields of the row's main layer taken from one argument: the argument's place.
    argument_at: dict[str, Location] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    default_act: Activation = ("silu", {})

    def emit(
        self, kind: str, name: str, inputs: Sequence[str], channels: int, /, **fields: Any
    ) -> str:
        here = self.row_location
        entries = [
            RawEntry(RawScalar("type", here), RawScalar(kind, here)),
            RawEntry(RawScalar("name", here), RawScalar(name, here)),
            RawEntry(RawScalar("from", here), _raw(list(inputs), here)),
        ]
        for key, value in fields.items():
            at = self.argument_at.get(f"{name}:{key}", here)
            entries.append(RawEntry(RawScalar(key, at), _raw(value, at)))
        self.items.append(RawMap(tuple(entries), here))
        self.channels[name] = channels
        self.names.append(name)
        return name

    def act(self, name: str, x: str, act: Activation) -> str:
        if act is None:
            return x
        kind, fields = act
        return self.emit(kind, name, [x], self.channels[x], **fields)

    def resolve_act(self, act: Any) -> Activation:
        """Conv's `act`: True is the default activation, a module (`nn.ReLU()` in a row, or one
        a module passes) that module, anything else none (nn.Identity), as Conv decides."""
        if act is True:
            return self.default_act
        if isinstance(act, str):
            parsed = _activation(act)
            if isinstance(parsed, str):
                raise ValueError(f"activation {act!r} is not one convcalc knows")
            return parsed
        if isinstance(act, tuple) and len(act) == 2 and isinstance(act[0], str):
            return act
        return None

    def conv(
        self,
        p: str,
        x: str,
        c2: int,
        k: int | Sequence[int] = 1,
        s: int = 1,
        pad: Any = None,
        g: int = 1,
        d: int = 1,
        act: Any = True,
    ) -> str:
        """ultralytics Conv: Conv2d (no bias, autopad) → BatchNorm2d → activation."""
        y = self.emit(
            "conv",
            f"{p}.conv",
            [x],
            c2,
            filters=c2,
            kernel=list(k) if not isinstance(k, int) else k,
            stride=s,
            padding=autopad(k, pad, d),
            dilation=d,
            groups=g,
            bias=False,
        )
        y = self.emit("batchnorm", f"{p}.bn", [y], c2)
        return self.act(f"{p}.act", y, self.resolve_act(act))

    def plain_conv(
        self, name: str, x: str, c2: int, k: int = 1, s: int = 1, pad: int = 0, bias: bool = True
    ) -> str:
        """torch.nn.Conv2d as Ultralytics' modules call it."""
        return self.emit(
            "conv", name, [x], c2, filters=c2, kernel=k, stride=s, padding=pad, bias=bias
        )

    def dwconv(
        self, p: str, x: str, c2: int, k: int = 1, s: int = 1, d: int = 1, act: Any = True
    ) -> str:
        return self.conv(p, x, c2, k, s, g=math.gcd(self.channels[x], c2), d=d, act=act)

    def slice(self, name: str, x: str, start: int, channels: int) -> str:
        """`x[:, start:start + channels]` where that is one of equal channel groups (every split
        Ultralytics' modules make: halves, or q, k, v thirds)."""
        total = self.channels[x]
        if channels < 1 or total % channels or start % channels:
            raise _NotExpressible(f"a split of {total} channels at {start}:{start + channels}")
        return self.emit(
            "channel_slice", name, [x], channels, parts=total // channels, part=start // channels
        )

    def concat(self, name: str, inputs: Sequence[str]) -> str:
        return self.emit("concat", name, inputs, sum(self.channels[i] for i in inputs))

    def add(self, name: str, inputs: Sequence[str]) -> str:
        return self.emit("add", name, inputs, self.channels[inputs[0]])

    def linear(self, name: str, x: str, units: int) -> str:
        """nn.Linear over the last axis (token vectors, or a sequence's positions)."""
        return self.emit("dense", name, [x], units, units=units, axis="last")

    def maxpool(self, name: str, x: str, k: int, s: int, pad: int, ceil: bool = False) -> str:
        fields: dict[str, Any] = {"kernel": k, "stride": s, "padding": pad}
        if ceil:
            fields["ceil_mode"] = True
        return self.emit("maxpool", name, [x], self.channels[x], **fields)


# ---------------------------------------------------------------------------- modules


@frozen
class _Call:
    """One module call: where its layers go, what it reads, its arguments after parse_model."""

    prefix: str
    inputs: tuple[str, ...]
    args: tuple[Any, ...]
    scale: str | None
    text: str = ""  # the text embeddings layer, for the modules that read them


def _arg(args: Sequence[Any], i: int, default: Any) -> Any:
    return args[i] if len(args) > i else default


def _bottleneck(
    e: _Emitter,
    p: str,
    x: str,
    c2: int,
    shortcut: bool = True,
    g: int = 1,
    k: Sequence[Any] = (3, 3),
    ratio: float = 0.5,
) -> str:
    c1 = e.channels[x]
    c_ = int(c2 * ratio)
    y = e.conv(f"{p}.cv1", x, c_, k[0], 1)
    y = e.conv(f"{p}.cv2", y, c2, k[1], 1, g=g)
    return e.add(f"{p}.add", [x, y]) if shortcut and c1 == c2 else y


def _c3_family(
    e: _Emitter,
    p: str,
    x: str,
    c2: int,
    n: int,
    body: Callable[[str, str, int], str],
    ratio: float = 0.5,
) -> str:
    c_ = int(c2 * ratio)
    a = e.conv(f"{p}.cv1", x, c_, 1, 1)
    b = e.conv(f"{p}.cv2", x, c_, 1, 1)
    for j in range(n):
        a = body(f"{p}.m.{j}", a, c_)
    y = e.concat(f"{p}.cat", [a, b])
    return e.conv(f"{p}.cv3", y, c2, 1)


def _c3k(
    e: _Emitter,
    p: str,
    x: str,
    c2: int,
    n: int = 1,
    shortcut: bool = True,
    g: int = 1,
    ratio: float = 0.5,
    k: int = 3,
) -> str:
    return _c3_family(
        e, p, x, c2, n, lambda q, y, c: _bottleneck(e, q, y, c, shortcut, g, (k, k), 1.0), ratio
    )


def _attention(e: _Emitter, p: str, x: str, num_heads: int, attn_ratio: float = 0.5) -> str:
    """Attention (block.py): qkv 1×1 conv, softmax(qᵀk)·v (no parameters, keeps v's shape),
    plus a depthwise 3×3 positional conv on v, then a 1×1 projection."""
    dim = e.channels[x]
    head_dim = dim // num_heads
    key_dim = int(head_dim * attn_ratio)
    h = dim + key_dim * num_heads * 2
    qkv = e.conv(f"{p}.qkv", x, h, 1, act=False)
    # v is each head's last head_dim channels: dim channels in all.
    v = e.slice(f"{p}.v", qkv, h - dim, dim)
    attended = e.emit("identity", f"{p}.attend", [v], dim)
    pe = e.conv(f"{p}.pe", v, dim, 3, 1, g=dim, act=False)
    y = e.add(f"{p}.attend_pe", [attended, pe])
    return e.conv(f"{p}.proj", y, dim, 1, act=False)


def _psa_block(
    e: _Emitter, p: str, x: str, attn_ratio: float = 0.5, num_heads: int = 4, shortcut: bool = True
) -> str:
    c = e.channels[x]
    y = _attention(e, f"{p}.attn", x, num_heads, attn_ratio)
    x = e.add(f"{p}.add1", [x, y]) if shortcut else y
    y = e.conv(f"{p}.ffn.0", x, c * 2, 1)
    y = e.conv(f"{p}.ffn.1", y, c, 1, act=False)
    return e.add(f"{p}.add2", [x, y]) if shortcut else y


def _c2f_like(
    e: _Emitter, call: _Call, c2: int, n: int, ratio: float, body: Callable[[str, str, int], str]
) -> str:
    """C2f: cv1 to 2c channels, split in two; each m feeds on the last piece; all concatenated."""
    p, x = call.prefix, call.inputs[0]
    c = int(c2 * ratio)
    y = e.conv(f"{p}.cv1", x, 2 * c, 1, 1)
    pieces = [y]
    last = e.slice(f"{p}.split1", y, c, c)
    for j in range(n):
        last = body(f"{p}.m.{j}", last, c)
        pieces.append(last)
    cat = e.concat(f"{p}.cat", pieces)
    return e.conv(f"{p}.cv2", cat, c2, 1)


def m_conv(e: _Emitter, call: _Call) -> str:
    a = call.args
    return e.conv(
        call.prefix,
        call.inputs[0],
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, 1),
        _arg(a, 4, None),
        _arg(a, 5, 1),
        _arg(a, 6, 1),
        _arg(a, 7, True),
    )


def m_dwconv(e: _Emitter, call: _Call) -> str:
    a = call.args
    return e.dwconv(
        call.prefix,
        call.inputs[0],
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, 1),
        _arg(a, 4, 1),
        _arg(a, 5, True),
    )


def m_conv_transpose(e: _Emitter, call: _Call) -> str:
    """ultralytics ConvTranspose: ConvTranspose2d (bias only without BN) → BN → SiLU."""
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, k, s, pad, bn, act = (
        a[1],
        _arg(a, 2, 2),
        _arg(a, 3, 2),
        _arg(a, 4, 0),
        _arg(a, 5, True),
        _arg(a, 6, True),
    )
    y = e.emit(
        "conv_transpose",
        f"{p}.conv_transpose",
        [x],
        c2,
        filters=c2,
        kernel=k,
        stride=s,
        padding=pad,
        bias=not bn,
    )
    if bn:
        y = e.emit("batchnorm", f"{p}.bn", [y], c2)
    return e.act(f"{p}.act", y, ("silu", {}) if act is True else None)


def m_torch_conv_transpose(e: _Emitter, call: _Call) -> str:
    """torch.nn.ConvTranspose2d(c1, c2, k, s, p, output_padding, groups, bias, dilation)."""
    a = call.args
    fields: dict[str, Any] = {
        "filters": a[1],
        "kernel": a[2],
        "stride": _arg(a, 3, 1),
        "padding": _arg(a, 4, 0),
        "output_padding": _arg(a, 5, 0),
        "groups": _arg(a, 6, 1),
        "bias": _arg(a, 7, True),
        "dilation": _arg(a, 8, 1),
    }
    return e.emit("conv_transpose", call.prefix, list(call.inputs), a[1], **fields)


def m_ghost_conv(e: _Emitter, call: _Call) -> str:
    a = call.args
    return _ghost_conv(
        e,
        call.prefix,
        call.inputs[0],
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, 1),
        _arg(a, 4, 1),
        _arg(a, 5, True),
    )


def _ghost_conv(
    e: _Emitter, p: str, x: str, c2: int, k: int = 1, s: int = 1, g: int = 1, act: Any = True
) -> str:
    c_ = c2 // 2
    y = e.conv(f"{p}.cv1", x, c_, k, s, None, g, act=act)
    z = e.conv(f"{p}.cv2", y, c_, 5, 1, None, c_, act=act)
    return e.concat(f"{p}.cat", [y, z])


def _ghost_bottleneck(e: _Emitter, p: str, x: str, c2: int, k: int = 3, s: int = 1) -> str:
    c_ = c2 // 2
    y = _ghost_conv(e, f"{p}.conv.0", x, c_, 1, 1)
    if s == 2:
        y = e.dwconv(f"{p}.conv.1", y, c_, k, s, act=False)
    y = _ghost_conv(e, f"{p}.conv.2", y, c2, 1, 1, act=False)
    short = x
    if s == 2:
        short = e.dwconv(f"{p}.shortcut.0", x, e.channels[x], k, s, act=False)
        short = e.conv(f"{p}.shortcut.1", short, c2, 1, 1, act=False)
    return e.add(f"{p}.add", [y, short])


def m_focus(e: _Emitter, call: _Call) -> str:
    raise _NotExpressible("Focus's space-to-depth slicing (x[..., ::2, ::2] and three more)")


class _NotExpressible(Exception):
    """A module with a step convcalc has no layer kind for."""


def m_bottleneck(e: _Emitter, call: _Call) -> str:
    a = call.args
    return _bottleneck(
        e,
        call.prefix,
        call.inputs[0],
        a[1],
        _arg(a, 2, True),
        _arg(a, 3, 1),
        _arg(a, 4, (3, 3)),
        _arg(a, 5, 0.5),
    )


def m_bottleneck_csp(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, n, shortcut, g, ratio = (
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, True),
        _arg(a, 4, 1),
        _arg(a, 5, 0.5),
    )
    c_ = int(c2 * ratio)
    y1 = e.conv(f"{p}.cv1", x, c_, 1, 1)
    for j in range(n):
        y1 = _bottleneck(e, f"{p}.m.{j}", y1, c_, shortcut, g, (3, 3), 1.0)
    y1 = e.plain_conv(f"{p}.cv3", y1, c_, bias=False)
    y2 = e.plain_conv(f"{p}.cv2", x, c_, bias=False)
    y = e.concat(f"{p}.cat", [y1, y2])
    y = e.emit("batchnorm", f"{p}.bn", [y], 2 * c_)
    y = e.emit("silu", f"{p}.act", [y], 2 * c_)
    return e.conv(f"{p}.cv4", y, c2, 1, 1)


def m_c1(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, n = a[1], _arg(a, 2, 1)
    y = e.conv(f"{p}.cv1", x, c2, 1, 1)
    z = y
    for j in range(n):
        z = e.conv(f"{p}.m.{j}", z, c2, 3)
    return e.add(f"{p}.add", [z, y])


def m_c2(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, n, shortcut, g, ratio = (
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, True),
        _arg(a, 4, 1),
        _arg(a, 5, 0.5),
    )
    c = int(c2 * ratio)
    y = e.conv(f"{p}.cv1", x, 2 * c, 1, 1)
    first = e.slice(f"{p}.split0", y, 0, c)
    second = e.slice(f"{p}.split1", y, c, c)
    for j in range(n):
        first = _bottleneck(e, f"{p}.m.{j}", first, c, shortcut, g, (3, 3), 1.0)
    cat = e.concat(f"{p}.cat", [first, second])
    return e.conv(f"{p}.cv2", cat, c2, 1)


def m_c2f(e: _Emitter, call: _Call) -> str:
    a = call.args
    c2, n, shortcut, g, ratio = (
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, False),
        _arg(a, 4, 1),
        _arg(a, 5, 0.5),
    )
    return _c2f_like(
        e, call, c2, n, ratio, lambda q, y, c: _bottleneck(e, q, y, c, shortcut, g, (3, 3), 1.0)
    )


def _max_sigmoid_attn(
    e: _Emitter, p: str, x: str, guide: str, c2: int, nh: int = 1, ec: int = 128
) -> str:
    """MaxSigmoidAttnBlock (block.py): the guide (text embeddings) projected to ec channels (gl);
    each position's ec channels (a 1×1 Conv first when the input has other than ec) scored
    against every token per head, the best token's score kept, plus a learned bias per head,
    through a sigmoid: one weight per head and position, which scales that head's channels of
    a 3×3 Conv of the input."""
    embed = e.conv(f"{p}.ec", x, ec, 1, act=False) if e.channels[x] != ec else x
    guide = e.linear(f"{p}.gl", guide, ec)
    weights = e.emit(
        "similarity", f"{p}.attend", [embed, guide], nh, heads=nh, reduce="max", bias=True
    )
    weights = e.emit("sigmoid", f"{p}.sigmoid", [weights], nh)
    y = e.conv(f"{p}.proj_conv", x, c2, 3, 1, act=False)
    if nh == 1:
        return e.emit("multiply", f"{p}.weigh", [y, weights], c2)
    head = c2 // nh
    weighed = [
        e.emit(
            "multiply",
            f"{p}.weigh{h}",
            [e.slice(f"{p}.head{h}", y, h * head, head), e.slice(f"{p}.weight{h}", weights, h, 1)],
            head,
        )
        for h in range(nh)
    ]
    return e.concat(f"{p}.weigh", weighed)


def m_c2fattn(e: _Emitter, call: _Call) -> str:
    """C2fAttn: C2f whose pieces end with MaxSigmoidAttnBlock on the last one, guided by the
    text embeddings."""
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, n, ec, nh = a[1], _arg(a, 2, 1), _arg(a, 3, 128), _arg(a, 4, 1)
    shortcut, g, ratio = _arg(a, 6, False), _arg(a, 7, 1), _arg(a, 8, 0.5)
    c = int(c2 * ratio)
    y = e.conv(f"{p}.cv1", x, 2 * c, 1, 1)
    pieces = [y]
    last = e.slice(f"{p}.split1", y, c, c)
    for j in range(n):
        last = _bottleneck(e, f"{p}.m.{j}", last, c, shortcut, g, (3, 3), 1.0)
        pieces.append(last)
    pieces.append(_max_sigmoid_attn(e, f"{p}.attn", last, call.text, c, nh, ec))
    return e.conv(f"{p}.cv2", e.concat(f"{p}.cat", pieces), c2, 1)


def _image_pooling_attn(e: _Emitter, p: str, inputs: Sequence[str], text: str, a: Any) -> str:
    """ImagePoolingAttn (block.py): each map projected to ec channels (1×1 Conv2d) and max-pooled
    to k×k patches, all patches one sequence of tokens; the text embeddings (LayerNorm, Linear to
    ec) attend to them (keys and values: LayerNorm, Linear each; the attention itself,
    softmax(q·kᵀ/√d)·v per head, has no parameters and gives the text's tokens v's channels),
    projected back to ct channels and added to the text: the new text embeddings."""
    ec, ct, k = a[0], _arg(a, 2, 512), _arg(a, 4, 3)
    if _arg(a, 5, False):
        raise _NotExpressible("ImagePoolingAttn's learned scalar scale")
    patches = []
    for i, x in enumerate(inputs):
        y = e.plain_conv(f"{p}.projections.{i}", x, ec)
        y = e.emit("adaptive_maxpool", f"{p}.im_pools.{i}", [y], ec, output_size=k)
        patches.append(e.emit("reshape", f"{p}.patches{i}", [y], ec, shape=[k * k, ec]))
    tokens = e.emit("concat", f"{p}.cat", patches, ec, axis=0)
    streams = {}
    for name, source, c_in in (("query", text, ct), ("key", tokens, ec), ("value", tokens, ec)):
        y = e.emit("layernorm", f"{p}.{name}.0", [source], c_in)
        streams[name] = e.linear(f"{p}.{name}.1", y, ec)
    attended = e.emit("identity", f"{p}.attend", [streams["query"]], ec)
    y = e.linear(f"{p}.proj", attended, ct)
    return e.add(f"{p}.add", [y, text])


def m_c3k2(e: _Emitter, call: _Call) -> str:
    a = call.args
    c2, n, c3k, ratio = a[1], _arg(a, 2, 1), _arg(a, 3, False), _arg(a, 4, 0.5)
    attn, g, shortcut = _arg(a, 5, False), _arg(a, 6, 1), _arg(a, 7, True)

    def body(q: str, y: str, c: int) -> str:
        if attn:
            y = _bottleneck(e, f"{q}.0", y, c, shortcut, g)
            return _psa_block(e, f"{q}.1", y, 0.5, max(c // 64, 1))
        if c3k:
            return _c3k(e, q, y, c, 2, shortcut, g)
        return _bottleneck(e, q, y, c, shortcut, g)

    return _c2f_like(e, call, c2, n, ratio, body)


def m_c3(e: _Emitter, call: _Call) -> str:
    a = call.args
    c2, n, shortcut, g, ratio = (
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, True),
        _arg(a, 4, 1),
        _arg(a, 5, 0.5),
    )
    return _c3_family(
        e,
        call.prefix,
        call.inputs[0],
        c2,
        n,
        lambda q, y, c: _bottleneck(e, q, y, c, shortcut, g, (1, 3), 1.0),
        ratio,
    )


def m_c3x(e: _Emitter, call: _Call) -> str:
    a = call.args
    c2, n, shortcut, g, ratio = (
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, True),
        _arg(a, 4, 1),
        _arg(a, 5, 0.5),
    )
    kernels = ((1, 3), (3, 1))
    return _c3_family(
        e,
        call.prefix,
        call.inputs[0],
        c2,
        n,
        lambda q, y, c: _bottleneck(e, q, y, c, shortcut, g, kernels, 1.0),
        ratio,
    )


def m_c3ghost(e: _Emitter, call: _Call) -> str:
    a = call.args
    c2, n, ratio = a[1], _arg(a, 2, 1), _arg(a, 5, 0.5)
    return _c3_family(
        e, call.prefix, call.inputs[0], c2, n, lambda q, y, c: _ghost_bottleneck(e, q, y, c), ratio
    )


def m_c3k(e: _Emitter, call: _Call) -> str:
    a = call.args
    return _c3k(
        e,
        call.prefix,
        call.inputs[0],
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, True),
        _arg(a, 4, 1),
        _arg(a, 5, 0.5),
        _arg(a, 6, 3),
    )


def m_sppf(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c1, c2, k, n, shortcut = a[0], a[1], _arg(a, 2, 5), _arg(a, 3, 3), _arg(a, 4, False)
    c_ = c1 // 2
    # parse_model gives rows written with at most (c2, k) the activated cv1 of older SPPF.
    y = e.conv(f"{p}.cv1", x, c_, 1, 1, act=len(a) <= 3)
    pieces = [y]
    for j in range(n):
        y = (
            e.maxpool(f"{p}.m.{j}" if n > 1 else f"{p}.m", y, k, 1, k // 2)
            if j == 0
            else e.maxpool(f"{p}.m.{j}", y, k, 1, k // 2)
        )
        pieces.append(y)
    cat = e.concat(f"{p}.cat", pieces)
    out = e.conv(f"{p}.cv2", cat, c2, 1, 1)
    return e.add(f"{p}.add", [out, x]) if shortcut and c1 == c2 else out


def m_spp(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c1, c2, ks = a[0], a[1], _arg(a, 2, (5, 9, 13))
    y = e.conv(f"{p}.cv1", x, c1 // 2, 1, 1)
    pieces = [y] + [e.maxpool(f"{p}.m.{j}", y, k, 1, k // 2) for j, k in enumerate(ks)]
    return e.conv(f"{p}.cv2", e.concat(f"{p}.cat", pieces), c2, 1, 1)


def m_c2psa(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c1, n, ratio = a[0], _arg(a, 2, 1), _arg(a, 3, 0.5)
    c = int(c1 * ratio)
    y = e.conv(f"{p}.cv1", x, 2 * c, 1, 1)
    first = e.slice(f"{p}.split0", y, 0, c)
    second = e.slice(f"{p}.split1", y, c, c)
    for j in range(n):
        second = _psa_block(e, f"{p}.m.{j}", second, 0.5, max(c // 64, 1))
    return e.conv(f"{p}.cv2", e.concat(f"{p}.cat", [first, second]), c1, 1)


def m_c2fpsa(e: _Emitter, call: _Call) -> str:
    a = call.args
    c2, n, ratio = a[1], _arg(a, 2, 1), _arg(a, 3, 0.5)
    return _c2f_like(
        e, call, c2, n, ratio, lambda q, y, c: _psa_block(e, q, y, 0.5, max(c // 64, 1))
    )


def m_psa(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c1, ratio = a[0], _arg(a, 2, 0.5)
    c = int(c1 * ratio)
    y = e.conv(f"{p}.cv1", x, 2 * c, 1, 1)
    first = e.slice(f"{p}.split0", y, 0, c)
    b = e.slice(f"{p}.split1", y, c, c)
    b = e.add(f"{p}.add1", [b, _attention(e, f"{p}.attn", b, max(c // 64, 1), 0.5)])
    f1 = e.conv(f"{p}.ffn.0", b, c * 2, 1)
    f2 = e.conv(f"{p}.ffn.1", f1, c, 1, act=False)
    b = e.add(f"{p}.add2", [b, f2])
    return e.conv(f"{p}.cv2", e.concat(f"{p}.cat", [first, b]), c1, 1)


def m_scdown(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, k, s = a[1], a[2], a[3]
    y = e.conv(f"{p}.cv1", x, c2, 1, 1)
    return e.conv(f"{p}.cv2", y, c2, k, s, g=c2, act=False)


def _cib(
    e: _Emitter,
    p: str,
    x: str,
    c2: int,
    shortcut: bool = True,
    ratio: float = 0.5,
    lk: bool = False,
) -> str:
    c1 = e.channels[x]
    c_ = int(c2 * ratio)
    y = e.conv(f"{p}.cv1.0", x, c1, 3, g=c1)
    y = e.conv(f"{p}.cv1.1", y, 2 * c_, 1)
    if lk:
        big = e.conv(f"{p}.cv1.2.conv", y, 2 * c_, 7, 1, 3, g=2 * c_, act=False)
        small = e.conv(f"{p}.cv1.2.conv1", y, 2 * c_, 3, 1, 1, g=2 * c_, act=False)
        y = e.emit("silu", f"{p}.cv1.2.act", [e.add(f"{p}.cv1.2.add", [big, small])], 2 * c_)
    else:
        y = e.conv(f"{p}.cv1.2", y, 2 * c_, 3, g=2 * c_)
    y = e.conv(f"{p}.cv1.3", y, c2, 1)
    y = e.conv(f"{p}.cv1.4", y, c2, 3, g=c2)
    return e.add(f"{p}.add", [x, y]) if shortcut and c1 == c2 else y


def m_c2fcib(e: _Emitter, call: _Call) -> str:
    a = call.args
    c2, n, shortcut, lk, ratio = (
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, False),
        _arg(a, 4, False),
        _arg(a, 6, 0.5),
    )
    return _c2f_like(e, call, c2, n, ratio, lambda q, y, c: _cib(e, q, y, c, shortcut, 1.0, lk))


def _rep_conv(
    e: _Emitter, p: str, x: str, c2: int, k: int = 3, s: int = 1, pad: int = 1, g: int = 1
) -> str:
    """RepConv (training form, as built): 3×3 conv+BN and 1×1 conv+BN summed, then SiLU."""
    y3 = e.conv(f"{p}.conv1", x, c2, k, s, pad, g, act=False)
    y1 = e.conv(f"{p}.conv2", x, c2, 1, s, pad - k // 2, g, act=False)
    return e.emit("silu", f"{p}.act", [e.add(f"{p}.add", [y3, y1])], c2)


def _rep_csp(
    e: _Emitter, p: str, x: str, c2: int, n: int = 1, shortcut: bool = True, ratio: float = 0.5
) -> str:
    def body(q: str, y: str, c: int) -> str:
        z = _rep_conv(e, f"{q}.cv1", y, c, 3, 1)
        z = e.conv(f"{q}.cv2", z, c, 3, 1)
        return e.add(f"{q}.add", [y, z]) if shortcut else z

    return _c3_family(e, p, x, c2, n, body, ratio)


def m_repncspelan4(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, c3, c4, n = a[1], a[2], a[3], _arg(a, 4, 1)
    y = e.conv(f"{p}.cv1", x, c3, 1, 1)
    second = e.slice(f"{p}.split1", y, c3 // 2, c3 // 2)
    b = _rep_csp(e, f"{p}.cv2.0", second, c4, n)
    b = e.conv(f"{p}.cv2.1", b, c4, 3, 1)
    c = _rep_csp(e, f"{p}.cv3.0", b, c4, n)
    c = e.conv(f"{p}.cv3.1", c, c4, 3, 1)
    return e.conv(f"{p}.cv4", e.concat(f"{p}.cat", [y, b, c]), c2, 1, 1)


def m_elan1(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, c3, c4 = a[1], a[2], a[3]
    y = e.conv(f"{p}.cv1", x, c3, 1, 1)
    second = e.slice(f"{p}.split1", y, c3 // 2, c3 // 2)
    b = e.conv(f"{p}.cv2", second, c4, 3, 1)
    c = e.conv(f"{p}.cv3", b, c4, 3, 1)
    return e.conv(f"{p}.cv4", e.concat(f"{p}.cat", [y, b, c]), c2, 1, 1)


def m_aconv(e: _Emitter, call: _Call) -> str:
    p, x = call.prefix, call.inputs[0]
    y = e.emit("avgpool", f"{p}.avg_pool", [x], e.channels[x], kernel=2, stride=1, padding=0)
    return e.conv(f"{p}.cv1", y, call.args[1], 3, 2, 1)


def m_adown(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c1, c2 = a[0], a[1]
    half = c1 // 2
    y = e.emit("avgpool", f"{p}.avg_pool", [x], c1, kernel=2, stride=1, padding=0)
    x1 = e.slice(f"{p}.split0", y, 0, half)
    x2 = e.slice(f"{p}.split1", y, half, half)
    x1 = e.conv(f"{p}.cv1", x1, c2 // 2, 3, 2, 1)
    x2 = e.maxpool(f"{p}.max_pool", x2, 3, 2, 1)
    x2 = e.conv(f"{p}.cv2", x2, c2 // 2, 1, 1, 0)
    return e.concat(f"{p}.cat", [x1, x2])


def m_sppelan(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, c3, k = a[1], a[2], _arg(a, 3, 5)
    y = e.conv(f"{p}.cv1", x, c3, 1, 1)
    pieces = [y]
    for name in ("cv2", "cv3", "cv4"):
        y = e.maxpool(f"{p}.{name}", y, k, 1, k // 2)
        pieces.append(y)
    return e.conv(f"{p}.cv5", e.concat(f"{p}.cat", pieces), c2, 1, 1)


def m_a2c2f(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    # The area (args[4]) only groups which positions attend to each other: no shape, no weights.
    c2, n, a2 = a[1], _arg(a, 2, 1), _arg(a, 3, True)
    residual, mlp_ratio, ratio, g, shortcut = (
        _arg(a, 5, False),
        _arg(a, 6, 2.0),
        _arg(a, 7, 0.5),
        _arg(a, 8, 1),
        _arg(a, 9, True),
    )
    c_ = int(c2 * ratio)
    y = e.conv(f"{p}.cv1", x, c_, 1, 1)
    pieces = [y]
    for j in range(n):
        if a2:
            for b in range(2):
                y = _area_block(e, f"{p}.m.{j}.{b}", y, c_ // 32, mlp_ratio)
        else:
            y = _c3k(e, f"{p}.m.{j}", y, c_, 2, shortcut, g)
        pieces.append(y)
    out = e.conv(f"{p}.cv2", e.concat(f"{p}.cat", pieces), c2, 1)
    if a2 and residual:
        # gamma: one learned factor per channel, exactly a bias-free depthwise 1×1 convolution.
        scaled = e.emit(
            "conv", f"{p}.gamma", [out], c2, filters=c2, kernel=1, groups=c2, bias=False
        )
        return e.add(f"{p}.add", [x, scaled])
    return out


def _area_block(e: _Emitter, p: str, x: str, num_heads: int, mlp_ratio: float) -> str:
    """ABlock: area attention (AAttn) and an MLP, each added to its input."""
    dim = e.channels[x]
    all_head = (dim // num_heads) * num_heads
    q = f"{p}.attn"
    qkv = e.conv(f"{q}.qkv", x, all_head * 3, 1, act=False)
    v = e.slice(f"{q}.v", qkv, 2 * all_head, all_head)
    attended = e.emit("identity", f"{q}.attend", [v], all_head)
    pe = e.conv(f"{q}.pe", v, all_head, 7, 1, 3, g=all_head, act=False)
    y = e.conv(f"{q}.proj", e.add(f"{q}.attend_pe", [attended, pe]), dim, 1, act=False)
    x = e.add(f"{p}.add1", [x, y])
    hidden = int(dim * mlp_ratio)
    y = e.conv(f"{p}.mlp.0", x, hidden, 1)
    y = e.conv(f"{p}.mlp.1", y, dim, 1, act=False)
    return e.add(f"{p}.add2", [x, y])


def m_repc3(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, n, ratio = a[1], _arg(a, 2, 3), _arg(a, 3, 1.0)
    c_ = int(c2 * ratio)
    y = e.conv(f"{p}.cv1", x, c_, 1, 1)
    for j in range(n):
        y = _rep_conv(e, f"{p}.m.{j}", y, c_)
    z = e.conv(f"{p}.cv2", x, c_, 1, 1)
    y = e.add(f"{p}.add", [y, z])
    return e.conv(f"{p}.cv3", y, c2, 1, 1) if c_ != c2 else y


def m_hgstem(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    cm, c2 = a[1], a[2]
    relu: Activation = ("relu", {})
    x = e.conv(f"{p}.stem1", x, cm, 3, 2, act=relu)
    x = e.emit("zeropad", f"{p}.pad1", [x], cm, padding=[[0, 1], [0, 1]])
    x2 = e.conv(f"{p}.stem2a", x, cm // 2, 2, 1, 0, act=relu)
    x2 = e.emit("zeropad", f"{p}.pad2", [x2], cm // 2, padding=[[0, 1], [0, 1]])
    x2 = e.conv(f"{p}.stem2b", x2, cm, 2, 1, 0, act=relu)
    x1 = e.maxpool(f"{p}.pool", x, 2, 1, 0, ceil=True)
    y = e.concat(f"{p}.cat", [x1, x2])
    y = e.conv(f"{p}.stem3", y, cm, 3, 2, act=relu)
    return e.conv(f"{p}.stem4", y, c2, 1, 1, act=relu)


def m_hgblock(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c1, cm, c2 = a[0], a[1], a[2]
    k, n, lightconv, shortcut = _arg(a, 3, 3), _arg(a, 4, 6), _arg(a, 5, False), _arg(a, 6, False)
    relu: Activation = ("relu", {})
    pieces = [x]
    y = x
    for j in range(n):
        if lightconv:
            y = e.conv(f"{p}.m.{j}.conv1", y, cm, 1, act=False)
            y = e.dwconv(f"{p}.m.{j}.conv2", y, cm, k, act=relu)
        else:
            y = e.conv(f"{p}.m.{j}", y, cm, k, act=relu)
        pieces.append(y)
    y = e.conv(f"{p}.sc", e.concat(f"{p}.cat", pieces), c2 // 2, 1, 1, act=relu)
    y = e.conv(f"{p}.ec", y, c2, 1, 1, act=relu)
    return e.add(f"{p}.add", [y, x]) if shortcut and c1 == c2 else y


def m_resnet_layer(e: _Emitter, call: _Call) -> str:
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2, s, is_first, n, expansion = (
        a[1],
        _arg(a, 2, 1),
        _arg(a, 3, False),
        _arg(a, 4, 1),
        _arg(a, 5, 4),
    )
    if is_first:
        y = e.conv(f"{p}.layer.0", x, c2, 7, 2, 3)
        return e.maxpool(f"{p}.layer.1", y, 3, 2, 1)
    y = x
    for j in range(n):
        q = f"{p}.layer.{j}"
        c1, stride = e.channels[y], s if j == 0 else 1
        c3 = expansion * c2
        z = e.conv(f"{q}.cv1", y, c2, 1, 1)
        z = e.conv(f"{q}.cv2", z, c2, 3, stride, 1)
        z = e.conv(f"{q}.cv3", z, c3, 1, act=False)
        short = y
        if stride != 1 or c1 != c3:
            short = e.conv(f"{q}.shortcut.0", y, c3, 1, stride, act=False)
        y = e.emit("relu", f"{q}.relu", [e.add(f"{q}.add", [z, short])], c3)
    return y


def m_aifi(e: _Emitter, call: _Call) -> str:
    """AIFI (transformer.py): a post-norm transformer encoder layer over the map's positions as
    tokens, channels last. nn.MultiheadAttention's parameters are its input projection (one
    Linear each for q and k, which read the tokens plus the fixed 2-D sin-cos position
    embedding, and for v, which reads the tokens alone) and its output projection; the
    attention itself (softmax(q·kᵀ/√d)·v per head) has none and keeps v's shape."""
    a, p, x = call.args, call.prefix, call.inputs[0]
    c1, cm, act = a[0], _arg(a, 1, 2048), _arg(a, 4, None)
    if _arg(a, 5, False):
        raise _NotExpressible("a pre-norm (normalize_before) AIFI")
    tokens = e.emit("permute", f"{p}.to_tokens", [x], c1, dims=[0, 2, 3, 1])
    with_pos = e.emit("identity", f"{p}.add_pos_embed", [tokens], c1)
    for name, source in (("q", with_pos), ("k", with_pos)):
        e.linear(f"{p}.ma.in_proj_{name}", source, c1)
    v = e.linear(f"{p}.ma.in_proj_v", tokens, c1)
    attended = e.emit("identity", f"{p}.ma.attend", [v], c1)
    y = e.linear(f"{p}.ma.out_proj", attended, c1)
    y = e.emit("layernorm", f"{p}.norm1", [e.add(f"{p}.add1", [tokens, y])], c1)
    z = e.linear(f"{p}.fc1", y, cm)
    z = e.act(f"{p}.act", z, ("gelu", {}) if act is None else e.resolve_act(act))
    z = e.linear(f"{p}.fc2", z, c1)
    y = e.emit("layernorm", f"{p}.norm2", [e.add(f"{p}.add2", [y, z])], c1)
    return e.emit("permute", f"{p}.to_map", [y], c1, dims=[0, 3, 1, 2])


def m_concat(e: _Emitter, call: _Call) -> str:
    return e.concat(call.prefix, call.inputs)


def m_upsample(e: _Emitter, call: _Call) -> str:
    """torch.nn.Upsample(size, scale_factor, mode)."""
    a, x = call.args, call.inputs[0]
    fields: dict[str, Any] = {"mode": _arg(a, 2, "nearest")}
    if _arg(a, 0, None) is not None:
        fields["size"] = a[0]
    if _arg(a, 1, None) is not None:
        fields["scale"] = a[1]
    return e.emit("upsample", call.prefix, [x], e.channels[x], **fields)


def m_maxpool(e: _Emitter, call: _Call) -> str:
    """torch.nn.MaxPool2d(kernel_size, stride=kernel_size, padding=0)."""
    a = call.args
    k = a[0]
    return e.maxpool(call.prefix, call.inputs[0], k, _arg(a, 1, k), _arg(a, 2, 0))


def m_zeropad(e: _Emitter, call: _Call) -> str:
    """torch.nn.ZeroPad2d(padding): a number, or (left, right, top, bottom)."""
    pad = call.args[0]
    x = call.inputs[0]
    if isinstance(pad, int):
        pairs = [[pad, pad], [pad, pad]]
    else:
        left, right, top, bottom = pad
        pairs = [[top, bottom], [left, right]]
    return e.emit("zeropad", call.prefix, [x], e.channels[x], padding=pairs)


def m_batchnorm(e: _Emitter, call: _Call) -> str:
    x = call.inputs[0]
    return e.emit("batchnorm", call.prefix, [x], e.channels[x])


def m_identity(e: _Emitter, call: _Call) -> str:
    x = call.inputs[0]
    return e.emit("identity", call.prefix, [x], e.channels[x])


def m_classify(e: _Emitter, call: _Call) -> str:
    """Classify: Conv to 1280 channels, global average pool, dropout, Linear to nc; softmax in
    eval."""
    a, p, x = call.args, call.prefix, call.inputs[0]
    c2 = a[1]
    y = e.conv(f"{p}.conv", x, 1280, _arg(a, 2, 1), _arg(a, 3, 1), _arg(a, 4, None), _arg(a, 5, 1))
    y = e.emit("adaptive_avgpool", f"{p}.pool", [y], 1280, output_size=1)
    y = e.emit("flatten", f"{p}.flatten", [y], 1280)
    y = e.emit("dropout", f"{p}.drop", [y], 1280, rate=0.0)
    y = e.emit("dense", f"{p}.linear", [y], c2, units=c2)
    return e.emit("softmax", f"{p}.softmax", [y], c2)


# Modules whose rows parse_model gives the repeat count as an argument (tasks.py repeat_modules).
REPEAT_MODULES = frozenset(
    {
        "BottleneckCSP",
        "C1",
        "C2",
        "C2f",
        "C3k2",
        "C2fAttn",
        "C3",
        "C3TR",
        "C3Ghost",
        "C3x",
        "RepC3",
        "C2fPSA",
        "C2fCIB",
        "C2PSA",
        "A2C2f",
    }
)
# Modules whose first argument is the output channels, scaled by width (tasks.py base_modules).
BASE_MODULES = frozenset(
    {
        "Classify",
        "Conv",
        "ConvTranspose",
        "GhostConv",
        "Bottleneck",
        "GhostBottleneck",
        "SPP",
        "SPPF",
        "C2fPSA",
        "C2PSA",
        "DWConv",
        "Focus",
        "BottleneckCSP",
        "C1",
        "C2",
        "C2f",
        "C3k2",
        "RepNCSPELAN4",
        "ELAN1",
        "ADown",
        "AConv",
        "SPPELAN",
        "C2fAttn",
        "C3",
        "C3TR",
        "C3Ghost",
        "nn.ConvTranspose2d",
        "DWConvTranspose2d",
        "C3x",
        "RepC3",
        "PSA",
        "SCDown",
        "C2fCIB",
        "A2C2f",
    }
)
DETECT_HEADS = frozenset(
    {
        "Detect",
        "WorldDetect",
        "YOLOEDetect",
        "Segment",
        "Segment26",
        "YOLOESegment",
        "YOLOESegment26",
        "Pose",
        "Pose26",
        "OBB",
        "OBB26",
    }
)
LEGACY_BREAKERS = frozenset({"C3k2", "A2C2f", "C2fCIB"})

Expander = Callable[[_Emitter, _Call], str]
MODULES: dict[str, Expander] = {
    "Conv": m_conv,
    "DWConv": m_dwconv,
    "ConvTranspose": m_conv_transpose,
    "nn.ConvTranspose2d": m_torch_conv_transpose,
    "GhostConv": m_ghost_conv,
    "Focus": m_focus,
    "Bottleneck": m_bottleneck,
    "BottleneckCSP": m_bottleneck_csp,
    "C1": m_c1,
    "C2": m_c2,
    "C2f": m_c2f,
    "C2fAttn": m_c2fattn,
    "C3k2": m_c3k2,
    "C3k": m_c3k,
    "C3": m_c3,
    "C3x": m_c3x,
    "C3Ghost": m_c3ghost,
    "SPP": m_spp,
    "SPPF": m_sppf,
    "C2PSA": m_c2psa,
    "C2fPSA": m_c2fpsa,
    "PSA": m_psa,
    "SCDown": m_scdown,
    "C2fCIB": m_c2fcib,
    "RepNCSPELAN4": m_repncspelan4,
    "ELAN1": m_elan1,
    "AConv": m_aconv,
    "ADown": m_adown,
    "SPPELAN": m_sppelan,
    "A2C2f": m_a2c2f,
    "RepC3": m_repc3,
    "HGStem": m_hgstem,
    "HGBlock": m_hgblock,
    "ResNetLayer": m_resnet_layer,
    "AIFI": m_aifi,
    "Concat": m_concat,
    "nn.Upsample": m_upsample,
    "nn.MaxPool2d": m_maxpool,
    "nn.ZeroPad2d": m_zeropad,
    "nn.BatchNorm2d": m_batchnorm,
    "nn.Identity": m_identity,
    "Classify": m_classify,
}


# ---------------------------------------------------------------------------- heads


@frozen
class _Head:
    """A detection head's settings as parse_model hands them over."""

    nc: int
    reg_max: int
    end2end: bool
    legacy: bool


def _level_branch(e: _Emitter, p: str, x: str, c_mid: int, c_out: int) -> str:
    """Conv 3×3, Conv 3×3, then a plain 1×1 Conv2d with bias: Detect's cv2/cv4 branches."""
    y = e.conv(f"{p}.0", x, c_mid, 3)
    y = e.conv(f"{p}.1", y, c_mid, 3)
    return e.plain_conv(f"{p}.2", y, c_out)


def _class_branch(e: _Emitter, p: str, x: str, c3: int, nc: int, legacy: bool) -> str:
    if legacy:
        return _level_branch(e, p, x, c3, nc)
    cx = e.channels[x]
    y = e.dwconv(f"{p}.0.0", x, cx, 3)
    y = e.conv(f"{p}.0.1", y, c3, 1)
    y = e.dwconv(f"{p}.1.0", y, c3, 3)
    y = e.conv(f"{p}.1.1", y, c3, 1)
    return e.plain_conv(f"{p}.2", y, nc)


def _detect(
    e: _Emitter, p: str, inputs: Sequence[str], head: _Head, extra: Mapping[str, int] | None = None
) -> list[str]:
    """Detect (head.py): per level a box branch (cv2) and a class branch (cv3), concatenated;
    end-to-end heads carry one-to-one copies of both. `extra` adds branches of other heads
    (Segment's masks, Pose's keypoints, OBB's angles) by name and output channels."""
    ch = [e.channels[x] for x in inputs]
    c2 = max(16, ch[0] // 4, head.reg_max * 4)
    c3 = max(ch[0], min(head.nc, 100))
    outputs = []
    copies = ("", "one2one_") if head.end2end else ("",)
    for copy in copies:
        for j, x in enumerate(inputs):
            box = _level_branch(e, f"{p}.{copy}cv2.{j}", x, c2, 4 * head.reg_max)
            cls = _class_branch(e, f"{p}.{copy}cv3.{j}", x, c3, head.nc, head.legacy)
            outputs.append(e.concat(f"{p}.{copy}level{j}", [box, cls]))
    for copy in copies:
        for name, c_out in (extra or {}).items():
            c4 = max(ch[0] // 4, c_out)
            for j, x in enumerate(inputs):
                outputs.append(_level_branch(e, f"{p}.{copy}{name}.{j}", x, c4, c_out))
    return outputs


def _proto(e: _Emitter, p: str, x: str, c_: int, c2: int) -> str:
    y = e.conv(f"{p}.cv1", x, c_, 3)
    y = e.emit(
        "conv_transpose",
        f"{p}.upsample",
        [y],
        c_,
        filters=c_,
        kernel=2,
        stride=2,
        padding=0,
        bias=True,
    )
    y = e.conv(f"{p}.cv2", y, c_, 3)
    return e.conv(f"{p}.cv3", y, c2)


def _proto26(e: _Emitter, p: str, inputs: Sequence[str], c_: int, c2: int, nc: int) -> list[str]:
    """Proto26 (block.py): each coarser level refined to the finest level's channels (1×1
    Conv), upsampled by its constant factor 2^(i+1) (nearest) and added to it; fused by a 3×3
    Conv, then Proto's layers. Its semantic head (semseg) reads the sum in training only, but its
    parameters are the model's: the prototypes and the semantic logits are both outputs."""
    c0 = e.channels[inputs[0]]
    feat = inputs[0]
    for i, x in enumerate(inputs[1:]):
        up = e.conv(f"{p}.feat_refine.{i}", x, c0, 1)
        up = e.emit("upsample", f"{p}.interpolate{i}", [up], c0, scale=2 ** (i + 1))
        feat = e.add(f"{p}.add{i}", [feat, up])
    fused = e.conv(f"{p}.feat_fuse", feat, c_, 3)
    protos = _proto(e, p, fused, c_, c2)
    semantic = e.conv(f"{p}.semseg.0", feat, c_, 3)
    semantic = e.conv(f"{p}.semseg.1", semantic, c_, 3)
    return [protos, e.plain_conv(f"{p}.semseg.2", semantic, nc)]


def _pose26_branches(
    e: _Emitter, p: str, inputs: Sequence[str], head: _Head, kpt_shape: tuple[int, int]
) -> list[str]:
    """Pose26 (head.py): per level two 3×3 Convs (cv4) feeding a keypoint 1×1 Conv2d
    (cv4_kpts) and a keypoint-sigma one (cv4_sigma, read in training only); end-to-end heads
    carry one-to-one copies of all three."""
    nk = kpt_shape[0] * kpt_shape[1]
    c4 = max(e.channels[inputs[0]] // 4, kpt_shape[0] * (kpt_shape[1] + 2))
    outputs = []
    for copy in ("", "one2one_") if head.end2end else ("",):
        for j, x in enumerate(inputs):
            y = e.conv(f"{p}.{copy}cv4.{j}.0", x, c4, 3)
            y = e.conv(f"{p}.{copy}cv4.{j}.1", y, c4, 3)
            outputs.append(e.plain_conv(f"{p}.{copy}cv4_kpts.{j}", y, nk))
            outputs.append(e.plain_conv(f"{p}.{copy}cv4_sigma.{j}", y, kpt_shape[0] * 2))
    return outputs


def _depth(e: _Emitter, p: str, inputs: Sequence[str], c_mid: int) -> str:
    """Depth (head.py): each level projected to c_mid, merged from the coarsest up (bilinear ×2,
    added, refined by two 3×3 Convs), then a head to one channel at twice the finest size."""
    feats = [e.conv(f"{p}.proj.{i}", x, c_mid, 1) for i, x in enumerate(inputs)]
    out = feats[-1]
    for i in range(len(inputs) - 2, -1, -1):
        up = e.emit(
            "upsample",
            f"{p}.interpolate{i}",
            [out],
            c_mid,
            scale=2,
            mode="bilinear",
            align_corners=True,
        )
        out = e.add(f"{p}.add{i}", [up, feats[i]])
        out = e.conv(f"{p}.refine.{i}.0", out, c_mid, 3)
        out = e.conv(f"{p}.refine.{i}.1", out, c_mid, 3)
    out = e.conv(f"{p}.head.0", out, c_mid // 2, 3)
    out = e.emit(
        "conv_transpose",
        f"{p}.head.1",
        [out],
        c_mid // 2,
        filters=c_mid // 2,
        kernel=2,
        stride=2,
        padding=0,
        bias=True,
    )
    out = e.conv(f"{p}.head.2", out, c_mid // 4, 3)
    return e.plain_conv(f"{p}.head.3", out, 1)


def _semantic(e: _Emitter, p: str, inputs: Sequence[str], nc: int) -> list[str]:
    """SemanticSegment (head.py): a classifier on the first input and, with a second input, an
    auxiliary head on it (trained only, but its parameters are the model's)."""
    c_mid = e.channels[inputs[0]]
    outputs = [
        e.plain_conv(f"{p}.classifier.1", e.conv(f"{p}.classifier.0", inputs[0], c_mid, 3), nc)
    ]
    if len(inputs) > 1:
        aux = e.conv(f"{p}.aux_head.0", inputs[1], c_mid, 3)
        outputs.append(e.plain_conv(f"{p}.aux_head.1", aux, nc))
    return outputs


def _contrastive(e: _Emitter, p: str, x: str, text: str, tokens: int, with_bn: bool) -> str:
    """ContrastiveHead / BNContrastiveHead (block.py): the region embeddings (L2-normalised, or
    batch-normalised) scored against each text token, times a learned logit scale plus a
    learned bias: one channel per token (class)."""
    if with_bn:
        x = e.emit("batchnorm", f"{p}.norm", [x], e.channels[x])
    return e.emit("similarity", f"{p}.similarity", [x, text], tokens, scale=True, bias=True)


def _text_detect(
    e: _Emitter,
    p: str,
    inputs: Sequence[str],
    head: _Head,
    text: _Text,
    embed: int,
    with_bn: bool,
    legacy: bool,
) -> list[str]:
    """WorldDetect / YOLOEDetect (head.py): Detect's box branch (cv2) and a class branch (cv3)
    ending in `embed` channels instead of nc, scored against the text embeddings by a
    contrastive head per level (cv4); end-to-end heads carry one-to-one copies of all three."""
    ch = [e.channels[x] for x in inputs]
    c2 = max(16, ch[0] // 4, head.reg_max * 4)
    c3 = max(ch[0], min(head.nc, 100))
    outputs = []
    for copy in ("", "one2one_") if head.end2end else ("",):
        for j, x in enumerate(inputs):
            box = _level_branch(e, f"{p}.{copy}cv2.{j}", x, c2, 4 * head.reg_max)
            cls = _class_branch(e, f"{p}.{copy}cv3.{j}", x, c3, embed, legacy)
            scores = _contrastive(e, f"{p}.{copy}cv4.{j}", cls, text.name, text.tokens, with_bn)
            outputs.append(e.concat(f"{p}.{copy}level{j}", [box, scores]))
    return outputs


def _reprta(e: _Emitter, p: str, text: str, embed: int) -> str:
    """YOLOEDetect.reprta, Residual(SwiGLUFFN(embed, embed)) (block.py): the text-prompt path
    (`get_tpe`) refines each text embedding: Linear to 4·embed, halves gated (SiLU(x1)·x2),
    Linear back, added to the embedding."""
    hidden = e.linear(f"{p}.m.w12", text, 4 * embed)
    x1 = e.emit("silu", f"{p}.m.silu", [e.slice(f"{p}.m.x1", hidden, 0, 2 * embed)], 2 * embed)
    x2 = e.slice(f"{p}.m.x2", hidden, 2 * embed, 2 * embed)
    gated = e.emit("multiply", f"{p}.m.gate", [x1, x2], 2 * embed)
    y = e.linear(f"{p}.m.w3", gated, embed)
    return e.add(f"{p}.add", [text, y])


def _savpe(e: _Emitter, p: str, inputs: Sequence[str], c3: int, embed: int) -> None:
    """SAVPE (block.py), the visual-prompt path: every level brought to c3 channels at the
    finest level's size twice (cv1: two 3×3 Convs; cv2: a 1×1 Conv; upsampled ×2, ×4), one
    concatenation to `embed` channels (cv3), the other to 16 (cv4), which with the prompt mask
    (cv5; one mask at the finest level's size, a second input) gives each position's weight
    (cv6); the weighted sum over positions (softmax, no parameters) is each prompt's embedding."""
    wide, narrow = [], []
    for i, x in enumerate(inputs):
        y = e.conv(f"{p}.cv1.{i}.0", x, c3, 3)
        y = e.conv(f"{p}.cv1.{i}.1", y, c3, 3)
        z = e.conv(f"{p}.cv2.{i}.0", x, c3, 1)
        if i in (1, 2):
            y = e.emit("upsample", f"{p}.cv1.{i}.2", [y], c3, scale=i * 2)
            z = e.emit("upsample", f"{p}.cv2.{i}.1", [z], c3, scale=i * 2)
        wide.append(y)
        narrow.append(z)
    e.plain_conv(f"{p}.cv3", e.concat(f"{p}.cat1", wide), embed)
    y = e.plain_conv(f"{p}.cv4", e.concat(f"{p}.cat2", narrow), 16, 3, 1, 1)
    mask = e.emit("constant", f"{p}.prompt", ["input"], 1, shape=[1, 1, 1])
    mask = e.emit("upsample", f"{p}.prompt_mask", [mask, y], 1)
    mask = e.plain_conv(f"{p}.cv5", mask, 16, 3, 1, 1)
    y = e.conv(f"{p}.cv6.0", e.concat(f"{p}.cat3", [y, mask]), 16, 3)
    e.plain_conv(f"{p}.cv6.1", y, 16, 3, 1, 1)


def _mlp(e: _Emitter, p: str, x: str, hidden: int, out: int, count: int) -> str:
    """MLP (transformer.py): `count` Linears over the last axis, hidden → … → out, ReLU
    between them."""
    y = x
    for i in range(count):
        units = out if i == count - 1 else hidden
        y = e.linear(f"{p}.layers.{i}", y, units)
        if i < count - 1:
            y = e.act(f"{p}.act{i}", y, ("relu", {}))
    return y


@frozen
class _Decoded:
    """RTDETRDecoder's eval outputs: the detections first, then its raw outputs."""

    detections: str
    raw: tuple[str, ...]  # dec_bboxes, dec_scores, enc_bboxes, enc_scores
    extra_params: int
    extra_reason: str


def _rtdetr_decoder(e: _Emitter, p: str, inputs: Sequence[str], args: Sequence[Any]) -> _Decoded:
    """RTDETRDecoder (head.py) in eval, with DeformableTransformerDecoder(Layer), MSDeformAttn
    and MLP (transformer.py). Each level is projected (1×1 Conv2d without bias, BatchNorm2d),
    flattened to a sequence of its positions and the levels concatenated (the anchors, L of
    them); enc_output (Linear, LayerNorm) and enc_score_head rank them and the top
    `min(nq, L)` are the queries (top_k), whose boxes enc_bbox_head (MLP) predicts. Each decoder
    layer: self-attention over the queries (nn.MultiheadAttention: q, k, v and output
    projections), MSDeformAttn's cross-attention into the L positions (sampling_offsets and
    attention_weights from the query, value_proj over the positions, output_proj), an FFN and
    three LayerNorms; per layer a box MLP and a score Linear. postprocess keeps the best
    `min(nq, queries · nc)` (query, class) pairs as [box, score, class] rows.

    Parameters not in a layer: the denoising class embedding (nn.Embedding(nc, hd), read in
    training only) and, with learnt_init_query, the query embedding (nn.Embedding(nq, hd)).
    query_pos_head (MLP 4 → 2hd → hd) is one module applied to each layer's boxes with the same
    weights: it is one set of layers here, read by every decoder layer (the shapes are the
    same). The deformable sampling (bilinear reads at the offsets, weighted) has no parameters
    and gives each query one hd-vector: an identity on the query stands for it."""
    nc, channels = int(args[0]), [int(c) for c in args[1]]
    hd, nq, ndp, nh, ndl, d_ffn = (
        int(_arg(args, i, default))
        for i, default in ((2, 256), (3, 300), (4, 4), (5, 8), (6, 6), (7, 1024))
    )
    act = _arg(args, 9, None)
    eval_idx = int(_arg(args, 10, -1))
    learnt_init_query = bool(_arg(args, 14, False))
    if len(channels) != len(inputs):
        raise ValueError(f"{len(channels)} channel counts for {len(inputs)} inputs")
    if hd % nh:  # MSDeformAttn's own check
        raise ValueError(f"d_model must be divisible by n_heads, but got {hd} and {nh}")
    if not -ndl <= eval_idx < ndl:
        raise IndexError(f"eval_idx {eval_idx} of {ndl} decoder layers")
    eval_idx %= ndl
    layer_act = ("relu", {}) if act is None else e.resolve_act(act)
    nl = len(inputs)
    flat = []
    for i, x in enumerate(inputs):
        y = e.emit(
            "conv",
            f"{p}.input_proj.{i}.0",
            [x],
            hd,
            filters=hd,
            kernel=1,
            stride=1,
            padding=0,
            bias=False,
        )
        y = e.emit("batchnorm", f"{p}.input_proj.{i}.1", [y], hd)
        flat.append(e.emit("reshape", f"{p}.flatten{i}", [y], hd, shape=[-1, hd]))
    joined = e.emit("concat", f"{p}.anchors", flat, hd, axis=0) if nl > 1 else flat[0]
    feats = e.emit("permute", f"{p}.feats", [joined], hd, dims=[0, 2, 1])
    enc = e.linear(f"{p}.enc_output.0", feats, hd)
    enc = e.emit("layernorm", f"{p}.enc_output.1", [enc], hd)
    enc_scores = e.linear(f"{p}.enc_score_head", enc, nc)
    # The top k by each anchor's best class score: the features there are the queries.
    embed = e.emit("top_k", f"{p}.topk", [enc], hd, k=nq, clamp=True)
    chosen_scores = e.emit("top_k", f"{p}.enc_scores", [enc_scores], nc, k=nq, clamp=True)
    boxes = _mlp(e, f"{p}.enc_bbox_head", embed, hd, 4, 3)
    refer = e.emit("sigmoid", f"{p}.enc_bboxes", [boxes], 4)  # + the anchors' logits
    pos = _mlp(e, f"{p}.query_pos_head", refer, 2 * hd, hd, 2)
    dec_bboxes = dec_scores = ""
    for j in range(ndl):
        q = f"{p}.decoder.layers.{j}"
        with_pos = e.add(f"{q}.with_pos_embed", [embed, pos])
        # nn.MultiheadAttention: q and k read the queries with their position embedding, v
        # the queries alone; the attention keeps v's shape (as in AIFI).
        for name in ("q", "k"):
            e.linear(f"{q}.self_attn.in_proj_{name}", with_pos, hd)
        v = e.linear(f"{q}.self_attn.in_proj_v", embed, hd)
        attended = e.emit("identity", f"{q}.self_attn.attend", [v], hd)
        y = e.linear(f"{q}.self_attn.out_proj", attended, hd)
        y = e.emit("layernorm", f"{q}.norm1", [e.add(f"{q}.add1", [embed, y])], hd)
        query = e.add(f"{q}.cross_attn.query", [y, pos])
        points = nh * nl * ndp
        c = f"{q}.cross_attn"
        e.linear(f"{c}.sampling_offsets", query, 2 * points)
        e.linear(f"{c}.attention_weights", query, points)
        e.linear(f"{c}.value_proj", feats, hd)
        sampled = e.emit("identity", f"{c}.sample", [query], hd)
        z = e.linear(f"{c}.output_proj", sampled, hd)
        y = e.emit("layernorm", f"{q}.norm2", [e.add(f"{q}.add2", [y, z])], hd)
        z = e.linear(f"{q}.linear1", y, d_ffn)
        z = e.act(f"{q}.act", z, layer_act)
        z = e.linear(f"{q}.linear2", z, hd)
        embed = e.emit("layernorm", f"{q}.norm3", [e.add(f"{q}.add3", [y, z])], hd)
        box = _mlp(e, f"{p}.dec_bbox_head.{j}", embed, hd, 4, 3)
        refined = e.emit("sigmoid", f"{p}.decoder.refined{j}", [box], 4)
        score = e.linear(f"{p}.dec_score_head.{j}", embed, nc)
        if j == eval_idx:
            dec_bboxes, dec_scores = refined, score
    # postprocess: the best min(nq, queries · nc) (query, class) pairs; each query's box is
    # gathered once per class it is chosen for.
    r = f"{p}.postprocess"
    scores = e.emit("sigmoid", f"{r}.sigmoid", [dec_scores], nc)
    scores = e.emit("flatten", f"{r}.flatten", [scores], 1)
    scores = e.emit("top_k", f"{r}.topk", [scores], 1, k=nq, clamp=True)
    scores = e.emit("reshape", f"{r}.scores", [scores], 1, shape=[-1, 1])
    classes = e.emit("identity", f"{r}.classes", [scores], 1)  # index − query · nc
    per_class = e.emit("permute", f"{r}.boxes_first", [dec_bboxes], 4, dims=[0, 2, 1])
    per_class = e.emit("upsample", f"{r}.per_class", [per_class], 4, scale=nc)
    gathered = e.emit("top_k", f"{r}.boxes", [per_class], 4, k=nq, clamp=True)
    rows = e.emit("concat", f"{r}.rows", [gathered, scores, classes], 6)
    detections = e.emit("permute", r, [rows], 6, dims=[0, 2, 1])
    extra, reasons = (
        nc * hd,
        [f"the denoising class embedding (nn.Embedding({nc}, {hd}), training only)"],
    )
    if learnt_init_query:
        extra += nq * hd
        reasons.append(f"the learnt query embedding (nn.Embedding({nq}, {hd}))")
    return _Decoded(
        detections, (dec_bboxes, dec_scores, refer, chosen_scores), extra, "; ".join(reasons)
    )


DFL_REASON = "DFL's fixed 1×1 convolution over the box distribution (reg_max weights, frozen)"
# RealNVP (block.py): 6 coupling layers, each a scale and a translation MLP 2 → 64 → 64 → 2.
REALNVP_PARAMS = 12 * ((2 * 64 + 64) + (64 * 64 + 64) + (64 * 2 + 2))
REALNVP_REASON = (
    "Pose26's RealNVP flow model (12 MLPs 2 → 64 → 64 → 2): the loss's density of keypoint "
    "errors, read on no feature map"
)


# ---------------------------------------------------------------------------- rows


def _plain(raw: Raw) -> Any:
    if isinstance(raw, RawSeq):
        return [_plain(item) for item in raw.items]
    if isinstance(raw, RawMap):
        return {_plain(entry.key): _plain(entry.value) for entry in raw.entries}
    return raw.value


def _activation(text: str) -> Activation | str:
    """`nn.ReLU()`, `torch.nn.SiLU()`, `nn.LeakyReLU(0.1)` as a convcalc kind, or the text."""
    match = re.fullmatch(r"\s*(?:torch\.)?nn\.(\w+)\((.*)\)\s*", text)
    if match is None:
        return text
    name, arguments = match.group(1), match.group(2).strip()
    simple = {
        "SiLU": "silu",
        "ReLU": "relu",
        "GELU": "gelu",
        "Sigmoid": "sigmoid",
        "Tanh": "tanh",
        "Identity": "",
    }
    if name in simple and not arguments.replace("inplace=True", "").strip(", "):
        kind = simple[name]
        return (kind, {}) if kind else None
    if name == "LeakyReLU":
        slope = arguments.split(",")[0].replace("negative_slope=", "").strip() or "0.01"
        try:
            return ("leaky_relu", {"negative_slope": float(slope)})
        except ValueError:
            return text
    return text


def _task(module: str) -> str:
    lowered = module.lower()
    for task in ("classify", "segment", "pose", "obb", "depth"):
        if task in lowered:
            return task
    return "detect"


def _guess_scale(source: str) -> str:
    stem = re.sub(r"\.ya?ml$", "", source.replace("\\", "/").rsplit("/", 1)[-1])
    match = SCALE_IN_NAME.search(stem)
    return match.group(2) if match else ""


class _Reader:
    """The file's top-level keys and the problems found reading it."""

    def __init__(self, source: str, top: dict[str, RawEntry], scale: str | None) -> None:
        self.source = source
        self.top = top
        self.problems: list[Diagnostic] = []
        self.emitter = _Emitter(source)
        self.requested_scale = scale

    def value(self, key: str, default: Any = None) -> Any:
        entry = self.top.get(key)
        return default if entry is None else _plain(entry.value)

    def where(self, key: str) -> Location:
        entry = self.top.get(key)
        return entry.value.location if entry is not None else Location(self.source, 1, 1)


def _choose_scale(reader: _Reader) -> tuple[str | None, tuple[float, float, float]]:
    """parse_model's scale: [depth, width, max_channels]; a `--scale` the file lacks is reported."""
    scales = reader.value("scales")
    if not isinstance(scales, dict) or not scales:
        depth = reader.value("depth_multiple", 1.0)
        width = reader.value("width_multiple", 1.0)
        return None, (float(depth), float(width), math.inf)
    names = [str(name) for name in scales]
    wanted = reader.requested_scale or reader.value("scale") or _guess_scale(reader.source)
    if reader.requested_scale and reader.requested_scale not in names:
        reader.problems.append(
            WRONG_TYPE.diagnostic(
                f"--scale {printable(reader.requested_scale)}: this file defines the scales "
                + ", ".join(printable(name) for name in names),
                reader.where("scales"),
                hint=f"use --scale {printable(names[0])} (the default) or another of them",
            )
        )
    chosen = wanted if wanted in names else names[0]
    values = scales[chosen]
    if not (
        isinstance(values, list)
        and len(values) == 3
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    ):
        reader.problems.append(
            WRONG_TYPE.diagnostic(
                f"scale `{printable(chosen)}` must be [depth, width, max_channels]",
                reader.where("scales"),
            )
        )
        return chosen, (1.0, 1.0, math.inf)
    return chosen, (float(values[0]), float(values[1]), float(values[2]))


def _check_row(index: int, row: Raw) -> Diagnostic | None:
    """A row parse_model could not read: its shape, `from`, repeats, module name or arguments."""
    if not (isinstance(row, RawSeq) and len(row.items) == 4):
        return WRONG_TYPE.diagnostic(
            f"row {index} must be [from, repeats, module, args], got {describe(row)}",
            row.location,
            hint="as Ultralytics writes it: - [-1, 1, Conv, [64, 3, 2]]",
        )
    f_raw, n_raw, m_raw, args_raw = row.items
    f, n, module = _plain(f_raw), _plain(n_raw), _plain(m_raw)
    written = [f] if isinstance(f, int) and not isinstance(f, bool) else f
    if not (
        isinstance(written, list)
        and written
        and all(isinstance(s, int) and not isinstance(s, bool) for s in written)
    ):
        return WRONG_TYPE.diagnostic(
            f"row {index}: `from` must be a row number or a list of them, got {describe(f_raw)}",
            f_raw.location,
            hint="-1 is the previous row; other numbers count rows from 0 (backbone, then head)",
        )
    for s in written:
        absolute = index + s if s < 0 else s
        if not 0 <= absolute < index and not (index == 0 and s == -1):
            relative = f" (row {absolute})" if s < 0 else ""
            return BAD_REFERENCE.diagnostic(
                f"row {index} reads row {s}{relative}, which is not a row above it",
                f_raw.location,
                hint=f"the rows above this one are 0 to {index - 1} (-1 is the previous row)"
                if index
                else "the first row reads the image: -1",
                layer=f"model.{index}",
            )
    if not (isinstance(n, int) and not isinstance(n, bool) and n >= 1):
        return WRONG_TYPE.diagnostic(
            f"row {index}: repeats must be a whole number ≥ 1, got {describe(n_raw)}",
            n_raw.location,
        )
    if not (isinstance(module, str) and module.strip()):
        return WRONG_TYPE.diagnostic(
            f"row {index}: the module must be a name, got {describe(m_raw)}", m_raw.location
        )
    if not isinstance(args_raw, RawSeq):
        return WRONG_TYPE.diagnostic(
            f"row {index}: args must be a list, got {describe(args_raw)}", args_raw.location
        )
    return None


def _resolved_args(args: list[Any], names: Mapping[str, Any]) -> list[Any]:
    """parse_model's string arguments: a name it knows (`nc`, `kpt_shape`), else a literal."""
    resolved = []
    for a in args:
        if isinstance(a, str):
            if a in names:
                a = names[a]
            elif len(a) <= LITERAL_CHARACTERS:
                # Literals only (ast.literal_eval evaluates nothing); other text stays text.
                with contextlib.suppress(
                    ValueError, SyntaxError, TypeError, MemoryError, RecursionError
                ):
                    a = ast.literal_eval(a)
        resolved.append(a)
    return resolved


KNOWN_MODULES = frozenset(
    {
        *MODULES,
        *DETECT_HEADS,
        "RTDETRDecoder",
        "v10Detect",
        "CBLinear",
        "CBFuse",
        "ImagePoolingAttn",
        "Depth",
        "SemanticSegment",
    }
)


@frozen
class _Text:
    """The layer holding text embeddings and how many tokens (classes) they have."""

    name: str
    tokens: int


# The modules that read the text embeddings, a second input of YOLO-World and YOLOE.
TEXT_READERS = frozenset(
    {"C2fAttn", "ImagePoolingAttn", "WorldDetect", "YOLOEDetect", "YOLOESegment", "YOLOESegment26"}
)
# Their width: CLIP ViT-B/32's and MobileCLIP's text embeddings, as both models feed them
# (WorldModel's placeholder txt_feats (1, nc, 512); YOLOEModel's default zeros (1, 80, 512)).
TEXT_CHANNELS = 512
TEXT_TOKENS = 80  # when the file gives no nc: both models' default


@mutable
class _State:
    """parse_model's running state and what the rows produced."""

    depth: float
    width: float
    max_channels: float
    scale: str | None
    nc: Any
    reg_max: int
    end2end: bool
    legacy: bool = True
    outputs: list[str | None] = field(default_factory=list)  # per row: its output layer
    rows: list[Row] = field(default_factory=list)
    network_outputs: list[str] = field(default_factory=list)
    # Rows whose output is unknown (an unknown module): the row, and the rows that then could
    # not be read because they read it.
    unknown: dict[int, list[int]] = field(default_factory=dict)
    unknown_at: dict[int, Diagnostic] = field(default_factory=dict)
    # CBLinear outputs: the sizes of the pieces their channels are split in.
    pieces: dict[str, list[int]] = field(default_factory=dict)
    # The text embeddings the rows read now (ImagePoolingAttn replaces them), and as fed in.
    text: _Text | None = None
    original_text: _Text | None = None


def _scaled_args(
    state: _State, module: str, args: list[Any], c1: int, n: int, input_channels: list[int]
) -> tuple[list[Any], int]:
    """parse_model's arguments after scaling, and how many times the module is stacked."""
    if module in BASE_MODULES:
        c2 = args[0] if args else 0
        if module != "Classify":
            c2 = make_divisible(min(c2, state.max_channels) * state.width, 8)
        if module == "C2fAttn":  # its heads scale with the width; its embedding is its hidden c
            nh = args[2]
            if nh > 1:
                args[2] = int(max(round(min(nh, state.max_channels // 2 // 32)) * state.width, 1))
            hidden = int(c2 * (args[6] if len(args) > 6 else 0.5))
            if hidden % args[2]:
                raise ValueError(f"C2fAttn hidden channels {hidden} must be divisible by nh")
            args[1] = hidden
        args = [c1, c2, *args[1:]]
        stacked = n
        if module in REPEAT_MODULES:
            args.insert(2, n)
            stacked = 1
        if module == "C3k2":
            state.legacy = False
            if state.scale in {"m", "l", "x"}:
                args[3:4] = [True]
        if module == "A2C2f":
            state.legacy = False
            if state.scale in {"l", "x"}:
                args.extend((True, 1.2))
        if module == "C2fCIB":
            state.legacy = False
        return args, stacked
    if module in {"HGStem", "HGBlock"}:
        args = [c1, *args]
        if module == "HGBlock":
            args.insert(4, n)
            return args, 1
        return args, n
    if module == "nn.BatchNorm2d":
        return [c1], n
    if module == "AIFI":
        return [c1, *args], n
    if module in DETECT_HEADS:
        args = [*args, state.reg_max, state.end2end, input_channels]
        if module in {"Segment", "YOLOESegment", "Segment26", "YOLOESegment26"}:
            args[2] = make_divisible(min(args[2], state.max_channels) * state.width, 8)
        return args, 1
    if module in {"v10Detect", "Depth", "SemanticSegment"}:
        return [*args, input_channels], 1
    if module == "ImagePoolingAttn":  # the maps' channels as its second argument
        return [args[0], input_channels, *args[1:]], 1
    if module == "RTDETRDecoder":
        return [args[0], input_channels, *args[1:]], 1
    if module == "CBLinear":
        return [c1, *args], 1
    return args, n  # ResNetLayer names c1 itself; Concat, nn.* and the rest as written


def _expand_head(
    e: _Emitter, state: _State, module: str, prefix: str, inputs: list[str], args: list[Any]
) -> tuple[str | None, int, str]:
    """A detection head's layers: its output, the parameters it has outside them, and why."""
    head = _Head(int(args[0]), int(state.reg_max), state.end2end, state.legacy)
    extra_branches: dict[str, int] = {}
    if module in ("Segment", "Segment26"):  # Segment26 differs in its Proto only
        extra_branches = {"cv4": int(args[1])}
    elif module == "Pose":
        extra_branches = {"cv4": int(args[1][0] * args[1][1])}
    elif module in ("OBB", "OBB26"):  # OBB26 is OBB's layers with another decoding
        extra_branches = {"cv4": int(args[1])}
    elif module == "v10Detect":
        head = replace(head, end2end=True, legacy=False, reg_max=16)
    if module in TEXT_HEADS:
        outputs = _expand_text_head(e, state, module, prefix, inputs, args, head)
    else:
        outputs = _detect(e, prefix, inputs, head, extra_branches)
    extra, reasons = 0, []
    if head.reg_max > 1:
        extra, reasons = head.reg_max, [DFL_REASON]
    if module == "Segment":
        outputs.append(_proto(e, f"{prefix}.proto", inputs[0], int(args[2]), int(args[1])))
    elif module == "Segment26":
        outputs.extend(_proto26(e, f"{prefix}.proto", inputs, int(args[2]), int(args[1]), head.nc))
    elif module == "Pose26":
        kpt_shape = (int(args[1][0]), int(args[1][1]))
        outputs.extend(_pose26_branches(e, prefix, inputs, head, kpt_shape))
        extra += REALNVP_PARAMS
        reasons.append(REALNVP_REASON)
    state.network_outputs.extend(outputs)
    return outputs[0], extra, "; ".join(reasons)


# The heads that score regions against text embeddings, and where `embed` and `with_bn` are in
# their arguments after parse_model (the Segment heads have nm and npr first).
TEXT_HEADS = {"WorldDetect": 1, "YOLOEDetect": 1, "YOLOESegment": 3, "YOLOESegment26": 3}


def _expand_text_head(
    e: _Emitter,
    state: _State,
    module: str,
    prefix: str,
    inputs: list[str],
    args: list[Any],
    head: _Head,
) -> list[str]:
    """WorldDetect reads the text embeddings as fed in (ImagePoolingAttn's do not reach it);
    YOLOE's heads read them through their text-prompt refinement (reprta) and carry the
    visual-prompt module (SAVPE); the Segment heads add mask coefficients (cv5) and their
    Proto."""
    at = TEXT_HEADS[module]
    embed, with_bn = int(args[at]), bool(args[at + 1])
    text = state.original_text
    assert text is not None  # made by _read_row for every TEXT_READERS row
    if module == "WorldDetect":
        if head.end2end:
            raise _NotExpressible("an end-to-end WorldDetect's one-to-one copies")
        return _text_detect(e, prefix, inputs, head, text, embed, with_bn, legacy=True)
    refined = replace(text, name=_reprta(e, f"{prefix}.reprta", text.name, embed))
    outputs = _text_detect(e, prefix, inputs, head, refined, embed, with_bn, head.legacy)
    c3 = max(e.channels[inputs[0]], min(head.nc, 100))
    _savpe(e, f"{prefix}.savpe", inputs, c3, embed)
    if module == "YOLOEDetect":
        return outputs
    nm, npr = int(args[1]), int(args[2])
    c5 = max(e.channels[inputs[0]] // 4, nm)
    for copy in ("", "one2one_") if head.end2end else ("",):
        for j, x in enumerate(inputs):
            outputs.append(_level_branch(e, f"{prefix}.{copy}cv5.{j}", x, c5, nm))
    if module == "YOLOESegment":
        outputs.append(_proto(e, f"{prefix}.proto", inputs[0], npr, nm))
    else:
        outputs.extend(_proto26(e, f"{prefix}.proto", inputs, npr, nm, head.nc))
    return outputs


def _read_row(reader: _Reader, state: _State, index: int, row: RawSeq) -> None:
    e = reader.emitter
    e.row_location = row.location
    e.argument_at = {}
    f_raw, n_raw, m_raw, args_raw = row.items
    f, n = _plain(f_raw), _plain(n_raw)
    module = str(_plain(m_raw)).strip()
    if module.startswith("torch.nn."):
        module = module[len("torch.") :]
    assert isinstance(args_raw, RawSeq)
    names = {
        "nc": state.nc,
        "reg_max": state.reg_max,
        "end2end": state.end2end,
        "kpt_shape": reader.value("kpt_shape", 1.0),
    }
    args = _resolved_args(_plain(args_raw), names)
    written = [f] if isinstance(f, int) else list(f)
    sources = tuple(index + s if s < 0 else s for s in written)
    n_scaled = max(round(n * state.depth), 1) if n > 1 else n
    prefix = f"model.{index}"
    if module not in KNOWN_MODULES:
        diagnostic = UNKNOWN_KIND.diagnostic(
            f"module `{printable(module)}` is not an Ultralytics module convcalc knows",
            m_raw.location,
            hint=did_you_mean_module(module)
            or "the rows that do not read its output are still checked",
            layer=prefix,
        )
        state.unknown[index] = []
        state.unknown_at[index] = diagnostic
        state.outputs.append(None)
        state.rows.append(
            Row(
                index,
                sources,
                f,
                n_scaled,
                module,
                tuple(args),
                row.location,
                not_counted="unknown module",
            )
        )
        return
    inputs = ["input"] if index == 0 else [state.outputs[s] for s in sources]
    if any(x is None for x in inputs):
        # parse_model would need ch[f] of a row whose output is unknown.
        source = next(s for s, x in zip(sources, inputs, strict=True) if x is None)
        origin = next(
            (u for u, readers in state.unknown.items() if u == source or source in readers), None
        )
        if origin is not None:
            state.unknown[origin].append(index)
        state.outputs.append(None)
        state.rows.append(
            Row(
                index,
                sources,
                f,
                n_scaled,
                module,
                tuple(args),
                row.location,
                not_counted="its input is unknown",
            )
        )
        return
    known = [x for x in inputs if x is not None]
    c1 = e.channels[known[0]]
    if module in TEXT_READERS and state.text is None:
        state.text = state.original_text = _text_embeddings(e, state)
    before = len(e.names)
    try:
        output, args, extra, extra_reason = _build_row(
            e, state, module, prefix, known, args, c1, n_scaled, args_raw
        )
        not_counted = ""
    except _NotExpressible as reason:
        del e.items[before:], e.names[before:]
        state.unknown_at[index] = UNKNOWN_KIND.diagnostic(
            f"module `{printable(module)}` needs {reason}, which convcalc has no layer kind for",
            m_raw.location,
            layer=prefix,
        )
        output, extra, extra_reason, not_counted = None, 0, "", f"needs {reason}"
    except (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError, OverflowError) as error:
        # Arguments Ultralytics' module would refuse too (it raises the same kind of error).
        del e.items[before:], e.names[before:]
        state.unknown_at[index] = WRONG_TYPE.diagnostic(
            f"row {index}: `{printable(module)}` cannot be built from these arguments "
            f"({printable(str(error))})",
            args_raw.location,
            hint=f"give the arguments Ultralytics' {printable(module)} takes "
            "(ultralytics/nn/modules)",
            layer=prefix,
        )
        output, extra, extra_reason, not_counted = None, 0, "", "arguments it cannot take"
    if output is None:
        state.unknown.setdefault(index, [])
    state.outputs.append(output)
    state.rows.append(
        Row(
            index,
            sources,
            f,
            n_scaled,
            module,
            tuple(args),
            row.location,
            tuple(e.names[before:]),
            extra,
            extra_reason,
            not_counted,
        )
    )


def _text_embeddings(e: _Emitter, state: _State) -> _Text:
    """The text embeddings, a second input beside the image: one TEXT_CHANNELS-wide vector per
    class (nc tokens), at the row that first reads them."""
    tokens = state.nc if isinstance(state.nc, int) and state.nc > 0 else TEXT_TOKENS
    name = e.emit("constant", "txt_feats", ["input"], TEXT_CHANNELS, shape=[tokens, TEXT_CHANNELS])
    return _Text(name, tokens)


def _build_row(
    e: _Emitter,
    state: _State,
    module: str,
    prefix: str,
    known: list[str],
    args: list[Any],
    c1: int,
    n_scaled: int,
    args_raw: RawSeq,
) -> tuple[str | None, list[Any], int, str]:
    """One row's layers: its output, arguments after scaling, and the parameters it has
    outside its layers (and why)."""
    args, stacked = _scaled_args(state, module, args, c1, n_scaled, [e.channels[x] for x in known])
    if module in {"Conv", "DWConv"}:
        for field_name, position in (("filters", 0), ("kernel", 1), ("stride", 2), ("padding", 3)):
            if position < len(args_raw.items):
                e.argument_at[f"{prefix}.conv:{field_name}"] = args_raw.items[position].location
    extra, extra_reason = 0, ""
    output: str | None
    if module == "RTDETRDecoder":
        decoded = _rtdetr_decoder(e, prefix, known, args)
        output, extra, extra_reason = decoded.detections, decoded.extra_params, decoded.extra_reason
        state.network_outputs.extend((decoded.detections, *decoded.raw))
    elif module == "Depth":
        output = _depth(e, prefix, known, int(args[0]))
        state.network_outputs.append(output)
    elif module == "SemanticSegment":
        outputs = _semantic(e, prefix, known, int(args[0]))
        state.network_outputs.extend(outputs)
        output = outputs[0]
    elif module in DETECT_HEADS or module == "v10Detect":
        output, extra, extra_reason = _expand_head(e, state, module, prefix, known, args)
    elif module == "CBLinear":
        c2s = [int(c) for c in args[1]]
        k, s, pad, g = _arg(args, 2, 1), _arg(args, 3, 1), _arg(args, 4, None), _arg(args, 5, 1)
        # Its output is split in pieces of these sizes, which only CBFuse reads.
        state.pieces[f"{prefix}.conv"] = c2s
        output = e.emit(
            "conv",
            f"{prefix}.conv",
            known[:1],
            sum(c2s),
            filters=sum(c2s),
            kernel=k,
            stride=s,
            padding=autopad(k, pad),
            groups=g,
            bias=True,
        )
    elif module == "CBFuse":
        output = _cbfuse(e, state, prefix, known, [int(i) for i in args[0]])
    elif module == "Concat":
        output = MODULES[module](e, _Call(prefix, tuple(known), tuple(args), state.scale))
    elif stacked > 1:
        output = known[0]
        for j in range(stacked):
            output = MODULES[module](e, _Call(f"{prefix}.{j}", (output,), tuple(args), state.scale))
    elif module == "ImagePoolingAttn":
        assert state.text is not None  # made by _read_row for every TEXT_READERS row
        output = _image_pooling_attn(e, prefix, known, state.text.name, args)
        state.text = replace(state.text, name=output)
    else:
        text = state.text.name if state.text is not None else ""
        output = MODULES[module](e, _Call(prefix, tuple(known), tuple(args), state.scale, text))
    return output, args, extra, extra_reason


def _cbfuse(e: _Emitter, state: _State, p: str, inputs: list[str], idx: list[int]) -> str:
    """CBFuse (block.py): piece idx[i] of each CBLinear output, resized (nearest) to the last
    input's size, summed with it."""
    *linears, target = inputs
    if len(idx) != len(linears):
        raise ValueError(f"{len(idx)} piece numbers for {len(linears)} CBLinear inputs")
    resized = []
    for i, (x, piece) in enumerate(zip(linears, idx, strict=True)):
        sizes = state.pieces.get(x)
        if sizes is None:
            raise ValueError(f"input {i} is not a CBLinear row")
        start = sum(sizes[:piece])
        c = sizes[piece]
        chosen = e.emit("channel_slice", f"{p}.piece{i}", [x], c, start=start, stop=start + c)
        resized.append(e.emit("upsample", f"{p}.interpolate{i}", [chosen, target], c))
    return e.add(f"{p}.sum", [*resized, target])


# ---------------------------------------------------------------------------- row edits (--set)

# A row's columns as `--set ROW.COLUMN=VALUE` names them: the YAML's comment
# `[from, repeats, module, args]`, and parse_model's own names (`for i, (f, n, m, args)`; its
# printed table's `from  n  module  arguments`).
COLUMNS = {
    "from": 0,
    "f": 0,
    "repeats": 1,
    "n": 1,
    "number": 1,
    "module": 2,
    "m": 2,
    "args": 3,
    "arguments": 3,
}
COLUMN_NAMES = ("from", "repeats", "module", "args")
ROW_PATH = re.compile(r"(\d+)\.([A-Za-z]+)(?:\.(\d+))?")


@frozen
class RowEdit:
    """`--set 3.args.0=128`: one column of one row (or one argument of its args) replaced
    before parse_model's scaling, as editing the file would."""

    written: str  # the path as written: `3.args.0`
    row: int
    column: int  # COLUMN_NAMES' index
    argument: int | None  # for args: the argument's index; None: the whole column
    value: Raw  # as YAML reads it, located at the option


def row_path(path: str) -> tuple[int, int, int | None] | None:
    """`3.args.0` → (3, 3, 0), `5.from` → (5, 0, None); None: not a row's path (a layer name).
    RowEditError for a row path with an unknown column or an index where none belongs."""
    match = ROW_PATH.fullmatch(path)
    if match is None:
        return None
    row, column_text, argument = match.groups()
    column = COLUMNS.get(column_text.lower())
    if column is None:
        hint = did_you_mean(column_text, list(COLUMNS))
        raise RowEditError(
            f"a row has no column `{printable(column_text)}`; its columns are from, repeats, "
            "module and args (`args.I` for one argument)" + (f"; {hint}" if hint else "")
        )
    if argument is not None and column != 3:
        raise RowEditError(
            f"`{COLUMN_NAMES[column]}` is one value: write {row}.{COLUMN_NAMES[column]}=…"
        )
    return int(row), column, None if argument is None else int(argument)


def _edited(items: list[Raw], edits: Sequence[RowEdit]) -> list[Raw]:
    """The rows with the edits applied in order (a later one wins)."""
    rows = list(items)
    for edit in edits:
        if edit.row >= len(rows):
            raise RowEditError(
                f"no row {edit.row}; the rows are 0 to {len(rows) - 1} (backbone, then head)"
            )
        row = rows[edit.row]
        if not (isinstance(row, RawSeq) and len(row.items) == 4):
            raise RowEditError(f"row {edit.row} is not a [from, repeats, module, args] row")
        columns = list(row.items)
        if edit.argument is None:
            columns[edit.column] = edit.value
        else:
            args = columns[3]
            if not isinstance(args, RawSeq):
                raise RowEditError(f"row {edit.row}'s args are not a list")
            if edit.argument >= len(args.items):
                written = ", ".join(str(_plain(item)) for item in args.items)
                last = len(args.items) - 1
                which = f"0 to {last}" if last > 0 else "0" if last == 0 else "none"
                raise RowEditError(
                    f"row {edit.row} ({printable(str(_plain(columns[2])))}) has "
                    f"{len(args.items)} args, [{printable(written)}]: indices {which}"
                )
            values = list(args.items)
            values[edit.argument] = edit.value
            columns[3] = RawSeq(tuple(values), args.location)
        rows[edit.row] = RawSeq(tuple(columns), row.location)
    return rows


def import_ultralytics(
    text: str, source: str, scale: str | None = None, edits: Sequence[RowEdit] = ()
) -> Imported:
    """The network an Ultralytics model YAML builds, as a convcalc spec's Raw tree; `edits`
    change rows before anything is read from them (RowEditError when one cannot apply, or
    leaves its row one parse_model would refuse)."""
    try:
        root = parse_yaml(text, source)
    except YamlProblem as problem:
        return Imported(None, [problem.diagnostic], None)
    if not isinstance(root, RawMap):
        message = "an Ultralytics model YAML is a mapping with `backbone:` and `head:`"
        return Imported(None, [WRONG_TYPE.diagnostic(message, Location(source, 1, 1))], None)
    top = {
        entry.key.value: entry
        for entry in root.entries
        if isinstance(entry.key, RawScalar) and isinstance(entry.key.value, str)
    }
    reader = _Reader(source, top, scale)
    lists: list[RawSeq] = []
    for key in ("backbone", "head"):
        entry = top.get(key)
        if entry is None or not isinstance(entry.value, RawSeq):
            reader.problems.append(
                MISSING_FIELD.diagnostic(
                    f"`{key}:` must be a list of [from, repeats, module, args] rows",
                    entry.value.location if entry is not None else root.location,
                )
            )
        else:
            lists.append(entry.value)
    if reader.problems:
        return Imported(None, reader.problems, None)
    chosen, (depth, width, max_channels) = _choose_scale(reader)
    e = reader.emitter
    act_text = reader.value("activation")
    if isinstance(act_text, str):
        act = _activation(act_text)
        if isinstance(act, str):
            reader.problems.append(
                UNKNOWN_KIND.diagnostic(
                    f"activation `{printable(act_text)}` is not one convcalc knows",
                    reader.where("activation"),
                    hint="nn.SiLU(), nn.ReLU(), nn.LeakyReLU(0.1), nn.GELU(), nn.Sigmoid() and "
                    "nn.Tanh() are read",
                )
            )
        else:
            e.default_act = act
    channels = reader.value("channels", 3)
    e.channels["input"] = channels if isinstance(channels, int) and channels > 0 else 3
    reg_max = reader.value("reg_max", 16)
    state = _State(
        depth,
        width,
        max_channels,
        chosen,
        reader.value("nc"),
        reg_max if isinstance(reg_max, int) else 16,
        bool(reader.value("end2end", False)),
    )
    items = _edited([*lists[0].items, *lists[1].items], edits)
    edited = {edit.row for edit in edits}
    for index, row in enumerate(items):
        row_problem = _check_row(index, row)
        if row_problem is not None and index in edited:
            raise RowEditError(_with_hint(row_problem))
        if row_problem is not None:
            reader.problems.append(row_problem)
            state.unknown.setdefault(index, [])
            state.outputs.append(None)
            continue
        assert isinstance(row, RawSeq)
        _read_row(reader, state, index, row)
        refused = state.unknown_at.get(index)
        if index in edited and refused is not None:
            raise RowEditError(_with_hint(refused))
    for index, readers in state.unknown.items():
        diagnostic = state.unknown_at.get(index)
        if diagnostic is None:
            continue
        if readers:
            shown = ", ".join(str(r) for r in readers[:8]) + (", …" if len(readers) > 8 else "")
            rest = (
                f"rows {shown} read its output and are not checked"
                if len(readers) > 1
                else f"row {shown} reads its output and is not checked"
            )
            diagnostic = replace(diagnostic, message=f"{diagnostic.message}; {rest}")
        reader.problems.append(diagnostic)
    last_module = state.rows[-1].module if state.rows else ""
    task = _task(last_module)
    size = CLASSIFY_SIZE if task == "classify" else DEFAULT_SIZE
    nc = state.nc if isinstance(state.nc, int) else None
    model = UltralyticsModel(
        chosen, (depth, width, max_channels), nc, task, size, tuple(state.rows)
    )
    if not e.items:
        return Imported(None, reader.problems, model)
    return Imported(_tree(reader, model, state.network_outputs), reader.problems, model)


def _with_hint(diagnostic: Diagnostic) -> str:
    return diagnostic.message + (f"; hint: {diagnostic.hint}" if diagnostic.hint else "")


def did_you_mean_module(module: str) -> str | None:
    return did_you_mean(module, KNOWN_MODULES)


def _tree(reader: _Reader, model: UltralyticsModel, network_outputs: list[str]) -> RawMap:
    """The spec: name (the file's stem and scale), input (the task's default image size), the
    layers, and the head's outputs."""
    e = reader.emitter
    here = Location(reader.source, 1, 1)
    stem = re.sub(r"\.ya?ml$", "", reader.source.replace("\\", "/").rsplit("/", 1)[-1])
    name = f"{stem} scale {model.scale}" if model.scale else stem
    entries = [
        RawEntry(RawScalar("name", here), RawScalar(name, here)),
        RawEntry(RawScalar("framework", here), RawScalar("ultralytics", here)),
        RawEntry(
            RawScalar("input", here),
            _raw([model.image_size, model.image_size, e.channels["input"]], here),
        ),
        RawEntry(RawScalar("layers", here), RawSeq(tuple(e.items), here)),
    ]
    if network_outputs:
        entries.append(RawEntry(RawScalar("outputs", here), _raw(network_outputs, here)))
    return RawMap(tuple(entries), here)


# ---------------------------------------------------------------------------- the importer


def read(
    text: str, source: str, scale: str | None = None, edits: Sequence[RowEdit] = ()
) -> tuple[RawMap | None, list[Diagnostic]]:
    """The registry's entry point (convcalc/load/formats/__init__.py)."""
    imported = import_ultralytics(text, source, scale, edits)
    return imported.tree, imported.problems
