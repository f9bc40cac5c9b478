"""Caffe `.prototxt` network definitions as convcalc specs.

The protobuf text format is read here (no protobuf dependency): `key: value`, `key { ... }` (or
`key: { ... }`), repeated keys, quoted strings, numbers, enum words and `#` comments. The net is
read for one phase, TEST unless asked (`read_phase`): layers whose `include`/`exclude` rules
leave them out of the phase are passed over, as `Net::FilterNet` does. Layers keep their Caffe
names; a layer reads the blobs its `bottom`s name, and an in-place layer (`top` = `bottom`)
becomes the blob's new producer. Caffe's arithmetic (src/caffe/layers/*.cpp):

- `Convolution` floors: `(in + 2·pad − dilation·(k − 1) − 1)/stride + 1`;
- `Pooling` rounds UP (`ceil_mode`), minus one when the last window would start inside the
  padding; `global_pooling` pools everything (1×1);
- `InnerProduct` flattens from `axis` (1) and is fully connected; `Eltwise` SUM/PROD/MAX,
  `Concat` (axis 1: channels), `BatchNorm` (three blobs: mean, variance, factor) and `Scale`;
- the input: `Input` layers (`input_param { shape }`), the legacy `input:` with `input_dim` or
  `input_shape`, or a `Data`/`ImageData` layer's crop size (three channels).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.core.records import field, mutable
from convcalc.core.specs import Location
from convcalc.load.formats._raw import LayerBuilder, spec_tree, too_many_digits
from convcalc.load.raw import RawMap
from convcalc.rules.table import (
    BAD_REFERENCE,
    INVALID_INPUT,
    NOT_A_SPEC,
    UNKNOWN_FIELD,
    UNKNOWN_KIND,
    WRONG_TYPE,
    YAML_SYNTAX,
)

_TOKEN = re.compile(
    r"""\s+|\#[^\n]*|(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<word>[A-Za-z_][\w.]*)|(?P<number>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[fF]?)"""
    r"""|(?P<punct>[{}:<>\[\],;])"""
)


@mutable
class _Value:
    """One `key: value` or `key { ... }`: the value is text, a number, or a message."""

    key: str
    value: Any  # str, int, float, or _Message
    location: Location  # of the value
    key_location: Location


@mutable
class _Message:
    location: Location
    values: list[_Value] = field(default_factory=list)

    def all(self, key: str) -> list[_Value]:
        return [item for item in self.values if item.key == key]

    def first(self, key: str) -> _Value | None:
        return next((item for item in self.values if item.key == key), None)

    def get(self, key: str, default: Any = None) -> Any:
        found = self.first(key)
        return default if found is None else found.value

    def message(self, key: str) -> _Message:
        found = self.first(key)
        if found is not None and isinstance(found.value, _Message):
            return found.value
        return _Message(self.location)


class _Problem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@mutable
class _Token:
    kind: str
    text: str
    location: Location


def _tokens(text: str, source: str) -> Iterator[_Token]:
    line, line_start, position = 1, 0, 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _Problem(
                YAML_SYNTAX.diagnostic(
                    f"unexpected `{printable(text[position])}` in the prototxt",
                    Location(source, line, position - line_start + 1),
                    hint="the protobuf text format: `key: value` or `key { ... }`",
                )
            )
        kind = match.lastgroup
        if kind == "number":
            refused = too_many_digits(
                match.group(), Location(source, line, position - line_start + 1)
            )
            if refused is not None:
                raise _Problem(refused)
        if kind is not None:
            yield _Token(kind, match.group(), Location(source, line, position - line_start + 1))
        newlines = match.group().count("\n")
        if newlines:
            line += newlines
            line_start = match.start() + match.group().rfind("\n") + 1
        position = match.end()


def _scalar(token: _Token) -> Any:
    if token.kind == "string":
        return token.text[1:-1].encode("utf-8").decode("unicode_escape", "replace")
    if token.kind == "number":
        written = token.text.rstrip("fF")
        return float(written) if any(c in written for c in ".eE") else int(written)
    if token.text in ("true", "false"):
        return token.text == "true"
    return token.text


