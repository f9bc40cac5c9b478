"""conv_transpose: N-d transposed convolution (PyTorch ConvTranspose1d/2d/3d, Keras
Conv1DTranspose/Conv2DTranspose/Conv3DTranspose), the learnable upsampling of decoders and GANs.

Output size per dimension: `(L - 1)*s - p0 - p1 + d*(k - 1) + output_padding + 1`. Each input
pixel spreads a dilated kernel over the output, windows `s` apart; `p0` and `p1` crop the result
and `output_padding` adds rows at the end (only to choose between the sizes a strided conv maps
onto the same input: PyTorch demands `output_padding < stride or output_padding < dilation` in
every dimension). Weights `in_channels * (filters / groups) * prod(kernel)`, biases `filters`.
MACs: every input pixel meets every weight once, `prod(input) * weights`.

`padding` as numbers or `[before, after]` pairs is PyTorch's: it crops the output. The keywords
are Keras' (PyTorch's ConvTranspose takes numbers only) and follow its own rule, Keras 3's
`compute_conv_transpose_output_shape`, with k the dilated kernel: `valid` gives
`(L-1)*s + k + output_padding`, where `output_padding` left out is `max(k, s) - k` (so
Conv2DTranspose(kernel 7, strides 16) on 14 gives 224, where PyTorch's padding 0 gives 215);
`same` gives `L*s`, or `(L-1)*s + k%2 + output_padding` when it is given; `full` (Keras 2's
deconv_output_length; Keras 3 refuses it) crops k-1 on each side, `L*s - (s + k - 2)`. Where the
output starts, for the receptive field, is where Keras' JAX padding puts it.

`output_size` is PyTorch's call-time argument (`deconv(x, output_size=[H, W])`): it chooses
`output_padding` = output_size − the size without it, which must lie in [0, s) (PyTorch:
"requested an output size of …, but valid sizes range from … to …"; rule
output-padding-too-large).

Receptive field: output units are `1/s` input pixels apart (an exact fraction), and not every unit
is fed by the same number of inputs; the reported size is the largest (see
geometry/field_phases.py).
"""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import expand, resolve_padding
from convcalc.geometry.field_phases import PERIOD_TOO_LONG
from convcalc.geometry.receptive_field import NoFieldReason, ReceptiveField
from convcalc.geometry.unit_maps import transposed_map
from convcalc.kinds._common import (
    ACTIVATION,
    BIAS,
    DILATION,
    kernel_field,
    stride_field,
    window_label,
    with_activation,
)
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


def output_size(
    size: int, kernel: int, stride: int, dilation: int, pad: tuple[int, int], extra: int
) -> int:
    return (size - 1) * stride - pad[0] - pad[1] + dilation * (kernel - 1) + extra + 1


