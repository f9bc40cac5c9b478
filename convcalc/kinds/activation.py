"""Activations: elementwise, shape unchanged, no parameters."""

from __future__ import annotations

from convcalc.kinds.base import Field, LayerKind

RELU = LayerKind("relu", "Rectified linear unit.", category="activation", keeps_shape=True)
LEAKY_RELU = LayerKind(
    "leaky_relu",
    "Leaky ReLU.",
    category="activation",
    keeps_shape=True,
    fields=(
        Field("negative_slope", "float", "Slope for x < 0.", default=0.01, aliases=("alpha",)),
    ),
)
ELU = LayerKind(
    "elu",
    "Exponential linear unit.",
    category="activation",
    keeps_shape=True,
    fields=(Field("alpha", "float", "Saturation value for x < 0.", default=1.0),),
)
GELU = LayerKind("gelu", "Gaussian error linear unit.", category="activation", keeps_shape=True)
SILU = LayerKind(
    "silu",
    "Sigmoid linear unit (swish).",
    category="activation",
    keeps_shape=True,
    aliases={"swish": None},
)
SIGMOID = LayerKind("sigmoid", "Logistic sigmoid.", category="activation", keeps_shape=True)
TANH = LayerKind("tanh", "Hyperbolic tangent.", category="activation", keeps_shape=True)
SOFTMAX = LayerKind(
    "softmax",
    "Softmax over channels.",
    category="activation",
    keeps_shape=True,
    fields=(Field("axis", "int", "Axis to normalise over.", default=None, aliases=("dim",)),),
)

KINDS = (RELU, LEAKY_RELU, ELU, GELU, SILU, SIGMOID, TANH, SOFTMAX)
