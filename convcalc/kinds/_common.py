"""Field definitions and labels shared by several kinds."""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import Window, expand, resolve_padding, windows_for
from convcalc.kinds.activation import ACTIVATION_NAMES
from convcalc.kinds.base import Field


def kernel_field(aliases: tuple[str, ...]) -> Field:
    return Field(
        "kernel",
        "dims",
        "Window size, one number or one per spatial dimension.",
        required=True,
        aliases=aliases,
        minimum=1,
        spatial=True,
    )


def stride_field(default: object, help_text: str) -> Field:
    return Field(
        "stride",
        "dims",
        help_text,
        default=default,
        aliases=("strides", "subsample"),
        minimum=1,
        spatial=True,
    )


PADDING = Field(
    "padding",
    "padding",
    "Zero padding: a number, one per dimension, [before, after] pairs per dimension, "
    "or valid, same, full, causal.",
    default=0,
    aliases=("pad", "pads"),
    minimum=0,
    spatial=True,
)

DILATION = Field(
    "dilation",
    "dims",
    "Spacing between kernel taps.",
    default=1,
    aliases=("dilation_rate",),
    minimum=1,
    spatial=True,
)

BIAS = Field("bias", "bool", "Whether the layer has a bias.", default=True, aliases=("use_bias",))

ACTIVATION = Field(
    "activation",
    "choice",
    "Keras' activation applied after the layer (elementwise: no parameters, shape unchanged); "
    "`linear` or null for none.",
    default="linear",
    choices=ACTIVATION_NAMES,
    null_value="linear",
)


def with_activation(label: str, spec: LayerSpec) -> str:
    """A geometry label with the layer's activation, when it has one (`3×3 /1 p1 relu`)."""
    activation = spec.fields.get("activation", "linear")
    return label if activation == "linear" else f"{label} {activation}"


PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def resolve_in(value: object, in_channels: int) -> int:
    """`groups` or `filters` as a number: the keyword `in` means the input channels (one group
    per input channel; as many filters as input channels, a depthwise convolution's)."""
    if value == "in":
        return in_channels
    assert isinstance(value, int)
    return value


def dims_label(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (tuple, list)):
        return "×".join(dims_label(item) for item in value)
    return str(value)


def padding_label(value: object) -> str:
    if isinstance(value, (tuple, list)) and any(isinstance(item, (tuple, list)) for item in value):
        return "×".join(
            f"({item[0]},{item[1]})" if isinstance(item, (tuple, list)) else str(item)
            for item in value
        )
    return dims_label(value)


def window_label(spec: LayerSpec, kernel_dims: int) -> str:
    """`11×11 /4 p0`, plus dilation, groups and ceil mode when they are not the default."""
    kernel = spec.fields["kernel"]
    if isinstance(kernel, int):
        kernel_text = "×".join([str(kernel)] * max(kernel_dims, 1))
    else:
        kernel_text = dims_label(kernel)
    # Pooling's stride defaults to its kernel: show the stride that is used.
    stride = spec.fields.get("stride")
    parts = [kernel_text, f"/{dims_label(kernel if stride is None else stride)}"]
    padding = spec.fields.get("padding", 0)
    parts.append(f"p={padding}" if isinstance(padding, str) else f"p{padding_label(padding)}")
    dilation = spec.fields.get("dilation", 1)
    if dilation not in (1, None) and dilation != (1,) * kernel_dims:
        parts.append(f"d{dims_label(dilation)}")
    if spec.fields.get("groups") == "in":
        parts.append("depthwise")
    elif spec.fields.get("groups", 1) not in (1, None):
        parts.append(f"g{spec.fields['groups']}")
    if spec.fields.get("padding_mode", "zeros") != "zeros":
        parts.append(str(spec.fields["padding_mode"]))
    if spec.fields.get("ceil_mode"):
        parts.append("ceil")
    return " ".join(parts)


def sliding_windows(
    spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
) -> tuple[Window, ...]:
    """One Window per spatial dimension from a layer's kernel, stride (default: the kernel),
    dilation, padding and ceil mode; shared by every sliding-window kind."""
    rank = input_shape.rank
    kernels = expand(spec.fields["kernel"], rank)
    stride = spec.fields.get("stride")
    strides = kernels if stride is None else expand(stride, rank)
    dilations = expand(spec.fields.get("dilation", 1), rank)
    pads = resolve_padding(
        spec.fields["padding"], kernels, dilations, input_shape.spatial, strides, settings.framework
    )
    return windows_for(
        input_shape.spatial, kernels, strides, dilations, pads, spec.fields.get("ceil_mode", False)
    )
