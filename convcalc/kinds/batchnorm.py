"""batchnorm: batch normalisation over channels (PyTorch BatchNormNd, Keras BatchNormalization).

Parameters: scale and shift, `2 * C` (when `affine`). Buffers: running mean and variance, `2 * C`
(when `track_running_stats`); Keras calls these non-trainable parameters. PyTorch's scalar
`num_batches_tracked` counter is not counted.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class BatchNorm(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        channels = input_shape.channels
        affine = spec.fields["affine"]
        return LayerCalculation(
            output=input_shape,
            weights=channels if affine else 0,
            biases=channels if affine else 0,
            buffers=2 * channels if spec.fields["track_running_stats"] else 0,
        )


KIND = BatchNorm(
    name="batchnorm",
    summary="Batch normalisation: 2*C parameters and 2*C running-statistics buffers.",
    aliases={
        "batchnorm1d": None,
        "batchnorm2d": None,
        "batchnorm3d": None,
        "batchnormalization": None,
        "bn": None,
    },
    fields=(
        Field(
            "num_features",
            "int",
            "Channels; inferred, checked when given.",
            aliases=("in_channels",),
            minimum=1,
        ),
        Field("eps", "float", "Added to the variance.", default=1e-5, aliases=("epsilon",)),
        Field("momentum", "float", "Running statistics momentum.", default=0.1),
        Field("affine", "bool", "Learnable scale and shift.", default=True),
        Field(
            "track_running_stats",
            "bool",
            "Keep running mean and variance buffers.",
            default=True,
        ),
    ),
)
