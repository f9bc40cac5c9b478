"""instancenorm: instance normalisation (PyTorch InstanceNorm1d/2d/3d), each channel of each
sample normalised over its positions (style transfer, GAN generators).

PyTorch's defaults differ from batchnorm's: `affine: false` (no parameters) and
`track_running_stats: false` (no buffers). With `affine`: `C` scales (weights) and `C` shifts
(biases); with `track_running_stats`: running mean and variance, `2·C` buffers. Needs more than
one spatial position (rule instancenorm-single-position; PyTorch: "Expected more than 1 spatial
element when training"). Shape unchanged.
"""

from __future__ import annotations

from convcalc.kinds.base import Field
from convcalc.kinds.batchnorm import BatchNorm

# Shapes, parameters and buffers as batch normalisation; only the defaults differ.
KIND = BatchNorm(
    name="instancenorm",
    summary="Instance normalisation per sample and channel; parameters only with affine.",
    needs_spatial=True,
    statistics_per_position=True,
    aliases={
        "instancenorm1d": 1,
        "instancenorm2d": 2,
        "instancenorm3d": 3,
        "instancenormalization": None,
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
        Field("affine", "bool", "Learnable scale and shift (PyTorch default: off).", default=False),
        Field(
            "track_running_stats",
            "bool",
            "Keep running mean and variance buffers (PyTorch default: off).",
            default=False,
        ),
    ),
)
