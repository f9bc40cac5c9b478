"""Layer and argument names of PyTorch and Keras that convcalc does not have, so that an unknown
name is called what it is (`Reshape` is a Keras layer convcalc does not support yet) instead of
being matched to an unrelated convcalc name (`Reshape` → `resize`, `hardshrink` → `hardswish`,
`activation` → `dilation`). Each entry may say what stands in for it."""

from __future__ import annotations

from convcalc.core.printable import printable
from convcalc.core.records import frozen
from convcalc.kinds.base import normalise_field, normalise_kind


@frozen
class Elsewhere:
    framework: str  # "PyTorch", "Keras" or "PyTorch and Keras"
    instead: str | None = None  # what to write in convcalc, when something stands in for it


_SAME_SHAPE = (
    "it keeps the shape and has no parameters, so `identity` stands in for it in every figure"
)
_ELEMENTWISE_TORCH = (
    "alphadropout featurealphadropout channelshuffle localresponsenorm crossmaplrn2d"
)
_ELEMENTWISE_KERAS = (
    "thresholdedrelu gaussiannoise gaussiandropout activityregularization spatialdropout1d "
    "spatialdropout3d rescaling unitnormalization"
)
_OTHER_TORCH = (
    "multiheadattention transformer transformerencoder transformerencoderlayer "
    "transformerdecoder transformerdecoderlayer lstm gru rnn lstmcell grucell rnncell embedding "
    "embeddingbag fold unfold lppool1d lppool2d lppool3d "
    "bilinear glu "
    "cosinesimilarity pairwisedistance"
)
_OTHER_KERAS = (
    "repeatvector lambda masking simplernn bidirectional convlstm1d convlstm2d "
    "convlstm3d attention additiveattention dot "
    "timedistributed resizing centercrop einsumdense"
)

KINDS: dict[str, Elsewhere] = {
    **{name: Elsewhere("PyTorch", _SAME_SHAPE) for name in _ELEMENTWISE_TORCH.split()},
    **{name: Elsewhere("Keras", _SAME_SHAPE) for name in _ELEMENTWISE_KERAS.split()},
    **{name: Elsewhere("PyTorch") for name in _OTHER_TORCH.split()},
    **{name: Elsewhere("Keras") for name in _OTHER_KERAS.split()},
    "multiheadattention": Elsewhere("PyTorch and Keras"),
    "lstm": Elsewhere("PyTorch and Keras"),
    "gru": Elsewhere("PyTorch and Keras"),
    "embedding": Elsewhere("PyTorch and Keras"),
    "alphadropout": Elsewhere("PyTorch and Keras", _SAME_SHAPE),
    "syncbatchnorm": Elsewhere(
        "PyTorch", "it computes what `batchnorm` does: write `batchnorm` for the same figures"
    ),
    "depthwiseconv1d": Elsewhere(
        "Keras", "write `{type: conv, groups: in, filters: C × depth_multiplier}` for it"
    ),
    "depthwiseconv2d": Elsewhere(
        "Keras", "write `{type: conv, groups: in, filters: C × depth_multiplier}` for it"
    ),
    "input": Elsewhere("Keras", "the spec's `input:` gives the input's shape"),
    "inputlayer": Elsewhere("Keras", "the spec's `input:` gives the input's shape"),
    "sequential": Elsewhere("PyTorch and Keras", "write its layers one after another"),
    "modulelist": Elsewhere("PyTorch", "write its layers one after another"),
    **{
        name: Elsewhere("Keras", "`add` has the same output shape and no parameters")
        for name in ("subtract", "average", "maximum", "minimum")
    },
    "upsamplingnearest2d": Elsewhere("PyTorch", "write `{type: upsample, mode: nearest}`"),
    "upsamplingbilinear2d": Elsewhere(
        "PyTorch", "write `{type: upsample, mode: bilinear, align_corners: true}`"
    ),
}

_NO_EFFECT = "it changes no shape and no parameter count"
_KERAS_NO_EFFECT = (
    "kernel_initializer bias_initializer depthwise_initializer pointwise_initializer "
    "kernel_regularizer bias_regularizer activity_regularizer depthwise_regularizer "
    "pointwise_regularizer kernel_constraint bias_constraint depthwise_constraint "
    "pointwise_constraint gamma_initializer beta_initializer moving_mean_initializer "
    "moving_variance_initializer gamma_regularizer beta_regularizer gamma_constraint "
    "beta_constraint trainable seed noise_shape synchronized lora_rank"
)
_TORCH_NO_EFFECT = "inplace device approximate"

FIELDS: dict[str, Elsewhere] = {
    **{name: Elsewhere("Keras") for name in _KERAS_NO_EFFECT.split()},
    **{name: Elsewhere("PyTorch") for name in _TORCH_NO_EFFECT.split()},
    "dtype": Elsewhere("PyTorch and Keras"),
    "data_format": Elsewhere(
        "Keras",
        "the spec's `layout:` says it for the whole net (`channels_first` is `layout: chw`)",
    ),
    "input_shape": Elsewhere("Keras", "the spec's `input:` gives the input's shape"),
    "batch_input_shape": Elsewhere("Keras", "the spec's `input:` gives the input's shape"),
    "input_dim": Elsewhere("Keras", "the spec's `input:` gives the input's shape"),
}


def unsupported_kind(written: str) -> tuple[str, str | None] | None:
    """`(message, hint)` for a PyTorch or Keras layer convcalc lacks, or None."""
    known = KINDS.get(normalise_kind(written))
    if known is None:
        return None
    message = f"`{printable(written)}` is a {known.framework} layer convcalc does not support yet"
    return message, known.instead or "`convcalc kinds` lists the layers convcalc has"


def unread_field(written: str, kind_name: str) -> tuple[str, str] | None:
    """`(message, hint)` for a PyTorch or Keras argument the kind does not read, or None."""
    name = normalise_field(written)
    if name == "activation":  # a kind with Keras' `activation` reads it before this is asked
        return (
            f"`activation` is Keras' argument of conv and dense layers; `{kind_name}` has none",
            "add the activation as the next layer (`- relu`)",
        )
    known = FIELDS.get(name)
    if known is None:
        return None
    if known.instead is not None:
        return (
            f"`{printable(written)}` is a {known.framework} argument convcalc does not read",
            f"remove it: {known.instead}",
        )
    return (
        f"`{printable(written)}` is a {known.framework} argument convcalc does not read "
        f"({_NO_EFFECT})",
        "remove it",
    )
