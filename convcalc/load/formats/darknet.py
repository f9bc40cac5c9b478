"""Darknet `.cfg` files (pjreddie/darknet and AlexeyAB's fork) as convcalc specs.

Read as darknet's `read_cfg` reads them: `[section]` lines open a layer, `key=value` lines set
its options (the first of a repeated key wins, as `option_find` searches from the front), and
lines starting with `#` or `;` are comments. Layers are numbered from 0 after `[net]`, as darknet
prints them; each becomes one convcalc layer named by its number (`12`), plus a helper layer
where convcalc splits what darknet keeps in one (`12.bn` for `batch_normalize=1`, `12.flatten`
before `[connected]`). Darknet's arithmetic is written out explicitly (parse_convolutional,
parse_maxpool, … in src/parser.c of both repositories):

- `[convolutional]`: `pad=1` means padding `size/2` (else `padding=`), floor division;
- `[maxpool]`: padding `size−1` in total unless `padding=` says otherwise, `padding/2` of it
  before, output `(w + padding − size)/stride + 1`;
- `[route]`: the listed layers (negative: counted back from this one) concatenated on channels;
  one layer alone passes it on; `groups`/`group_id` (AlexeyAB) take one channel group;
- `[shortcut]`: the previous layer plus `from=`; `[upsample]` nearest by `stride`; `[reorg]`
  space-to-depth by `stride`; `[avgpool]` global; `[yolo]`, `[region]`, `[detection]`, `[cost]`
  pass their input on (heads: no parameters).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.core.records import field, mutable
from convcalc.core.specs import Location
from convcalc.load.formats._raw import LayerBuilder, spec_tree, too_many_digits
from convcalc.load.formats.recognition import DARKNET_NET_SECTIONS, DARKNET_SECTION
from convcalc.load.raw import RawMap
from convcalc.rules.table import (
    BAD_REFERENCE,
    NOT_A_SPEC,
    UNKNOWN_FIELD,
    UNKNOWN_KIND,
    WRONG_TYPE,
    YAML_SYNTAX,
)

# What darknet's atoi reads of a value: a leading whole number (`180###P6` is 180).
_LEADING_INTEGER = re.compile(r"[-+]?\d+")

# Darknet activations (get_activation in src/activations.c) by the Keras name convcalc shows
# for them; the shape and parameters are the same whatever the activation.
_ACTIVATIONS = {
    "linear": "linear",
    "relu": "relu",
    "relu6": "relu6",
    "leaky": "leaky_relu",
    "logistic": "sigmoid",
    "tanh": "tanh",
    "elu": "elu",
    "selu": "selu",
    "gelu": "gelu",
    "swish": "swish",
    "mish": "mish",
    "hard_mish": "mish",
    "softplus": "softplus",
    "loggy": "sigmoid",
    "hardtan": "linear",
    "lhtan": "linear",
    "relie": "relu",
    "ramp": "relu",
    "plse": "linear",
    "stair": "linear",
    "normalize_channels": "linear",
    "normalize_channels_softmax": "linear",
    "normalize_channels_softmax_maxval": "linear",
}

# Options that steer training, loading or printing, not the geometry: read and left alone.
_TRAINING = frozenset(
    [
        "stopbackward",
        "dontload",
        "dontloadscales",
        "dontsave",
        "learning_rate",
        "train_only_bn",
        "dont_update",
        "burnin_update",
        "onlyforward",
        "show_receptive_field",
        "numload",
        "smooth",
        "truth",
        "clip",
    ]
)


@mutable
class _Option:
    key: str
    text: str
    location: Location  # of the value
    key_location: Location


@mutable
class _Section:
    kind: str  # without brackets, lower case
    location: Location
    options: dict[str, _Option] = field(default_factory=dict)
    read: set[str] = field(default_factory=set)


class _Problem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _sections(text: str, source: str, problems: list[Diagnostic]) -> list[_Section]:
    sections: list[_Section] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        column = len(line) - len(line.lstrip()) + 1
        match = DARKNET_SECTION.match(line)
        if match is not None:
            sections.append(
                _Section(match.group(1).strip().lower(), Location(source, number, column))
            )
            continue
        if "=" not in stripped:
            problems.append(
                YAML_SYNTAX.diagnostic(
                    f"`{printable(stripped)}` is neither a `[section]` nor a `key=value` option",
                    Location(source, number, column),
                    hint='darknet skips such a line with "Config file error"; '
                    "write `key=value`, or start a comment with #",
                )
            )
            continue
        key_text, _, value_text = line.partition("=")
        key = "".join(key_text.split())
        value_column = len(key_text) + 1 + len(value_text) - len(value_text.lstrip()) + 1
        option = _Option(
            key,
            "".join(value_text.split()),  # darknet's strip() removes every space
            Location(source, number, value_column),
            Location(source, number, column),
        )
        if not sections:
            problems.append(
                YAML_SYNTAX.diagnostic(
                    f"option `{printable(key)}` before any [section]",
                    option.key_location,
                    hint="a Darknet config starts with [net]",
                )
            )
            continue
        sections[-1].options.setdefault(key, option)  # option_find: the first one wins
    return sections


class _Reader:
    """One section's options, read as darknet's option_find_* reads them."""

    def __init__(self, section: _Section) -> None:
        self.section = section

    def has(self, key: str) -> bool:
        return key in self.section.options

    def where(self, key: str) -> Location:
        option = self.section.options.get(key)
        return option.location if option else self.section.location

    def text(self, key: str, default: str) -> str:
        self.section.read.add(key)
        option = self.section.options.get(key)
        return option.text if option else default

    def integer(self, key: str, default: int) -> int:
        self.section.read.add(key)
        option = self.section.options.get(key)
        if option is None:
            return default
        number = _LEADING_INTEGER.match(option.text)
        if number is not None:
            refused = too_many_digits(number.group(), option.location)
            if refused is not None:
                raise _Problem(refused)
            return int(number.group())
        raise _Problem(
            WRONG_TYPE.diagnostic(
                f"[{self.section.kind}] {key}={printable(option.text)} is not a number",
                option.location,
                hint=f"write a whole number, as in {key}=1 (darknet's atoi reads 0 here)",
            )
        )

    def integers(self, key: str) -> list[tuple[int, Location]]:
        """A comma-separated list (`layers=-1,61`), each with the value's location."""
        self.section.read.add(key)
        option = self.section.options.get(key)
        if option is None:
            return []
        values = []
        for part in option.text.split(","):
            if not part:
                continue
            number = _LEADING_INTEGER.match(part)
            if number is not None:
                refused = too_many_digits(number.group(), option.location)
                if refused is not None:
                    raise _Problem(refused)
                values.append((int(number.group()), option.location))
                continue
            raise _Problem(
                WRONG_TYPE.diagnostic(
                    f"[{self.section.kind}] {key}: `{printable(part)}` is not a layer number",
                    option.location,
                    hint="layer numbers: absolute (from 0) or negative (counted back)",
                )
            )
        return values

    def activation(self, default: str) -> str:
        written = self.text("activation", default)
        if written not in _ACTIVATIONS:
            raise _Problem(
                UNKNOWN_FIELD.diagnostic(
                    f"unknown darknet activation `{printable(written)}`",
                    self.where("activation"),
                    hint="darknet knows " + ", ".join(sorted(_ACTIVATIONS)),
                )
            )
        return _ACTIVATIONS[written]


