"""Activations: elementwise (or normalising along one axis), shape unchanged, no parameters.

Every activation of `torch.nn` and of Keras that keeps the shape, by its canonical name (PyTorch's
functional name, `F.hardswish`) with the other spellings as aliases: PyTorch's class names
(`Hardswish`, `LogSoftmax`) and Keras' layer names and activation strings (`hard_swish`,
`log_softmax`) compare equal once case and `_` are ignored, so most need no alias. Fields are
the frameworks' own arguments; none changes a shape or a count, they are read so that a layer
copied from framework code is accepted as written. Left out on purpose: GLU (it halves an axis);
the learned PReLU is kinds/prelu.py.
"""

from __future__ import annotations

from convcalc.core.records import replace
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerKind


def _alpha(default: float, help_text: str) -> Field:
    return Field("alpha", "float", help_text, default=default)


def _axis(help_text: str) -> Field:
    return Field("axis", "int", help_text, default=None, aliases=("dim",))


class Activation(LayerKind):
    """Keras' `Activation` layer: the activation is named by a field."""

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return str(spec.fields["activation"])


RELU = LayerKind(
    "relu",
    "Rectified linear unit.",
    fields=(
        # Keras' ReLU layer: min(max(x, threshold), max_value), with a slope below threshold.
        Field("max_value", "float", "Upper bound (Keras ReLU); none by default.", minimum=0),
        Field("negative_slope", "float", "Slope below the threshold (Keras ReLU).", default=0.0),
        Field("threshold", "float", "Where the unit switches on (Keras ReLU).", default=0.0),
    ),
)
RELU6 = LayerKind("relu6", "ReLU capped at 6 (MobileNet).")
LEAKY_RELU = LayerKind(
    "leaky_relu",
    "Leaky ReLU.",
    fields=(
        Field("negative_slope", "float", "Slope for x < 0.", default=0.01, aliases=("alpha",)),
    ),
)
RRELU = LayerKind(
    "rrelu",
    "Randomised leaky ReLU: a random slope in training, their mean in evaluation.",
    fields=(
        Field("lower", "float", "Lower bound of the random slope.", default=1 / 8),
        Field("upper", "float", "Upper bound of the random slope.", default=1 / 3),
    ),
)
ELU = LayerKind(
    "elu",
    "Exponential linear unit.",
    fields=(_alpha(1.0, "Saturation value for x < 0."),),
)
SELU = LayerKind("selu", "Scaled exponential linear unit (self-normalising nets).")
CELU = LayerKind(
    "celu",
    "Continuously differentiable ELU.",
    fields=(_alpha(1.0, "Saturation value for x < 0."),),
)
GELU = LayerKind(
    "gelu",
    "Gaussian error linear unit.",
    fields=(
        Field(
            "approximate",
            "choice",
            "PyTorch's `none` (exact) or `tanh` approximation.",
            default="none",
            choices=("none", "tanh"),
        ),
    ),
)
SILU = LayerKind(
    "silu",
    "Sigmoid linear unit (swish).",
    aliases={"swish": None},
)
MISH = LayerKind("mish", "Mish: x·tanh(softplus(x)).")
HARDSWISH = LayerKind(
    "hardswish",
    "Hard swish: x·relu6(x + 3)/6 (MobileNetV3).",
    aliases={"hard_silu": None},
)
HARDSIGMOID = LayerKind("hardsigmoid", "Hard sigmoid: relu6(x + 3)/6 (MobileNetV3's gates).")
HARDTANH = LayerKind(
    "hardtanh",
    "Hard tanh: x clipped to [min_val, max_val].",
    fields=(
        Field("min_val", "float", "Lower bound.", default=-1.0),
        Field("max_val", "float", "Upper bound.", default=1.0),
    ),
)
SIGMOID = LayerKind("sigmoid", "Logistic sigmoid.")
LOGSIGMOID = LayerKind("logsigmoid", "log(sigmoid(x)).")
TANH = LayerKind("tanh", "Hyperbolic tangent.")
TANHSHRINK = LayerKind("tanhshrink", "x − tanh(x).")
SOFTPLUS = LayerKind(
    "softplus",
    "Softplus: log(1 + exp(βx))/β, linear above the threshold.",
    fields=(
        Field("beta", "float", "β.", default=1.0),
        Field("threshold", "float", "Above βx > threshold the unit is linear.", default=20.0),
    ),
)
SOFTSIGN = LayerKind("softsign", "x/(1 + |x|).")
SOFTSHRINK = LayerKind(
    "softshrink",
    "Soft shrinkage: x ∓ λ outside [−λ, λ], 0 inside.",
    fields=(Field("lambd", "float", "λ.", default=0.5, aliases=("threshold",)),),
)
HARDSHRINK = LayerKind(
    "hardshrink",
    "Hard shrinkage: x outside [−λ, λ], 0 inside.",
    fields=(Field("lambd", "float", "λ.", default=0.5, aliases=("threshold",)),),
)
THRESHOLD = LayerKind(
    "threshold",
    "x above the threshold, else a fixed value (PyTorch Threshold).",
    fields=(
        Field("threshold", "float", "Where the unit switches on.", required=True),
        Field("value", "float", "What replaces x at or below the threshold.", required=True),
    ),
)
EXPONENTIAL = LayerKind("exponential", "exp(x) (Keras' `exponential`).")
SQUAREPLUS = LayerKind(
    "squareplus",
    "Squareplus: (x + sqrt(x² + b))/2 (Keras).",
    fields=(Field("b", "float", "Smoothness.", default=4.0, minimum=0),),
)
SPARSE_PLUS = LayerKind("sparse_plus", "SparsePlus: a piecewise smooth softplus (Keras).")
SPARSE_SIGMOID = LayerKind("sparse_sigmoid", "SparseSigmoid: a piecewise linear sigmoid (Keras).")
SOFTMAX = LayerKind(
    "softmax",
    "Softmax over channels.",
    aliases={"softmax2d": None},
    fields=(_axis("Axis to normalise over."),),
)
LOG_SOFTMAX = LayerKind(
    "log_softmax",
    "log(softmax(x)) over channels.",
    fields=(_axis("Axis to normalise over."),),
)
SOFTMIN = LayerKind(
    "softmin",
    "softmax(−x) over channels.",
    fields=(_axis("Axis to normalise over."),),
)
SPARSEMAX = LayerKind(
    "sparsemax",
    "Sparsemax over channels (Keras): a softmax that can give exact zeros.",
    fields=(_axis("Axis to normalise over."),),
)