def parse(text: str, source: str) -> _Message:
    """The prototxt as nested messages; _Problem at the first syntax error."""
    tokens = list(_tokens(text, source))
    stack = [_Message(Location(source, 1, 1))]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "punct" and token.text == "}":
            if len(stack) == 1:
                raise _Problem(
                    YAML_SYNTAX.diagnostic(
                        "`}` closes nothing", token.location, hint="remove it, or open a block"
                    )
                )
            stack.pop()
            index += 1
            continue
        if token.kind == "punct" and token.text in ",;":
            index += 1
            continue
        if token.kind != "word":
            raise _Problem(
                YAML_SYNTAX.diagnostic(
                    f"expected a field name, found `{printable(token.text)}`",
                    token.location,
                    hint="the protobuf text format: `key: value` or `key { ... }`",
                )
            )
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.text == ":":
            index += 1
            following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None:
            raise _Problem(
                YAML_SYNTAX.diagnostic(
                    f"`{printable(token.text)}` has no value",
                    token.location,
                    hint="end of file: a value or a `}` is missing",
                )
            )
        if following.text in ("{", "<"):
            child = _Message(following.location)
            stack[-1].values.append(_Value(token.text, child, following.location, token.location))
            stack.append(child)
            index += 2
            continue
        if following.kind not in ("string", "word", "number"):
            raise _Problem(
                YAML_SYNTAX.diagnostic(
                    f"`{printable(token.text)}`: expected a value, found "
                    f"`{printable(following.text)}`",
                    following.location,
                    hint="write `key: value`",
                )
            )
        stack[-1].values.append(
            _Value(token.text, _scalar(following), following.location, token.location)
        )
        index += 2
    if len(stack) > 1:
        raise _Problem(
            YAML_SYNTAX.diagnostic(
                "a `{` is never closed",
                stack[-1].location,
                hint="add the missing `}`",
            )
        )
    return stack[0]


# What a blob is produced by when it is not a feature map: a data layer's labels.
_LABELS = "<labels>"

# V1 (`layers { type: CONVOLUTION }`) enum names for the types of today.
_V1_TYPES = {
    "CONVOLUTION": "Convolution",
    "DECONVOLUTION": "Deconvolution",
    "POOLING": "Pooling",
    "INNER_PRODUCT": "InnerProduct",
    "RELU": "ReLU",
    "SIGMOID": "Sigmoid",
    "TANH": "TanH",
    "LRN": "LRN",
    "DROPOUT": "Dropout",
    "SOFTMAX": "Softmax",
    "SOFTMAX_LOSS": "SoftmaxWithLoss",
    "CONCAT": "Concat",
    "ELTWISE": "Eltwise",
    "SPLIT": "Split",
    "SLICE": "Slice",
    "FLATTEN": "Flatten",
    "DATA": "Data",
    "IMAGE_DATA": "ImageData",
    "HDF5_DATA": "HDF5Data",
    "ACCURACY": "Accuracy",
    "EUCLIDEAN_LOSS": "EuclideanLoss",
}

# Layers at the end of a training net that compute a loss or a metric, not a feature map.
_LOSSES = frozenset(
    [
        "SoftmaxWithLoss",
        "Accuracy",
        "EuclideanLoss",
        "HingeLoss",
        "SigmoidCrossEntropyLoss",
        "InfogainLoss",
        "MultinomialLogisticLoss",
        "ContrastiveLoss",
        "Silence",
    ]
)
# Elementwise layers: shape unchanged, no parameters; the convcalc kind shown for each.
_ELEMENTWISE = {
    "ReLU": "relu",
    "Sigmoid": "sigmoid",
    "TanH": "tanh",
    "ELU": "elu",
    "AbsVal": "identity",
    "BNLL": "identity",
    "Power": "identity",
    "Exp": "identity",
    "Log": "identity",
    "Threshold": "identity",
    "Clip": "identity",
    "Swish": "silu",
    "LRN": "identity",
    "MVN": "identity",
    "Split": "identity",
}
_DATA = frozenset({"Data", "ImageData", "WindowData", "MemoryData", "DummyData"})


def _phase_included(layer: _Message, phase: str) -> bool:
    """NetStateRule for the phase alone: any include rule must match; no exclude rule may."""
    includes = layer.all("include")
    if includes:
        return any(
            isinstance(rule.value, _Message) and rule.value.get("phase", phase) == phase
            for rule in includes
        )
    return not any(
        isinstance(rule.value, _Message) and rule.value.get("phase") == phase
        for rule in layer.all("exclude")
    )