@mutable
class _Network:
    source: str
    layers: list[LayerBuilder] = field(default_factory=list)
    # Each darknet layer's convcalc layer whose output is that darknet layer's output.
    outputs: list[str] = field(default_factory=list)

    def previous(self, index: int) -> str:
        return self.outputs[index - 1] if index > 0 else "input"

    def add(self, layer: LayerBuilder) -> LayerBuilder:
        self.layers.append(layer)
        return layer

    def reference(self, index: int, written: int, location: Location, what: str) -> str:
        """The convcalc layer a darknet layer number points at (negative: counted back)."""
        target = index + written if written < 0 else written
        if not 0 <= target < index:
            last = index - 1
            raise _Problem(
                BAD_REFERENCE.diagnostic(
                    f"layer {index} ({what}) refers to layer {written}, which is "
                    + (
                        f"{index + written} counted back, before layer 0"
                        if written < 0
                        else ("this layer itself" if target == index else "not above it")
                    ),
                    location,
                    layer=str(index),
                    hint=f"refer to a layer above: 0 to {last}, or −1 to −{index}"
                    if index
                    else "the first layer has no layer above it to refer to",
                )
            )
        return self.outputs[target]


def _with_batchnorm(
    network: _Network, main: LayerBuilder, reader: _Reader, index: int
) -> LayerBuilder:
    """The layer, then its batch normalisation when `batch_normalize=1` (darknet keeps the bias
    with the normalisation: the layer itself has none)."""
    network.add(main)
    if reader.integer("batch_normalize", 0):
        main.set("bias", False, reader.where("batch_normalize"))
        return network.add(LayerBuilder("batchnorm", f"{index}.bn", main.location))
    return main


