"""Every diagnostic convcalc reports: its code, name, default severity, the stage that reports it
and what it means. The loader, the code selection (--select, --ignore) and the reporters read this
table alone; the checks (convcalc/rules/checks.py, one module per rule named after it) are loaded
only by the calculator."""

from __future__ import annotations

import re
from typing import Literal

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.records import frozen
from convcalc.core.specs import Location

# load:    reported by a loader while reading the spec (syntax, unknown names, wrong types)
# network: checks the network as a whole before any layer
# spec:    checks one layer's settings against its input; an error stops that layer's calculation
# layer:   checks one layer's calculated geometry
Stage = Literal["load", "network", "spec", "layer"]


@frozen(slots=True)
class Rule:
    id: str  # the code, CCnnn
    name: str
    severity: Severity
    stage: Stage
    doc: str  # prose; readers join its words, so line breaks and indents do not show
    example: str = ""
    strict: bool = False  # --strict makes it an error

    @property
    def anchor(self) -> str:
        """GitHub's anchor of the rule's heading in docs/diagnostics.md, `## CC103 unread-input`."""
        return re.sub(r"[^a-z0-9 _-]", "", f"{self.id} {self.name}".lower()).replace(" ", "-")

    def diagnostic(
        self,
        message: str,
        location: Location | None,
        *,
        hint: str | None = None,
        layer: str | None = None,
        use_sites: tuple[Location, ...] = (),
        strict: bool = False,
    ) -> Diagnostic:
        """A diagnostic of this rule; `strict` (--strict) makes an error of a rule marked strict."""
        severity = Severity.ERROR if strict and self.strict else self.severity
        return Diagnostic(self.id, self.name, severity, message, hint, layer, location, use_sites)