def _integer(message: _Message, key: str, default: int, kind: str) -> int:
    found = message.first(key)
    if found is None:
        return default
    if isinstance(found.value, bool) or not isinstance(found.value, int):
        raise _Problem(
            WRONG_TYPE.diagnostic(
                f"{kind}: `{key}` must be a whole number, got {printable(repr(found.value))}",
                found.location,
                hint=f"write `{key}: 1`",
            )
        )
    return found.value


def _window(param: _Message, name: str, stride_default: int) -> dict[str, Any]:
    """kernel, stride and pad as Caffe reads them: `kernel_size` (one, or one per axis), or
    `kernel_h`/`kernel_w`; the same for stride and pad."""
    what = f"layer {name}"
    values: dict[str, Any] = {}
    for key, default in (("kernel", None), ("stride", stride_default), ("pad", 0)):
        long_key = "kernel_size" if key == "kernel" else key
        height = param.first(f"{key}_h")
        if height is not None:
            values[key] = [
                _integer(param, f"{key}_h", 1, what),
                _integer(param, f"{key}_w", 1, what),
            ]
            continue
        written = [item.value for item in param.all(long_key)]
        if not written:
            values[key] = default
        elif len(written) == 1:
            values[key] = written[0]
        else:
            values[key] = written
    return values


@mutable
class _Net:
    source: str
    layers: list[LayerBuilder] = field(default_factory=list)
    blobs: dict[str, str] = field(default_factory=dict)  # blob name → producing layer
    names: set[str] = field(default_factory=set)

    def bottom(self, layer: _Message, name: str, index: int = 0) -> str:
        bottoms = layer.all("bottom")
        if index >= len(bottoms):
            raise _Problem(
                BAD_REFERENCE.diagnostic(
                    f"layer {printable(name)} has no bottom blob to read",
                    layer.location,
                    layer=name,
                    hint='add `bottom: "<blob>"` naming a top of a layer above',
                )
            )
        return self.blob(bottoms[index], name)

    def blob(self, bottom: _Value, name: str, loss: bool = False) -> str:
        producer = self.blobs.get(str(bottom.value))
        if producer == _LABELS and not loss:
            raise _Problem(
                BAD_REFERENCE.diagnostic(
                    f'layer {printable(name)}: bottom "{printable(str(bottom.value))}" is a '
                    "data layer's labels (or a blob whose shape is in the data), not a feature map",
                    bottom.location,
                    layer=name,
                    hint="read the data layer's first top",
                )
            )
        if producer is None:
            known = ", ".join(f'"{printable(blob)}"' for blob in list(self.blobs)[-6:])
            raise _Problem(
                BAD_REFERENCE.diagnostic(
                    f'layer {printable(name)}: bottom "{printable(str(bottom.value))}" is no '
                    "top of a layer above it",
                    bottom.location,
                    layer=name,
                    hint=f"name a blob a layer above produces ({known})"
                    if known
                    else "no layer above produces a blob",
                )
            )
        return producer


def _input_shape(dims: list[int], location: Location) -> list[int]:
    """N, C, H, W (or N, C; N, C, D, H, W) as convcalc's spatial sizes then channels."""
    if len(dims) < 2:
        raise _Problem(
            INVALID_INPUT.diagnostic(
                f"input shape {dims} has no channel axis",
                location,
                hint="give N, C, H, W as `dim:` values",
            )
        )
    return [*dims[2:], dims[1]] if len(dims) > 2 else [dims[1]]


def _legacy_input(root: _Message) -> tuple[str, list[int], Location] | None:
    names = root.all("input")
    if not names:
        return None
    name = names[0]
    dims = [item.value for item in root.all("input_dim")][:4]
    if not dims:
        shape = root.first("input_shape")
        if shape is not None and isinstance(shape.value, _Message):
            dims = [item.value for item in shape.value.all("dim")]
    if not dims:
        raise _Problem(
            INVALID_INPUT.diagnostic(
                f'input "{printable(str(name.value))}" has no input_dim or input_shape',
                name.location,
                hint="add `input_dim:` four times (N, C, H, W), or an input_shape",
            )
        )
    return str(name.value), _input_shape(dims, name.location), name.location