def _convolutional(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    size = reader.integer("size", 1)
    stride = reader.integer("stride", 1)
    stride_y = reader.integer("stride_y", stride)
    stride_x = reader.integer("stride_x", stride)
    padding = reader.integer("padding", 0)
    if reader.integer("pad", 0):
        padding = size // 2
    where_padding = reader.where("pad" if reader.has("pad") else "padding")
    layer = LayerBuilder("conv", name, reader.section.location)
    layer.set("filters", reader.integer("filters", 1), reader.where("filters"))
    layer.set("kernel", size, reader.where("size"))
    layer.set(
        "stride", stride if stride_x == stride_y else [stride_y, stride_x], reader.where("stride")
    )
    layer.set("padding", padding, where_padding)
    dilation = reader.integer("dilation", 1)
    if dilation != 1:
        layer.set("dilation", dilation, reader.where("dilation"))
    groups = reader.integer("groups", 1)
    if groups != 1:
        layer.set("groups", groups, reader.where("groups"))
    layer.set("activation", reader.activation("logistic"), reader.where("activation"))
    return _with_batchnorm(network, layer, reader, index)


def _deconvolutional(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    size = reader.integer("size", 1)
    padding = reader.integer("padding", 0)
    if reader.integer("pad", 0):
        padding = size // 2
    layer = LayerBuilder("conv_transpose", name, reader.section.location)
    layer.set("filters", reader.integer("filters", 1), reader.where("filters"))
    layer.set("kernel", size, reader.where("size"))
    layer.set("stride", reader.integer("stride", 1), reader.where("stride"))
    layer.set("padding", padding, reader.where("pad" if reader.has("pad") else "padding"))
    layer.set("activation", reader.activation("logistic"), reader.where("activation"))
    return _with_batchnorm(network, layer, reader, index)


def _connected(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    network.add(LayerBuilder("flatten", f"{index}.flatten", reader.section.location))
    layer = LayerBuilder("dense", name, reader.section.location)
    layer.set("units", reader.integer("output", 1), reader.where("output"))
    layer.set("activation", reader.activation("logistic"), reader.where("activation"))
    return _with_batchnorm(network, layer, reader, index)


def _sublayer(
    network: _Network,
    reader: _Reader,
    name: str,
    source: str,
    units: int,
    activation: str,
    batch_normalize: bool,
) -> str:
    """One of a recurrent layer's `make_connected_layer`s: a dense layer reading `source`, with
    its batch normalisation (`NAME.bn`, holding the bias) when the section asks for one."""
    here = reader.section.location
    layer = LayerBuilder("dense", name, here).set("from", source)
    layer.set("units", units, reader.where("output"))
    layer.set("activation", activation, reader.where("activation"))
    network.add(layer)
    if not batch_normalize:
        return name
    layer.set("bias", False, reader.where("batch_normalize"))
    network.add(LayerBuilder("batchnorm", f"{name}.bn", here))
    return f"{name}.bn"


def _previous_state(network: _Network, reader: _Reader, name: str, like: str) -> str:
    """The state a recurrent layer carries from the previous time step (zeros at the first): a
    tensor of the state's size, which one step of the layer reads beside its input. It is
    written as an `identity` of a layer of that size, so the step's arithmetic can be checked."""
    state = f"{name}.previous_state"
    network.add(LayerBuilder("identity", state, reader.section.location).set("from", like))
    return state


def _rnn(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    """[rnn] (rnn_layer.c): three connected layers — input (inputs → hidden), self (the previous
    state, hidden → hidden) and output (the state, hidden → output) — the state being the sum of
    the first two (plus the old state with `shortcut=1`). pjreddie's darknet makes every one of
    them `output` wide and ignores `hidden`; AlexeyAB's reads `hidden`: it is read here when
    written, which is the same wherever the two agree (pjreddie's cfgs write hidden = output)."""
    here = reader.section.location
    output = reader.integer("output", 1)
    hidden = reader.integer("hidden", output) if reader.has("hidden") else output
    activation = reader.activation("logistic")
    batch_normalize = bool(reader.integer("batch_normalize", 0))
    reader.integer("shortcut", 0)  # adds the old state: no weights, no change of shape
    reader.integer("logistic", 0)
    flat = network.add(LayerBuilder("flatten", f"{index}.flatten", here)).name
    x = _sublayer(
        network, reader, f"{index}.input_layer", flat, hidden, activation, batch_normalize
    )
    previous = _previous_state(network, reader, name, x)
    h = _sublayer(
        network, reader, f"{index}.self_layer", previous, hidden, activation, batch_normalize
    )
    state = network.add(LayerBuilder("add", f"{index}.state", here).set("from", [x, h])).name
    _sublayer(network, reader, f"{index}.output_layer", state, output, activation, batch_normalize)
    return network.layers[-1]


def _gru(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    """[gru] (gru_layer.c): six linear connected layers, `output` wide — uz, ur, uh on the
    input, wz, wr on the previous state, wh on the state times the reset gate r; z and r are
    logistic, h is tanh with `tanh=1` (else logistic); the output, z·h + (1 − z)·state, is the
    next state."""
    here = reader.section.location
    output = reader.integer("output", 1)
    batch_normalize = bool(reader.integer("batch_normalize", 0))
    h_activation = "tanh" if reader.integer("tanh", 0) else "sigmoid"
    flat = network.add(LayerBuilder("flatten", f"{index}.flatten", here)).name

    def connected(part: str, source: str) -> str:
        return _sublayer(
            network, reader, f"{index}.{part}", source, output, "linear", batch_normalize
        )

    def step(kind: str, part: str, inputs: list[str]) -> str:
        layer = LayerBuilder(kind, f"{index}.{part}", here)
        return network.add(layer.set("from", inputs if len(inputs) > 1 else inputs[0])).name

    uz, ur, uh = (connected(part, flat) for part in ("uz", "ur", "uh"))
    state = _previous_state(network, reader, name, uz)
    z = step("sigmoid", "z", [step("add", "z_sum", [uz, connected("wz", state)])])
    r = step("sigmoid", "r", [step("add", "r_sum", [ur, connected("wr", state)])])
    reset = step("multiply", "reset_state", [state, r])
    h = step(h_activation, "h", [step("add", "h_sum", [uh, connected("wh", reset)])])
    updated = step("multiply", "update", [z, h])
    kept = step("multiply", "keep", [z, state])  # (1 − z)·state: the gate's complement
    step("add", "output", [updated, kept])
    return network.layers[-1]


def _local(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    size = reader.integer("size", 1)
    layer = LayerBuilder("locally_connected", name, reader.section.location)
    layer.set("filters", reader.integer("filters", 1), reader.where("filters"))
    layer.set("kernel", size, reader.where("size"))
    layer.set("stride", reader.integer("stride", 1), reader.where("stride"))
    # make_local_layer: `pad` means size/2 on each side, as for a convolution.
    layer.set("padding", size // 2 if reader.integer("pad", 0) else 0, reader.where("pad"))
    layer.set("activation", reader.activation("logistic"), reader.where("activation"))
    return network.add(layer)


def _maxpool(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    stride = reader.integer("stride", 1)
    stride_x = reader.integer("stride_x", stride)
    stride_y = reader.integer("stride_y", stride)
    size = reader.integer("size", stride)
    padding = reader.integer("padding", size - 1)
    for unsupported in ("maxpool_depth", "out_channels"):
        if reader.integer(unsupported, 0):
            raise _Problem(
                UNKNOWN_FIELD.diagnostic(
                    f"[maxpool] {unsupported} (pooling across channels) is not read by convcalc",
                    reader.where(unsupported),
                    layer=name,
                    hint="remove it to check the spatial pooling alone",
                )
            )
    layer = LayerBuilder("maxpool", name, reader.section.location)
    layer.set("kernel", size, reader.where("size"))
    layer.set(
        "stride", stride if stride_x == stride_y else [stride_y, stride_x], reader.where("stride")
    )
    # forward_maxpool_layer starts at −padding/2: the rest of the padding is after.
    before = padding // 2
    layer.set("padding", [[before, padding - before]] * 2, reader.where("padding"))
    return network.add(layer)


def _local_avgpool(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    stride = reader.integer("stride", 1)
    stride_x = reader.integer("stride_x", stride)
    stride_y = reader.integer("stride_y", stride)
    size = reader.integer("size", stride)
    padding = reader.integer("padding", size - 1)
    layer = LayerBuilder("avgpool", name, reader.section.location)
    layer.set("kernel", size, reader.where("size"))
    layer.set(
        "stride", stride if stride_x == stride_y else [stride_y, stride_x], reader.where("stride")
    )
    before = padding // 2
    layer.set("padding", [[before, padding - before]] * 2, reader.where("padding"))
    return network.add(layer)


def _route(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    written = reader.integers("layers")
    if not written:
        raise _Problem(
            UNKNOWN_FIELD.diagnostic(
                "[route] without `layers=`",
                reader.section.location,
                layer=name,
                hint="name the layers to route, as in layers=-1,61",
            )
        )
    sources = [network.reference(index, n, where, "[route]") for n, where in written]
    groups = reader.integer("groups", 1)
    group_id = reader.integer("group_id", 0)
    if groups != 1 or group_id != 0:
        joined = sources[0]
        if len(sources) > 1:
            joined = f"{index}.concat"
            network.add(
                LayerBuilder("concat", joined, reader.section.location).set(
                    "from", sources, reader.where("layers")
                )
            )
        layer = LayerBuilder("channel_slice", name, reader.section.location)
        layer.set("from", joined, reader.where("layers"))
        layer.set("parts", groups, reader.where("groups"))
        layer.set("part", group_id, reader.where("group_id"))
        return network.add(layer)
    if len(sources) == 1:
        layer = LayerBuilder("identity", name, reader.section.location)
        return network.add(layer.set("from", sources[0], reader.where("layers")))
    layer = LayerBuilder("concat", name, reader.section.location)
    return network.add(layer.set("from", sources, reader.where("layers")))


def _joined(kind: str) -> Callable[[_Network, _Reader, int, str], LayerBuilder]:
    """[shortcut] (add), [sam] (multiply) and [scale_channels] (multiply, the channel weights
    broadcast): the previous layer joined with `from=`."""

    def read(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
        written = reader.integers("from")
        if not written:
            raise _Problem(
                UNKNOWN_FIELD.diagnostic(
                    f"[{reader.section.kind}] without `from=`",
                    reader.section.location,
                    layer=name,
                    hint="name the layer to join, as in from=-3",
                )
            )
        sources = [
            network.reference(index, n, where, f"[{reader.section.kind}]") for n, where in written
        ]
        reader.activation("linear")
        layer = LayerBuilder(kind, name, reader.section.location)
        return network.add(
            layer.set("from", [network.previous(index), *sources], reader.where("from"))
        )

    return read


def _upsample(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    stride = reader.integer("stride", 2)
    if stride < 0:
        # make_upsample_layer: a negative stride downsamples by its size (w / stride).
        layer = LayerBuilder("avgpool", name, reader.section.location)
        layer.set("kernel", -stride, reader.where("stride"))
        return network.add(layer)
    layer = LayerBuilder("upsample", name, reader.section.location)
    return network.add(layer.set("scale", stride, reader.where("stride")))


def _reorg(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    extra = reader.integer("extra", 0)
    if extra:
        # pjreddie's `extra=N` (go.cfg: the board and a "pass" move) copies its input as it is,
        # flat, into an output N values longer that are left zero (forward_reorg_layer); the
        # stride is not applied.
        here, at = reader.section.location, reader.where("extra")
        network.add(LayerBuilder("flatten", f"{index}.flatten", here))
        network.add(LayerBuilder("reshape", f"{index}.as_sequence", here).set("shape", [-1, 1]))
        padded = LayerBuilder("zeropad", f"{index}.extra", here).set("padding", [[0, extra]], at)
        network.add(padded)
        return network.add(LayerBuilder("flatten", name, here))
    if reader.integer("reverse", 0):
        layer = LayerBuilder("pixel_shuffle", name, reader.section.location)
    else:
        layer = LayerBuilder("pixel_unshuffle", name, reader.section.location)
    return network.add(layer.set("factor", reader.integer("stride", 1), reader.where("stride")))


def _crop(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    layer = LayerBuilder("center_crop", name, reader.section.location)
    height = reader.integer("crop_height", 1)
    width = reader.integer("crop_width", 1)
    return network.add(layer.set("size", [height, width], reader.where("crop_height")))


def _passing(kind: str) -> Callable[[_Network, _Reader, int, str], LayerBuilder]:
    """A layer whose output is its input: heads, cost, dropout, softmax, activations."""

    def read(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
        layer = LayerBuilder(kind, name, reader.section.location)
        if kind == "dropout":
            layer.set("rate", float(reader.text("probability", "0.5")), reader.where("probability"))
        return network.add(layer)

    return read


def _global_avgpool(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    return network.add(LayerBuilder("global_avgpool", name, reader.section.location))


def _batchnorm(network: _Network, reader: _Reader, index: int, name: str) -> LayerBuilder:
    return network.add(LayerBuilder("batchnorm", name, reader.section.location))


_Read = Callable[[_Network, _Reader, int, str], LayerBuilder]

# Every section darknet's string_to_layer_type knows, by its names; the options each reads (the
# others are unknown options: darknet ignores them with "Unused field").
_SECTIONS: dict[str, tuple[_Read, str]] = {}


def _register(names: str, read: _Read, options: str) -> None:
    for name in names.split():
        _SECTIONS[name] = (read, options)


_register(
    "convolutional conv",
    _convolutional,
    "filters size stride stride_x stride_y pad padding dilation groups activation "
    "batch_normalize binary xnor flipped dot antialiasing share_index assisted_excitation "
    "bin_output sway rotate stretch stretch_sway angle coordconv cbn grad_centr reverse stream "
    "wait_stream",
)
_register(
    "deconvolutional deconv",
    _deconvolutional,
    "filters size stride pad padding activation batch_normalize",
)
_register("connected conn", _connected, "output activation batch_normalize")
_register("local", _local, "filters size stride pad activation")
_register("rnn", _rnn, "output hidden activation batch_normalize shortcut logistic")
_register("gru", _gru, "output batch_normalize tanh")
_register(
    "maxpool max",
    _maxpool,
    "size stride stride_x stride_y padding maxpool_depth out_channels antialiasing "
    "maxpool_zero_nonmax",
)
_register("local_avgpool local_avg", _local_avgpool, "size stride stride_x stride_y padding")
_register("avgpool avg", _global_avgpool, "")
_register("route", _route, "layers groups group_id stream wait_stream")
_register(
    "shortcut", _joined("add"), "from activation weights_type weights_normalization alpha beta"
)
_register("sam", _joined("multiply"), "from activation")
_register("scale_channels", _joined("multiply"), "from activation scale_wh")
_register("upsample", _upsample, "stride scale")
_register("reorg reorg3d", _reorg, "stride reverse extra flatten")
_register("crop", _crop, "crop_height crop_width flip angle saturation exposure shift noadjust")
_register(
    "dropout", _passing("dropout"), "probability dropblock dropblock_size_abs dropblock_size_rel"
)
_register("softmax soft", _passing("softmax"), "groups temperature tree spatial noloss")
_register("batchnorm", _batchnorm, "")
_register("activation", _passing("identity"), "activation")
_register("normalization lrn", _passing("identity"), "size alpha beta kappa")
_register("empty silence", _passing("identity"), "")
_register(
    "yolo gaussian_yolo",
    _passing("identity"),
    "mask anchors classes num jitter ignore_thresh truth_thresh random max map scale_x_y "
    "iou_normalizer cls_normalizer obj_normalizer delta_normalizer iou_loss iou_thresh_kind "
    "beta_nms nms_kind iou_thresh label_smooth_eps focal_loss max_delta objectness_smooth "
    "new_coords counters_per_class resize track_history_size sim_thresh dets_for_track "
    "dets_for_show track_ciou_norm embedding_layer show_details uc_normalizer",
)
_register(
    "region",
    _passing("identity"),
    "anchors classes coords num softmax jitter rescore thresh random absolute bias_match "
    "object_scale noobject_scale class_scale coord_scale mask_scale classfix log sqrt tree map "
    "max focal_loss resize background",
)
_register(
    "detection",
    _passing("identity"),
    "classes coords rescore side num softmax sqrt jitter object_scale noobject_scale "
    "class_scale coord_scale forced random reorg max resize",
)
_register("cost", _passing("identity"), "type scale ratio noobj thresh")

_HEADS = frozenset({"yolo", "gaussian_yolo", "region", "detection"})

# Sections darknet reads that convcalc cannot compute (recurrent layers and the like).
_NOT_READ = frozenset(
    [
        "lstm",
        "crnn",
        "conv_lstm",
        "history",
        "contrastive",
        "implicit",
        "iseg",
        "xnor",
        "l2norm",
        "logistic",
    ]
)


def _input(net: _Section, problems: list[Diagnostic]) -> tuple[list[int], Location]:
    reader = _Reader(net)
    height, width = reader.integer("height", 0), reader.integer("width", 0)
    channels = reader.integer("channels", 0)
    where = reader.where("height" if reader.has("height") else "width")
    if height and width and channels:
        return [height, width, channels], where
    inputs = reader.integer("inputs", 0)
    if inputs:
        return [inputs], reader.where("inputs")
    problems.append(
        NOT_A_SPEC.diagnostic(
            "[net] gives no input size: width, height and channels (or inputs) are missing",
            net.location,
            hint="write width=416, height=416 and channels=3 under [net]",
        )
    )
    return [1, 1, 1], net.location


def _unknown_options(section: _Section, allowed: frozenset[str], name: str) -> list[Diagnostic]:
    found = []
    for key, option in section.options.items():
        if key in allowed or key in _TRAINING or key in section.read:
            continue
        found.append(
            UNKNOWN_FIELD.diagnostic(
                f"[{section.kind}] has no option `{printable(key)}`; darknet ignores it "
                '("Unused field")',
                option.key_location,
                layer=name,
                hint="check the spelling against darknet's parser.c, or remove the line",
            )
        )
    return found


def read(text: str, source: str) -> tuple[RawMap | None, list[Diagnostic]]:
    """The cfg as a convcalc spec's Raw tree, each value at its place in the cfg."""
    problems: list[Diagnostic] = []
    sections = _sections(text, source, problems)
    if not sections or sections[0].kind not in DARKNET_NET_SECTIONS:
        where = sections[0].location if sections else Location(source, 1, 1)
        problems.append(
            NOT_A_SPEC.diagnostic(
                "not a Darknet config: it does not start with a [net] section",
                where,
                hint="a Darknet .cfg starts with [net] (width, height, channels); "
                "use --from to say what the file is",
            )
        )
        return None, problems
    shape, input_location = _input(sections[0], problems)
    network = _Network(source)
    for index, section in enumerate(sections[1:]):
        name = str(index)
        entry = _SECTIONS.get(section.kind)
        try:
            if entry is None:
                known = section.kind in _NOT_READ
                raise _Problem(
                    UNKNOWN_KIND.diagnostic(
                        f"[{printable(section.kind)}] "
                        + (
                            "is a darknet layer convcalc does not compute"
                            if known
                            else "is not a darknet layer type"
                        )
                        + "; it is passed over (its input passed on)",
                        section.location,
                        layer=name,
                        hint="the layers after it are checked with its input's shape"
                        if known
                        else "darknet aborts on an unknown [section]: check the spelling",
                    )
                )
            reader_function, options = entry
            produced = reader_function(network, _Reader(section), index, name)
            if section.kind not in _HEADS and section.kind != "cost":
                # A head's other options tune its loss (AlexeyAB's cfgs carry some no parser
                # reads); elsewhere a misspelt option silently leaves a default in place.
                problems.extend(_unknown_options(section, frozenset(options.split()), name))
        except _Problem as problem:
            problems.append(problem.diagnostic)
            produced = network.add(LayerBuilder("identity", name, section.location))
        network.outputs.append(produced.name)
    name = source.rsplit("/", 1)[-1].removesuffix(".cfg")
    # A detector's outputs are its heads (yolov3: three [yolo] scales), not only the last layer.
    heads = [
        network.outputs[index]
        for index, section in enumerate(sections[1:])
        if section.kind in _HEADS and index < len(network.outputs)
    ]
    outputs = heads if len(heads) > 1 else []
    return spec_tree(name, "darknet", shape, input_location, network.layers, outputs), problems