def keras_padding(
    keyword: str, kernel: int, stride: int, dilation: int, extra: int | None
) -> tuple[tuple[int, int], int]:
    """Keras' keyword padding as PyTorch's terms: `(p0, p1)` cropped and the rows added at the
    end, from Keras' JAX padding (`left_pad`, `right_pad` around a kernel of k − 1 each)."""
    k = (kernel - 1) * dilation + 1
    if keyword == "valid":
        return (0, 0), max(k, stride) - k if extra is None else extra
    if keyword == "full":
        return (k - 1, k - 1), extra or 0
    # same: the output is L*s, or (L-1)*s + k%2 + output_padding when that is given
    total = stride + k - 2 if extra is None else k + k % 2 - 2 + extra
    left = min(total // 2 + total % 2, k - 1)
    right = total - left
    after = k - 1 - right
    return (k - 1 - left, max(after, 0)), max(-after, 0)


def paddings(
    spec: LayerSpec, input_sizes: tuple[int, ...]
) -> tuple[list[tuple[int, int]], list[int]]:
    """Per dimension, `(p0, p1)` cropped and the rows added at the end (output_padding), from
    the padding as written, `output_padding` and PyTorch's `output_size`."""
    rank = len(input_sizes)
    kernels = expand(spec.fields["kernel"], rank)
    strides = expand(spec.fields["stride"], rank)
    dilations = expand(spec.fields["dilation"], rank)
    written = spec.fields["padding"]
    given_extra = "output_padding" in spec.given
    extras: list[int] = list(expand(spec.fields["output_padding"], rank))
    if isinstance(written, str):
        pairs = [
            keras_padding(written, k, s, d, extras[axis] if given_extra else None)
            for axis, (k, s, d) in enumerate(zip(kernels, strides, dilations, strict=True))
        ]
        return [pads for pads, _ in pairs], [extra for _, extra in pairs]
    pads = list(resolve_padding(written, kernels, dilations))
    wanted = spec.fields["output_size"]
    sizes = expand(wanted, rank) if wanted is not None else ()
    if len(sizes) == rank:  # another length is a rank mismatch, reported as such
        extras = [
            size - output_size(length, k, s, d, pad, 0)
            for size, length, k, s, d, pad in zip(
                sizes, input_sizes, kernels, strides, dilations, pads, strict=True
            )
        ]
    return pads, extras


class ConvTranspose(LayerKind):
    def size_formula(self, spec: LayerSpec, input_shape: Shape, axis: int) -> str:
        """The size equation along one axis, for the empty-output rule."""
        rank = input_shape.rank
        k, s, d = (
            expand(spec.fields[name], rank)[axis] for name in ("kernel", "stride", "dilation")
        )
        pads, extras = paddings(spec, input_shape.spatial)
        (p0, p1), extra = pads[axis], extras[axis]
        size = input_shape.spatial[axis]
        result = output_size(size, k, s, d, (p0, p1), extra)
        return f"({size:,} − 1)·{s} − {p0} − {p1} + {d}·({k} − 1) + {extra} + 1 = {result:,}"

    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        rank = input_shape.rank
        kernels = expand(spec.fields["kernel"], rank)
        strides = expand(spec.fields["stride"], rank)
        dilations = expand(spec.fields["dilation"], rank)
        padding, extras = paddings(spec, input_shape.spatial)
        sizes = tuple(
            output_size(*args)
            for args in zip(
                input_shape.spatial, kernels, strides, dilations, padding, extras, strict=True
            )
        )
        in_channels = spec.fields["in_channels"] or input_shape.channels
        filters = spec.fields["filters"]
        weights = in_channels * (filters // spec.fields["groups"]) * prod(kernels)
        fits = min(sizes) >= 1
        maps = tuple(
            transposed_map(k, s, d, p[0])
            for k, s, d, p in zip(kernels, strides, dilations, padding, strict=True)
        )
        return LayerCalculation(
            output=Shape(sizes, filters) if fits else None,
            weights=weights,
            biases=filters if spec.fields["bias"] else 0,
            macs=prod(input_shape.spatial) * weights if fits else None,
            sizes=sizes,
            unit_maps=tuple(m for m in maps if m is not None) if all(maps) else (),
        )

    def receptive_field(
        self, before: ReceptiveField, calculation: LayerCalculation
    ) -> ReceptiveField | NoFieldReason:
        # No unit maps means a stride beyond the tabulated period: no before is reported.
        if not calculation.unit_maps:
            return PERIOD_TOO_LONG
        return super().receptive_field(before, calculation)

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        label = window_label(spec, rank)
        extra = spec.fields.get("output_padding", 0)
        if extra not in (0, None) and extra != (0,) * rank:
            label += f" op{extra if isinstance(extra, int) else '×'.join(map(str, extra))}"
        return with_activation(label, spec)


KIND = ConvTranspose(
    name="conv_transpose",
    summary="Transposed convolution (learnable upsampling): out = (L−1)·s − p0 − p1 + d·(k−1) "
    "+ output_padding + 1.",
    convolution=True,
    too_small_hint="crop less (`padding`), or use a larger kernel, stride or input",
    needs_spatial=True,
    aliases={
        "convtranspose": None,
        "convtranspose1d": 1,
        "convtranspose2d": 2,
        "convtranspose3d": 3,
        "conv1dtranspose": 1,
        "conv2dtranspose": 2,
        "conv3dtranspose": 3,
        "convolution2dtranspose": 2,
        "deconvolution": None,
        "deconv": None,
    },
    fields=(
        Field(
            "filters",
            "int",
            "Output channels.",
            required=True,
            aliases=("out_channels", "num_filters"),
            minimum=1,
        ),
        kernel_field(("kernel_size", "ksize")),
        stride_field(1, "Spacing of the input pixels on the output (the upsampling factor)."),
        Field(
            "padding",
            "pads",
            "Rows cropped from the output (PyTorch): a number, one per dimension, or [before, "
            "after] pairs; or Keras' valid, same, full.",
            default=0,
            aliases=("pad", "pads"),
            minimum=0,
            spatial=True,
            keywords=("valid", "same", "full"),
        ),
        Field(
            "output_padding",
            "dims",
            "Rows added at the end of the output; below the stride or the dilation.",
            default=0,
            aliases=("output_pad", "adj"),
            minimum=0,
            spatial=True,
        ),
        Field(
            "output_size",
            "dims",
            "PyTorch's call-time output size, which chooses output_padding.",
            minimum=1,
            spatial=True,
        ),
        DILATION,
        Field("groups", "int", "Channel groups.", default=1, minimum=1),
        BIAS,
        ACTIVATION,
        Field(
            "in_channels",
            "int",
            "Input channels; inferred from the previous layer, checked when given.",
            minimum=1,
        ),
    ),
)