class _Reader:
    def __init__(self, source: str, phase: str) -> None:
        self.net = _Net(source)
        self.phase = phase
        self.problems: list[Diagnostic] = []
        self.input: tuple[list[int], Location] | None = None
        self.input_in_data = False  # the input's shape is in a data file (already reported)

    def produce(self, layer: _Message, built: LayerBuilder) -> None:
        for top in layer.all("top"):
            self.net.blobs[str(top.value)] = built.name

    def take_input(self, layer: _Message, name: str, dims: list[int], where: Location) -> None:
        shape = _input_shape(dims, where)
        tops = layer.all("top")
        for top in tops[1:]:  # labels: read by losses and metrics alone
            self.net.blobs.setdefault(str(top.value), _LABELS)
        if self.input is not None:
            if len(shape) > 1:
                raise _Problem(
                    INVALID_INPUT.diagnostic(
                        f"a second image input ({printable(name)}): convcalc checks one input",
                        where,
                        layer=name,
                        hint="check each input's branch as its own net",
                    )
                )
            return  # a flat second input (labels) feeds only losses
        self.input = (shape, where)
        if tops:
            self.net.blobs[str(tops[0].value)] = "input"

    def unknown_fields(self, message: _Message, known: frozenset[str], what: str) -> None:
        """Caffe's protobuf parser refuses a field its message does not have: one diagnostic
        each, with a close spelling when there is one; the layer is still read."""
        for item in message.values:
            if item.key in known:
                continue
            close = difflib.get_close_matches(item.key, sorted(known), n=1, cutoff=0.8)
            self.problems.append(
                UNKNOWN_FIELD.diagnostic(
                    f"{what} has no field `{printable(item.key)}`; Caffe refuses the file",
                    item.key_location,
                    hint=f"did you mean `{close[0]}`?"
                    if close
                    else "remove it, or check its spelling against caffe.proto",
                )
            )

    def layer(self, layer: _Message, index: int) -> None:
        name = str(layer.get("name", f"layer{index}"))
        written_type = str(layer.get("type", ""))
        kind = _V1_TYPES.get(written_type, written_type)
        where = layer.location
        self.unknown_fields(layer, _LAYER_FIELDS, f"layer {printable(name)}")
        for param_name, known in _PARAM_FIELDS.items():
            for item in layer.all(param_name):
                if isinstance(item.value, _Message):
                    self.unknown_fields(item.value, known, f"{param_name} of {printable(name)}")
        if kind == "Input":
            param = layer.message("input_param")
            for position, shape in enumerate(param.all("shape")):
                if isinstance(shape.value, _Message):
                    dims = [item.value for item in shape.value.all("dim")]
                    tops = layer.all("top")
                    if position == 0:
                        self.take_input(layer, name, dims, shape.location)
                    elif position < len(tops) and len(dims) > 2:
                        raise _Problem(
                            INVALID_INPUT.diagnostic(
                                f"a second image input ({printable(str(tops[position].value))}):"
                                " convcalc checks one input",
                                shape.location,
                                layer=name,
                                hint="check each input's branch as its own net",
                            )
                        )
            return
        if kind in _DATA:
            crop = layer.message("transform_param").get("crop_size")
            image = layer.message("image_data_param")
            size = crop or image.get("new_height")
            if not size:
                raise _Problem(
                    INVALID_INPUT.diagnostic(
                        f"{kind} layer {printable(name)}: its image size is in the data, not "
                        "in the prototxt (no transform_param crop_size)",
                        where,
                        layer=name,
                        hint="check the deploy prototxt (with an Input layer) instead",
                    )
                )
            width = crop or image.get("new_width", size)
            self.take_input(layer, name, [1, 3, size, width], where)
            return
        if kind in ("HDF5Data", "Python"):
            self.input_in_data = True
            for top in layer.all("top"):
                self.net.blobs[str(top.value)] = _LABELS
            raise _Problem(
                INVALID_INPUT.diagnostic(
                    f"{kind} layer {printable(name)}: its shape is in the data, not in the "
                    "prototxt",
                    where,
                    layer=name,
                    hint="check a prototxt with an Input layer (`input_param { shape { dim: "
                    "1 dim: 3 dim: 224 dim: 224 } }`)",
                )
            )
        if kind in _LOSSES:
            for bottom in layer.all("bottom"):
                self.net.blob(bottom, name, loss=True)  # a wrong bottom is still an error
            return
        if name in self.net.names:
            raise _Problem(
                UNKNOWN_FIELD.diagnostic(
                    f"two layers are named {printable(name)}",
                    where,
                    layer=name,
                    hint="Caffe names each layer once: rename one",
                )
            )
        built = self.build(layer, kind, name, where)
        self.net.names.add(name)
        if kind != "Slice":  # its tops are its several layers'
            self.produce(layer, built)

    def build(self, layer: _Message, kind: str, name: str, where: Location) -> LayerBuilder:
        net = self.net
        if kind in ("Convolution", "Deconvolution"):
            param = layer.message("convolution_param")
            window = _window(param, name, 1)
            built = LayerBuilder("conv" if kind == "Convolution" else "conv_transpose", name, where)
            built.set("from", net.bottom(layer, name))
            built.set("filters", param.get("num_output", 0), param.location)
            built.set("kernel", window["kernel"] or 1, param.location)
            built.set("stride", window["stride"], param.location)
            built.set("padding", window["pad"], param.location)
            dilation = [item.value for item in param.all("dilation")]
            if dilation:
                built.set("dilation", dilation[0] if len(dilation) == 1 else dilation)
            built.set("groups", param.get("group", 1), param.location)
            built.set("bias", bool(param.get("bias_term", True)), param.location)
            return self.add(built)
        if kind == "Pooling":
            param = layer.message("pooling_param")
            method = str(param.get("pool", "MAX"))
            if param.get("global_pooling", False):
                built = LayerBuilder(
                    "global_avgpool" if method == "AVE" else "global_maxpool", name, where
                )
                return self.add(built.set("from", net.bottom(layer, name)))
            window = _window(param, name, 1)
            built = LayerBuilder("avgpool" if method == "AVE" else "maxpool", name, where)
            built.set("from", net.bottom(layer, name))
            built.set("kernel", window["kernel"] or 1, param.location)
            built.set("stride", window["stride"], param.location)
            built.set("padding", window["pad"], param.location)
            # Caffe's pooling rounds up unless round_mode says FLOOR (caffe.proto's default: CEIL)
            built.set("ceil_mode", str(param.get("round_mode", "CEIL")) != "FLOOR", param.location)
            return self.add(built)
        if kind == "InnerProduct":
            param = layer.message("inner_product_param")
            flatten = LayerBuilder("flatten", f"{name}.flatten", where)
            self.add(flatten.set("from", net.bottom(layer, name)))
            built = LayerBuilder("dense", name, where)
            built.set("units", param.get("num_output", 0), param.location)
            built.set("bias", bool(param.get("bias_term", True)), param.location)
            return self.add(built)
        if kind in _ELEMENTWISE:
            built = LayerBuilder(_ELEMENTWISE[kind], name, where)
            return self.add(built.set("from", net.bottom(layer, name)))
        if kind == "PReLU":
            shared = layer.message("prelu_param").get("channel_shared", False)
            built = LayerBuilder("prelu", name, where).set("from", net.bottom(layer, name))
            if not shared:
                built.set("num_parameters", "channels")
            return self.add(built)
        if kind == "Dropout":
            ratio = layer.message("dropout_param").get("dropout_ratio", 0.5)
            built = LayerBuilder("dropout", name, where).set("from", net.bottom(layer, name))
            return self.add(built.set("rate", ratio))
        if kind == "Softmax":
            built = LayerBuilder("softmax", name, where)
            return self.add(built.set("from", net.bottom(layer, name)))
        if kind == "BatchNorm":
            # Normalisation only: Caffe's learnable affine is the Scale layer after it.
            built = LayerBuilder("batchnorm", name, where).set("from", net.bottom(layer, name))
            return self.add(built.set("affine", False))
        if kind == "Scale":
            bias = bool(layer.message("scale_param").get("bias_term", False))
            built = LayerBuilder("scale", name, where).set("from", net.bottom(layer, name))
            return self.add(built.set("bias", bias))
        if kind in ("Concat", "Eltwise"):
            sources = [net.blob(bottom, name) for bottom in layer.all("bottom")]
            if kind == "Concat":
                param = layer.message("concat_param")
                axis = param.get("axis", param.get("concat_dim", 1))
                built = LayerBuilder("concat", name, where).set("from", sources)
                if axis not in (1, -3):
                    built.set("axis", {2: 0, 3: 1, -2: 0, -1: 1}.get(axis, axis))
                return self.add(built)
            operation = str(layer.message("eltwise_param").get("operation", "SUM"))
            joined = "multiply" if operation == "PROD" else "add"
            return self.add(LayerBuilder(joined, name, where).set("from", sources))
        if kind == "Flatten":
            built = LayerBuilder("flatten", name, where)
            return self.add(built.set("from", net.bottom(layer, name)))
        if kind == "Slice":
            return self.slice(layer, name, where)
        known = (
            "is a Caffe layer convcalc does not compute"
            if kind in _KNOWN
            else ("is not a Caffe layer type")
        )
        built = LayerBuilder("identity", name, where)
        if layer.all("bottom"):
            built.set("from", net.bottom(layer, name))
        self.add(built)
        self.produce(layer, built)
        self.net.names.add(name)
        type_value = layer.first("type")
        raise _Problem(
            UNKNOWN_KIND.diagnostic(
                f'layer {printable(name)}: type "{printable(kind)}" {known}; it is passed '
                "over (its input passed on)",
                type_value.location if type_value else where,
                layer=name,
                hint="the layers after it are checked with its input's shape",
            )
        )

    def add(self, built: LayerBuilder) -> LayerBuilder:
        self.net.layers.append(built)
        return built

    def slice(self, layer: _Message, name: str, where: Location) -> LayerBuilder:
        """Slice along channels: one `channel_slice` per top (`NAME.TOP`), at the slice points,
        or in equal parts without them (slice_layer.cpp); the tops are produced here."""
        param = layer.message("slice_param")
        axis = param.get("axis", param.get("slice_dim", 1))
        if axis not in (1, -3):
            raise _Problem(
                UNKNOWN_FIELD.diagnostic(
                    f"layer {printable(name)}: Slice along axis {axis} is not read by convcalc "
                    "(channels only, axis 1)",
                    param.location,
                    layer=name,
                    hint="the layers after it are not checked",
                )
            )
        source = self.net.bottom(layer, name)
        tops = layer.all("top")
        points = [item.value for item in param.all("slice_point")]
        if points and len(points) != len(tops) - 1:
            raise _Problem(
                INVALID_INPUT.diagnostic(
                    f"layer {printable(name)}: {len(points)} slice points for {len(tops)} tops; "
                    "Caffe needs one fewer point than tops",
                    param.location,
                    layer=name,
                    hint="give a slice_point between each two tops",
                )
            )
        built = LayerBuilder("identity", name, where)
        for position, top in enumerate(tops):
            built = LayerBuilder("channel_slice", f"{name}.{top.value}", where)
            built.set("from", source)
            if points:
                built.set("start", points[position - 1] if position else 0, param.location)
                if position < len(points):
                    built.set("stop", points[position], param.location)
            else:
                built.set("parts", len(tops)).set("part", position)
            self.add(built)
            self.net.blobs[str(top.value)] = built.name
        self.net.names.add(name)
        return built


