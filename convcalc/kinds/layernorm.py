"""layernorm: layer normalisation (PyTorch LayerNorm, Keras LayerNormalization).

Normalises each position over `normalized_shape`, the trailing dimensions of the input as written
in the spec's layout. Left out, it is the channels alone (C): the channels-last LayerNorm of
ConvNeXt and of transformers, Keras's default `axis=-1`. Given, it must equal the input's trailing
sizes (rule layernorm-shape-mismatch; PyTorch: "Given normalized_shape=[5], expected input with
shape [*, 5]"): with `layout: hwc`, `[W, C]` or `[H, W, C]`; with `layout: chw`, `[W]`, `[H, W]` or
`[C, H, W]` (PyTorch's own `LayerNorm([C, H, W])`).

Parameters with `elementwise_affine`: `prod(normalized_shape)` scales (weights) and as many
shifts (biases; none with `bias: false`). Shape unchanged, no buffers.
"""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


def normalized(spec: LayerSpec, input_shape: Shape) -> tuple[int, ...]:
    """The normalised sizes: as written, or the channels."""
    written = spec.fields["normalized_shape"]
    if written is None:
        return (input_shape.channels,)
    return (written,) if isinstance(written, int) else tuple(written)


class LayerNorm(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        elements = prod(normalized(spec, input_shape))
        affine = spec.fields["elementwise_affine"]
        return LayerCalculation(
            output=input_shape,
            weights=elements if affine else 0,
            biases=elements if affine and spec.fields["bias"] else 0,
        )


KIND = LayerNorm(
    name="layernorm",
    summary="Layer normalisation over the trailing sizes (default: channels): 2·prod(shape) "
    "parameters.",
    aliases={"layernormalization": None, "ln": None},
    positionwise=True,
    fields=(
        Field(
            "normalized_shape",
            "dims",
            "Trailing sizes normalised over, in the spec's layout; default: the channels.",
            aliases=("normalised_shape",),
            minimum=1,
        ),
        Field("eps", "float", "Added to the variance.", default=1e-5, aliases=("epsilon",)),
        Field(
            "elementwise_affine",
            "bool",
            "Learnable scale and shift per normalised element.",
            default=True,
            aliases=("affine",),
        ),
        Field(
            "bias",
            "bool",
            "Whether the affine step has a shift (PyTorch `bias`, Keras `center`).",
            default=True,
            aliases=("use_bias", "center"),
        ),
    ),
)