YAML_SYNTAX = Rule(
    id="CC001",
    name="yaml-syntax",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        The file is not valid YAML (or not UTF-8 text), so it cannot be read as a spec.
    """,
    example="""layers:
  - {type: conv, filters: 8""",
)

MISSING_FIELD = Rule(
    id="CC002",
    name="missing-field",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        A required key is missing: `input` or `layers` at the top, `type` on a layer, or a field the
        layer kind needs (`filters` and `kernel` for conv, `units` for dense).
    """,
    example="""layers:
  - {type: conv, kernel: 3}   # no filters""",
)

UNKNOWN_FIELD = Rule(
    id="CC003",
    name="unknown-field",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        A key that the spec format or the layer kind does not know. The hint suggests the closest
        known name when it is close; aliases such as `kernel_size` or `out_channels` are accepted. A
        PyTorch or Keras argument convcalc does not read (`kernel_initializer`, `inplace`,
        `data_format`, Keras' `activation` on a layer that has none) is named as such, with what to
        do instead.
    """,
    example="""  - {type: conv, filters: 8, kernel: 3, strid: 2}""",
)

WRONG_TYPE = Rule(
    id="CC004",
    name="wrong-type",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        A value of the wrong type: text where a number is expected, a list of the wrong form, an
        unknown padding keyword.
    """,
    example="""  - {type: conv, filters: eight, kernel: 3}""",
)

DUPLICATE_KEY = Rule(
    id="CC005",
    name="duplicate-key",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        The same key twice in one mapping (or a field and its alias, such as `kernel` and
        `kernel_size`). YAML loaders usually keep the last one silently; convcalc refuses to guess.
    """,
    example="""  - {type: conv, filters: 8, kernel: 3, kernel: 5}""",
)

DUPLICATE_NAME = Rule(
    id="CC006",
    name="duplicate-name",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        Two layers with the same `name`. Names identify layers in diagnostics and overrides, so they
        must be unique.
    """,
    example="""  - {type: conv, name: stem, filters: 8, kernel: 3}
  - {type: conv, name: stem, filters: 8, kernel: 3}""",
)

UNKNOWN_KIND = Rule(
    id="CC007",
    name="unknown-kind",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        A layer `type` that is not in the layer registry. PyTorch and Keras spellings (`Conv2d`,
        `MaxPooling2D`, `Linear`) are accepted case-insensitively; `convcalc kinds` lists them. A
        PyTorch or Keras layer convcalc does not have yet (`LSTM`, `RepeatVector`,
        `AlphaDropout`) is named as such, with what stands in for it where something does
        (`identity` for an elementwise layer); otherwise the hint suggests a close spelling, only
        when it is close (a letter or two).
    """,
    example="""  - {type: convolution_transposed, filters: 8}""",
)

NOT_A_SPEC = Rule(
    id="CC008",
    name="not-a-spec",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        The document is not a spec: it is empty, a list or a scalar instead of a mapping with
        `input` and `layers`, or nested or aliased past convcalc's limits. A file named to be
        checked that is clearly something else gets this one message instead of one per key: another
        framework's model config (Ultralytics' `backbone:`/`head:`, Keras' `class_name:`/`config:`),
        or a document without `input` whose `layers` holds no layers (a training config's `layers:
        [2, 2, 2, 2]`).
    """,
    example="""- conv
- relu""",
)

INPUT_COUNT = Rule(
    id="CC009",
    name="input-count",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        A layer gets the wrong number of inputs through `from`: a join (`add`, `concat`, `multiply`)
        needs at least two, every other kind exactly one.
    """,
    example="  - {type: conv, name: a, filters: 8, kernel: 3}\n"
    "  - {type: conv, name: b, from: input, filters: 8, kernel: 3}\n"
    "  - {type: conv, filters: 8, kernel: 3, from: [a, b]}",
)

BAD_REFERENCE = Rule(
    id="CC015",
    name="bad-reference",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        A `from:` or `outputs:` reference that names no earlier layer: an unknown name, a layer
        defined further down (a forward reference; layers are wired in the order they are written,
        so cycles cannot be written), or a layer's own name. Inside a block, references name the
        block's own layers or `input`, the block's input.
    """,
    example="  - {type: add, from: [conv2, shortcutt]}",
)

BAD_BLOCK = Rule(
    id="CC016",
    name="bad-block",
    severity=Severity.ERROR,
    stage="load",
    doc="""
        A block definition or use that cannot be expanded: a block that uses itself (directly or
        through another block), nesting deeper than 16 levels, more than 20,000 layers after
        expansion, a `repeat` below 1, an argument the block does not declare or a required one left
        out, or a `$name` that is not one of the block's arguments.
    """,
    example="input: [32, 32, 3]\nblocks:\n  pair:\n    args: {width: null}\n    layers:\n"
    "      - {type: conv, filters: $widht, kernel: 3}\nlayers:\n  - {type: pair, width: 8}",
)

VALUE_OUT_OF_RANGE = Rule(
    id="CC010",
    name="value-out-of-range",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A number outside the range its field allows: a size, kernel, stride, dilation, filter or
        unit count below 1, negative padding, or a dropout rate outside [0, 1). Also a size, count
        or receptive field the calculator computes with more digits than the `max-computed-digits`
        limit allows (later layers are then not computed).
    """,
    example="  - {type: conv, filters: 8, kernel: 3, stride: 0}",
)

RANK_MISMATCH = Rule(
    id="CC011",
    name="rank-mismatch",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A layer's settings do not match the number of spatial dimensions of its input: `conv2d` on a
        1-D signal, a kernel with three values on an image, `causal` padding on anything but 1-D.
    """,
    example="input: [100, 16]\nlayers:\n  - {type: conv2d, filters: 8, kernel: 3}",
)

INVALID_INPUT = Rule(
    id="CC012",
    name="invalid-input",
    severity=Severity.ERROR,
    stage="network",
    doc="""
        The network's `input` has a size or channel count below 1.
    """,
    example="input: [0, 224, 3]\nlayers:\n  - relu",
)

INPUT_CHANNEL_ORDER = Rule(
    id="CC209",
    name="input-channel-order",
    severity=Severity.WARNING,
    stage="network",
    doc="""
        An image `input` that looks written in PyTorch's channels-first order (`[3, 224, 224]`)
        while the spec's layout is `hwc`, where the channels come last: convcalc would read a 3×224
        image with 224 channels and check a nonsense net. It looks channels-first when it has two or
        three spatial dimensions, its first size is a usual image channel count (1, 3 or 4: grey,
        RGB, RGBA) and every other size is at least 16, so a spatial size rather than a channel
        count. Feature maps that really start 1, 3 or 4 high (`[3, 3, 512]`, `[1, 1, 64]`) do not
        match. The fix is `layout: chw`, or the input written as `[224, 224, 3]`. The mirror case,
        `layout: chw` with an input such as `[224, 224, 3]`, is reported too.
    """,
    example="input: [3, 224, 224]\nlayers:\n  - {type: conv, filters: 64, kernel: 7, stride: 2}",
)

NEEDS_SPATIAL_INPUT = Rule(
    id="CC013",
    name="needs-spatial-input",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A convolution or pooling layer after the input has been flattened: it has no spatial
        dimensions left to slide over.
    """,
    example="  - flatten\n  - {type: conv, filters: 8, kernel: 3}",
)

SAME_PADDING_STRIDE = Rule(
    id="CC014",
    name="same-padding-stride",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        `padding: same` with a stride above 1. PyTorch refuses it ("padding='same' is not supported
        for strided convolutions"); TensorFlow's rule (output = ceil(L / s)) is a different network,
        and with `--framework tensorflow` it is the one applied, for any stride.
    """,
    example="  - {type: conv, filters: 8, kernel: 3, stride: 2, padding: same}",
)

OUTPUT_PADDING_TOO_LARGE = Rule(
    id="CC109",
    name="output-padding-too-large",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A transposed convolution's `output_padding` is not below its stride or its dilation.
        PyTorch: "output padding must be smaller than either stride or dilation" (checked per
        dimension): the extra rows only choose among the output sizes that a strided convolution
        maps back onto the same input size. With `--framework tensorflow`, Keras demands it below
        the stride alone ("`output_padding` must be strictly less than `strides`"). The same
        for PyTorch's `output_size` given at call time,
        which chooses `output_padding`: "requested an output size of [15, 15], but valid sizes
        range from [13, 13] to [14, 14] (for an input of [7, 7])".
    """,
    example="  - {type: conv_transpose, filters: 8, kernel: 3, stride: 2, output_padding: 2}",
)

SCALE_OR_SIZE = Rule(
    id="CC111",
    name="scale-or-size",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        An upsampling layer needs exactly one of `scale` and `size`. PyTorch: "either size or
        scale_factor should be defined" / "only one of size or scale_factor should be defined".
        With a second input, whose size the output takes (`F.interpolate(x,
        size=reference.shape[2:])`), neither is written, and the second input must be a map of
        the first's number of dimensions.
    """,
    example="  - {type: upsample, scale: 2, size: 64}",
)

UPSAMPLE_MODE = Rule(
    id="CC112",
    name="upsample-mode",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        An upsampling mode used on the wrong number of spatial dimensions, or `align_corners` with a
        nearest mode. PyTorch: "Got 4D input, but linear mode needs 3D input" (linear is for 1-D,
        bilinear and bicubic for 2-D, trilinear for 3-D); "align_corners option can only be set with
        the interpolating modes" (even `align_corners: false`).
    """,
    example="input: [100, 16]\nlayers:\n  - {type: upsample, scale: 2, mode: bilinear}",
)

CEIL_MODE_TENSORFLOW = Rule(
    id="CC113",
    name="ceil-mode-tensorflow",
    severity=Severity.WARNING,
    stage="spec",
    doc="""
        `ceil_mode` in TensorFlow mode. TensorFlow's pooling has no ceil mode (its output sizes come
        from `valid` or `same` padding), so the layer would not exist as written; convcalc still
        applies PyTorch's ceil rule to the shape.
    """,
    example="# convcalc check --framework tensorflow\n"
    "  - {type: maxpool, kernel: 2, ceil_mode: true}",
)

STRIDED_DILATION_TENSORFLOW = Rule(
    id="CC114",
    name="strided-dilation-tensorflow",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        In TensorFlow mode, a convolution with both a stride and a dilation above 1. Keras refuses
        it: "`strides > 1` not supported in conjunction with `dilation_rate > 1`" (PyTorch allows
        it).
    """,
    example="# convcalc check --framework tensorflow\n"
    "  - {type: conv, filters: 8, kernel: 3, stride: 2, dilation: 2}",
)

INSTANCENORM_SINGLE_POSITION = Rule(
    id="CC115",
    name="instancenorm-single-position",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        Instance normalisation of an input with a single spatial position: each channel would be
        normalised over one value (always 0). PyTorch: "Expected more than 1 spatial element when
        training" (also in evaluation unless running statistics are tracked).
    """,
    example="input: [1, 1, 64]\nlayers:\n  - instancenorm",
)

KERNEL_EXCEEDS_INPUT = Rule(
    id="CC101",
    name="kernel-exceeds-input",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        A convolution kernel (dilated, `d*(k-1)+1`) is larger than its padded input, so not even one
        window fits. PyTorch: "Kernel size can't be greater than actual input size".
    """,
    example="input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}",
)

OUTPUT_TOO_SMALL = Rule(
    id="CC102",
    name="output-too-small",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        A pooling layer's output would have a size below 1. PyTorch: "Output size is too small".
    """,
    example="input: [2, 2, 8]\nlayers:\n  - {type: maxpool, kernel: 3}",
)

UNREAD_INPUT = Rule(
    id="CC103",
    name="unread-input",
    severity=Severity.WARNING,
    stage="layer",
    strict=True,
    doc="""
        `(W - F + 2P)/S + 1` is not whole and the floor drops real input: the last rows or columns
        of the input are never read by any window. PyTorch (and every framework) silently floors.
        The hint gives the nearest input sizes, or the extra padding, that make the division exact.
        Not reported when the stride is larger than the kernel: such a layer skips pixels between
        windows by design (the 1×1 stride-2 shortcut of ResNet).
    """,
    example="input: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}",
)

PADDING_REMAINDER = Rule(
    id="CC104",
    name="padding-remainder",
    severity=Severity.INFO,
    stage="layer",
    strict=True,
    doc="""
        `(W - F + 2P)/S + 1` is not whole, but what the floor drops is only padding: every real
        input pixel is still read (ResNet's 3x3 stride-2 pad-1 convolutions on even sizes).
        Informational; `--strict` makes it an error, as the textbook rule demands a whole result.
    """,
    example="input: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 64, kernel: 7, stride: 2, "
    "padding: 3}",
)

PARTIAL_WINDOW = Rule(
    id="CC105",
    name="partial-window",
    severity=Severity.INFO,
    stage="layer",
    strict=True,
    doc="""
        Pooling in ceil mode where the division is not whole: the last window hangs past the padded
        input and pools fewer values. Informational; `--strict` makes it an error.
    """,
    example="input: [7, 7, 8]\nlayers:\n  - {type: maxpool, kernel: 2, ceil_mode: true}",
)

POOL_PADDING_TOO_LARGE = Rule(
    id="CC106",
    name="pool-padding-too-large",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        Pooling padding above half the kernel: a window could then cover only padding. PyTorch: "pad
        should be at most half of effective kernel size".
    """,
    example="  - {type: maxpool, kernel: 2, padding: 2}",
)

POOL_KERNEL_EXCEEDS_INPUT = Rule(
    id="CC107",
    name="pool-kernel-exceeds-input",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        3-D average pooling with a kernel larger than the input before padding. PyTorch's AvgPool3d
        refuses it ("input image smaller than kernel size") even when padding or ceil mode would
        give an output; 1-D and 2-D pooling only need an output of at least 1.
    """,
    example="input: [2, 8, 8, 4]\nlayers:\n  - {type: avgpool, kernel: 3, padding: 1}",
)

EMPTY_OUTPUT = Rule(
    id="CC108",
    name="empty-output",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        A transposed convolution or upsampling layer whose output would have a size below 1.
        PyTorch: "Calculated output size per channel: (1 x -1). Output size is too small"
        (ConvTranspose) and "Input and output sizes should be greater than 0" (Upsample).
    """,
    example="input: [4, 4, 8]\nlayers:\n  - {type: conv_transpose, filters: 8, kernel: 1, "
    "padding: 2}",
)

PAD_TOO_LARGE = Rule(
    id="CC110",
    name="pad-too-large",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        Reflection or circular padding larger than the input allows. Reflect padding mirrors the
        input without its edge pixel, so each side must be below the input size (PyTorch: "Padding
        size should be less than the corresponding input dimension"); circular padding wraps the
        input around once at most, so each side must be at most the input size (PyTorch: "Padding
        value causes wrapping around more than once"). Replicate and zero padding have no limit.
        Applies to the padding layers and to a convolution's `padding_mode`.
    """,
    example="input: [3, 3, 8]\nlayers:\n  - {type: reflection_pad, padding: 3}",
)

GROUPS_MISMATCH = Rule(
    id="CC201",
    name="groups-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        Grouped convolution whose input or output channels are not divisible by `groups`, or a
        channel shuffle whose input channels are not. PyTorch: "in_channels must be divisible by
        groups" / "out_channels must be divisible by groups"; ChannelShuffle: "Number of
        channels must be divisible by groups".
    """,
    example="input: [32, 32, 6]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, groups: 4}",
)

IN_CHANNELS_MISMATCH = Rule(
    id="CC202",
    name="in-channels-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        A layer declares `in_channels` (or `num_features`) that differs from the channels its input
        actually has. PyTorch fails at the first forward pass.
    """,
    example="input: [32, 32, 3]\nlayers:\n  - {type: conv, in_channels: 1, filters: 8, kernel: 3}",
)

IN_FEATURES_MISMATCH = Rule(
    id="CC203",
    name="in-features-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        A dense layer declares `in_features` that differs from the size of its (flat) input.
        PyTorch: "mat1 and mat2 shapes cannot be multiplied".
    """,
    example="input: [784]\nlayers:\n  - {type: dense, in_features: 512, units: 10}",
)

DENSE_NEEDS_FLAT = Rule(
    id="CC204",
    name="dense-needs-flat",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        A dense layer on an input that still has spatial dimensions. convcalc reports it and carries
        on as if a `flatten` were there, so the layers after it are still checked. After a global
        pool that keeps its 1×…×1 dimensions (`global_avgpool`, `gap`, or `keepdims: true`) the hint
        also names `keepdims: false` on that pool.
    """,
    example="input: [6, 6, 256]\nlayers:\n  - {type: dense, units: 4096}",
)

LAYERNORM_SHAPE_MISMATCH = Rule(
    id="CC205",
    name="layernorm-shape-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        A layernorm's `normalized_shape` is not the input's trailing sizes (in the spec's layout).
        PyTorch: "Given normalized_shape=[5], expected input with shape [*, 5], but got input of
        size[1, 2, 5, 4]".
    """,
    example="input: [8, 8, 16]\nlayers:\n  - {type: layernorm, normalized_shape: [8, 8]}",
)

GROUPNORM_GROUPS = Rule(
    id="CC206",
    name="groupnorm-groups",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        Group normalisation whose channels are not divisible by `num_groups`. PyTorch: "num_channels
        (4) must be divisible by num_groups (3)".
    """,
    example="input: [8, 8, 30]\nlayers:\n  - {type: groupnorm, num_groups: 4}",
)

GROUPNORM_SINGLE_VALUE = Rule(
    id="CC207",
    name="groupnorm-single-value",
    severity=Severity.WARNING,
    stage="layer",
    doc="""
        Group normalisation where each group holds a single value per sample (one channel per group
        and one spatial position, as after global pooling): the normalised output is always 0.
        PyTorch refuses it for a batch of one ("Expected more than 1 value per channel when
        training") and silently computes zeros otherwise.
    """,
    example="input: [1, 1, 32]\nlayers:\n  - {type: groupnorm, num_groups: 32}",
)

PRELU_PARAMETERS = Rule(
    id="CC208",
    name="prelu-parameters",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        A PReLU with a number of slopes other than 1 or the input's channels. PyTorch: "Mismatch of
        parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 2".
    """,
    example="input: [8, 8, 16]\nlayers:\n  - {type: prelu, num_parameters: 8}",
)

SPLIT_SIZES = Rule(
    id="CC230",
    name="split-sizes",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A `split` that cannot cut its input as written: neither or both of `chunks` and `sizes`,
        an `axis` the input does not have, `sizes` that do not add up to the axis (PyTorch:
        "split_with_sizes expects split_sizes to sum exactly to 116"), a piece `torch.chunk`
        does not give (chunk(4) of 6 channels gives 3 pieces of 2), or, with
        `--framework tensorflow`, `chunks` that do not divide the axis (tf.split: "Dimension
        size must be evenly divisible").
    """,
    example="input: [28, 28, 116]\nlayers:\n  - {type: split, sizes: [58, 50]}",
)

CHANNELS_MOVED = Rule(
    id="CC231",
    name="channels-moved",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        PyTorch reads a layer's channels from the wrong dimension. After a `permute` to
        channels-last (`[0, 2, 3, 1]`) PyTorch holds the tensor as [N, H, W, C]: a convolution,
        batchnorm or pooling layer reads dim 1 as its channels (PyTorch: "expected input[1, 56,
        56, 96] to have 96 channels, but got 56 channels instead"), so only elementwise layers,
        `layernorm` and `dense` with `axis: last` may follow until a permute puts the channels
        back. Conversely, `dense` with `axis: last` on a tensor PyTorch holds as [N, C, H, W]
        acts on W, not on the channels ("mat1 and mat2 shapes cannot be multiplied"): permute to
        channels-last first. Keras holds every tensor channels-last, so `--framework
        tensorflow` reports neither.
    """,
    example="input: [56, 56, 96]\nlayers:\n  - {type: dense, units: 384, axis: last}",
)

PERMUTE_DIMS = Rule(
    id="CC232",
    name="permute-dims",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A `permute` whose `dims` are not a permutation of the tensor's dimensions, batch
        included (PyTorch: "number of dims don't match in permute"; "repeated dim in permute"),
        or a `transpose` of a dimension the tensor lacks ("Dimension out of range"). Also
        refused: moving the batch dimension, which convcalc does not follow, and putting the
        channels between spatial dimensions, as convcalc follows the channels only to the
        first or the last place.
    """,
    example="input: [56, 56, 96]\nlayers:\n  - {type: permute, dims: [0, 2, 3]}",
)

PIXEL_SHUFFLE_INDIVISIBLE = Rule(
    id="CC233",
    name="pixel-shuffle-indivisible",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A `pixel_shuffle` whose channels are not a multiple of the factor squared (PyTorch:
        "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of
        upscale_factor"), a `pixel_unshuffle` whose sizes are not multiples of the factor
        ("pixel_unshuffle expects height to be divisible by downscale_factor"), or either on an
        input without two spatial dimensions (PyTorch shuffles the last two, TensorFlow's
        depth_to_space and space_to_depth take images).
    """,
    example="input: [56, 56, 12]\nlayers:\n  - {type: pixel_shuffle, factor: 4}",
)

RESHAPE_SIZE = Rule(
    id="CC234",
    name="reshape-size",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A `reshape` or `unflatten` whose new shape cannot hold the input's elements: a
        different count (PyTorch: "shape '[-1, 5, 5]' is invalid for input of size 48"; Keras:
        "total size of the new array must be unchanged"), more than one -1 ("only one dimension
        can be inferred"), a 0 or a size below -1; or an `unflatten` of anything but a flat
        input's dimension 1, the one convcalc follows.
    """,
    example="input: [4, 4, 3]\nlayers:\n  - {type: reshape, shape: [5, 5, -1]}",
)

FRACTIONAL_POOL_SIZE = Rule(
    id="CC235",
    name="fractional-pool-size",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A `fractional_maxpool` PyTorch refuses: neither or both of `output_size` and
        `output_ratio` ("FractionalMaxPool2d requires specifying either an output size, or a
        pooling ratio"), or an output too large for its kernel: `output + kernel - 1` must not
        exceed the input in 2-D ("fractional_max_pool2d(): pool height 3 too large relative to
        input height 5") and must stay below it in 3-D (FractionalMaxPool3d checks `<`).
    """,
    example="input: [5, 5, 8]\nlayers:\n  - {type: fractional_maxpool, kernel: 3, output_size: 4}",
)

MAX_UNPOOL_INDICES = Rule(
    id="CC236",
    name="max-unpool-indices",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A `max_unpool` whose indices do not fit: its second input must be a max pooling layer
        (PyTorch takes the `indices` a `MaxPool` returns with `return_indices=True`) whose output
        has the values' shape (PyTorch: "Expected shape of indices to be same as that of the
        input tensor"), and an `output_size` must lie strictly within a stride of the default
        size ("invalid output_size ... must be between 13 and 17").
    """,
    example="input: [32, 32, 8]\nlayers:\n  - {type: maxpool, name: pool, kernel: 2}\n"
    "  - {type: conv, filters: 16, kernel: 1}\n"
    "  - {type: max_unpool, kernel: 2, from: [conv1, pool]}",
)

TOP_K_LENGTH = Rule(
    id="CC237",
    name="top-k-length",
    severity=Severity.ERROR,
    stage="spec",
    doc="""
        A `top_k` that keeps more positions than its input has (PyTorch's torch.topk: "selected
        index k out of range"), or whose input is not a sequence (one spatial dimension) or a
        flat vector, the only inputs convcalc follows it on. Ultralytics' RT-DETR takes
        `min(num_queries, length)` instead: `clamp: true` says so.
    """,
    example="input: [8, 8, 16]\nlayers:\n  - {type: reshape, shape: [64, 16]}\n"
    "  - {type: top_k, k: 100}",
)

JOIN_MISMATCH = Rule(
    id="CC220",
    name="join-mismatch",
    severity=Severity.ERROR,
    stage="layer",
    doc="""
        Inputs of a join that do not fit together: `add` needs equal shapes, `concat` needs every
        axis but the joined one to agree (and the axis to exist), `multiply` needs shapes that
        broadcast. The message names each branch and its shape. The hint fixes what differs: spatial
        sizes that differ (24 against 25 after a floored division) are padded to agree with a
        `zeropad` on the smaller branch, or made equal by an input size, padding or stride that
        every path divides exactly; only channel counts that differ call for other `filters` or a
        1×1 projection.
    """,
    example="  - {type: conv, name: a, filters: 64, kernel: 3, padding: 1}\n"
    "  - {type: conv, name: b, from: input, filters: 32, kernel: 1}\n"
    "  - {type: add, from: [a, b]}",
)

MISALIGNED_BRANCHES = Rule(
    id="CC120",
    name="misaligned-branches",
    severity=Severity.WARNING,
    stage="layer",
    doc="""
        Branches meeting at a join see the input on different grids: their jumps (effective strides)
        or the centres of their receptive fields differ, so the joined features are shifted against
        each other. Typical cause: a shortcut with other padding than the main path. A branch
        without a grid of its own (a globally pooled gate, ASPP's image pooling) is never compared:
        every unit of it sees the whole input.
    """,
    example="  - {type: conv, name: a, filters: 8, kernel: 3, padding: 1}\n"
    "  - {type: conv, name: b, from: input, filters: 8, kernel: 3, padding: [[1, 1], [2, 0]]}\n"
    "  - {type: add, from: [a, b]}",
)

UNUSED_SUPPRESSION = Rule(
    id="CC301",
    name="unused-suppression",
    severity=Severity.INFO,
    stage="load",
    doc="""
        A `# convcalc: ignore[CODE]` comment that suppresses nothing: no diagnostic with that code
        is reported on its line (any more; in the whole file for
        `# convcalc: ignore-file[CODE]`), or the code names no rule. Remove the comment, or fix
        the code. Reported by the suppression filter after analysis, like ruff's unused `noqa`.
    """,
    example="input: [227, 227, 3]\nlayers:\n"
    "  - {type: conv, filters: 96, kernel: 11, stride: 4}  # convcalc: ignore[CC103]",
)

# In the order `convcalc rules` lists them and the calculator runs their checks.
# Every Rule above, in the order written: defining the constant is the whole registration.
RULES: dict[str, Rule] = {
    rule.id: rule for rule in list(globals().values()) if isinstance(rule, Rule)
}