# Caffe layer types convcalc reads no arithmetic for (passed over with a diagnostic).
_KNOWN = frozenset(
    [
        "Reshape",
        "Slice",
        "Crop",
        "Embed",
        "RNN",
        "LSTM",
        "Recurrent",
        "ArgMax",
        "Reduction",
        "Tile",
        "Bias",
        "Filter",
        "SPP",
        "Im2col",
        "Parameter",
        "Normalize",
        "Permute",
        "PriorBox",
        "DetectionOutput",
        "Interp",
        "Upsample",
    ]
)


def read_phase(text: str, source: str, phase: str) -> tuple[RawMap | None, list[Diagnostic]]:
    """The net as Caffe builds it for `phase` (TEST or TRAIN), as a convcalc spec's Raw tree."""
    try:
        root = parse(text, source)
    except _Problem as problem:
        return None, [problem.diagnostic]
    reader = _Reader(source, phase)
    try:
        legacy = _legacy_input(root)
    except _Problem as problem:
        reader.problems.append(problem.diagnostic)
        legacy = None
    if legacy is not None:
        blob, shape, where = legacy
        reader.input = (shape, where)
        reader.net.blobs[blob] = "input"
    layers = [*root.all("layer"), *root.all("layers")]
    for index, item in enumerate(layers):
        if not isinstance(item.value, _Message) or not _phase_included(item.value, phase):
            continue
        try:
            reader.layer(item.value, index)
        except _Problem as problem:
            reader.problems.append(problem.diagnostic)
        if reader.input_in_data:
            break  # without the input's shape nothing below can be checked
    for item in root.values:
        if item.key not in _NET_KEYS:
            reader.problems.append(
                UNKNOWN_FIELD.diagnostic(
                    f"a NetParameter has no field `{printable(item.key)}`",
                    item.key_location,
                    hint="Caffe refuses the file: check the spelling",
                )
            )
    if reader.input is None and reader.input_in_data:
        return None, reader.problems
    if reader.input is None:
        reader.problems.append(
            NOT_A_SPEC.diagnostic(
                "no input: no Input layer, legacy `input:` or Data layer with a crop size",
                Location(source, 1, 1),
                hint='add `layer { name: "data" type: "Input" top: "data" input_param { '
                "shape { dim: 1 dim: 3 dim: 224 dim: 224 } } }`",
            )
        )
        return None, reader.problems
    shape, where = reader.input
    name = str(root.get("name", source.rsplit("/", 1)[-1].removesuffix(".prototxt")))
    return spec_tree(name, "caffe", shape, where, reader.net.layers), reader.problems