SHAPE_KEEPING = (
    RELU,
    RELU6,
    LEAKY_RELU,
    RRELU,
    ELU,
    SELU,
    CELU,
    GELU,
    SILU,
    MISH,
    HARDSWISH,
    HARDSIGMOID,
    HARDTANH,
    SIGMOID,
    LOGSIGMOID,
    TANH,
    TANHSHRINK,
    SOFTPLUS,
    SOFTSIGN,
    SOFTSHRINK,
    HARDSHRINK,
    THRESHOLD,
    EXPONENTIAL,
    SQUAREPLUS,
    SPARSE_PLUS,
    SPARSE_SIGMOID,
    SOFTMAX,
    LOG_SOFTMAX,
    SOFTMIN,
    SPARSEMAX,
)

# Keras 3's built-in activations by the names its configs use (keras.activations.get: a name in
# ALL_OBJECTS_DICT, or None for linear). Each is elementwise: shape and parameters unchanged.
# `glu` is left out: it halves the last axis; so is `threshold`, which needs arguments
# (keras.activations.threshold(x, threshold, default_value)).
KERAS_ACTIVATIONS = (
    "linear",
    "relu",
    "relu6",
    "leaky_relu",
    "elu",
    "selu",
    "celu",
    "gelu",
    "silu",
    "swish",
    "mish",
    "sigmoid",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "hard_shrink",
    "soft_shrink",
    "tanh_shrink",
    "log_sigmoid",
    "tanh",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "squareplus",
    "exponential",
    "softmax",
    "log_softmax",
    "sparsemax",
)

# The names an activation can be given by, as a layer's `activation:` (Keras) or in an
# `activation` layer: Keras' strings and the name of every kind above that needs no argument.
ACTIVATION_NAMES: tuple[str, ...] = tuple(
    sorted(
        set(KERAS_ACTIVATIONS)
        | {kind.name for kind in SHAPE_KEEPING if not any(f.required for f in kind.fields)}
    )
)

ACTIVATION_LAYER = Activation(
    name="activation",
    summary="Keras' Activation layer: the named activation; shape unchanged, no parameters.",
    fields=(
        Field(
            "activation",
            "choice",
            "The activation, by any of its names; `linear` or null for none.",
            required=True,
            choices=ACTIVATION_NAMES,
            null_value="linear",
        ),
    ),
)

# Elementwise: PyTorch may hold their input channels-last (channels-moved).
KINDS = tuple(replace(kind, positionwise=True) for kind in (*SHAPE_KEEPING, ACTIVATION_LAYER))
