"""Activations: elementwise, shape unchanged, no parameters."""

from __future__ import annotations

from convcalc.kinds.base import Field, LayerKind

RELU = LayerKind("relu", "Rectified linear unit.")
LEAKY_RELU = LayerKind(
    "leaky_relu",
    "Leaky ReLU.",
    fields=(
        Field("negative_slope", "float", "Slope for x < 0.", default=0.01, aliases=("alpha",)),
    ),
)
ELU = LayerKind(
    "elu",
    "Exponential linear unit.",
    fields=(Field("alpha", "float", "Saturation value for x < 0.", default=1.0),),
)
GELU = LayerKind("gelu", "Gaussian error linear unit.")
SILU = LayerKind(
    "silu",
    "Sigmoid linear unit (swish).",
    aliases={"swish": None},
)
SIGMOID = LayerKind("sigmoid", "Logistic sigmoid.")
TANH = LayerKind("tanh", "Hyperbolic tangent.")
SOFTMAX = LayerKind(
    "softmax",
    "Softmax over channels.",
    fields=(Field("axis", "int", "Axis to normalise over.", default=None, aliases=("dim",)),),
)

KINDS = (RELU, LEAKY_RELU, ELU, GELU, SILU, SIGMOID, TANH, SOFTMAX)