# caffe.proto's LayerParameter and V1LayerParameter fields (BVLC/caffe master).
_LAYER_FIELDS = frozenset(
    [
        "name",
        "type",
        "bottom",
        "top",
        "phase",
        "loss_weight",
        "param",
        "blobs",
        "propagate_down",
        "include",
        "exclude",
        "transform_param",
        "loss_param",
        "accuracy_param",
        "argmax_param",
        "batch_norm_param",
        "bias_param",
        "clip_param",
        "concat_param",
        "contrastive_loss_param",
        "convolution_param",
        "crop_param",
        "data_param",
        "dropout_param",
        "dummy_data_param",
        "eltwise_param",
        "elu_param",
        "embed_param",
        "exp_param",
        "flatten_param",
        "hdf5_data_param",
        "hdf5_output_param",
        "hinge_loss_param",
        "image_data_param",
        "infogain_loss_param",
        "inner_product_param",
        "input_param",
        "log_param",
        "lrn_param",
        "memory_data_param",
        "mvn_param",
        "parameter_param",
        "pooling_param",
        "power_param",
        "prelu_param",
        "python_param",
        "recurrent_param",
        "reduction_param",
        "relu_param",
        "reshape_param",
        "scale_param",
        "sigmoid_param",
        "softmax_param",
        "spp_param",
        "slice_param",
        "swish_param",
        "tanh_param",
        "threshold_param",
        "tile_param",
        "window_data_param",
        "blob_share_mode",
        "blobs_lr",
        "weight_decay",
        "layer",
    ]
)
# The fields of the parameters whose values decide shapes.
_PARAM_FIELDS = {
    "convolution_param": frozenset(
        [
            "num_output",
            "bias_term",
            "pad",
            "kernel_size",
            "stride",
            "dilation",
            "pad_h",
            "pad_w",
            "kernel_h",
            "kernel_w",
            "stride_h",
            "stride_w",
            "group",
            "weight_filler",
            "bias_filler",
            "engine",
            "axis",
            "force_nd_im2col",
        ]
    ),
    "pooling_param": frozenset(
        [
            "pool",
            "pad",
            "pad_h",
            "pad_w",
            "kernel_size",
            "kernel_h",
            "kernel_w",
            "stride",
            "stride_h",
            "stride_w",
            "engine",
            "global_pooling",
            "round_mode",
        ]
    ),
    "inner_product_param": frozenset(
        ["num_output", "bias_term", "weight_filler", "bias_filler", "axis", "transpose"]
    ),
}

_NET_KEYS = frozenset(
    [
        "name",
        "input",
        "input_shape",
        "input_dim",
        "force_backward",
        "state",
        "debug_info",
        "layer",
        "layers",
    ]
)


def read(text: str, source: str) -> tuple[RawMap | None, list[Diagnostic]]:
    """The TEST phase (what a deploy runs); `read_phase` for TRAIN."""
    return read_phase(text, source, "TEST")
