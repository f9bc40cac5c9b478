"""drop_path: stochastic depth (Huang et al., 2016): in training, drops a residual branch for a
random fraction `rate` of the samples (`mode: row`, torchvision's StochasticDepth and timm's
DropPath) or for the whole batch (`mode: batch`) and rescales the rest; in evaluation an identity.
Shape unchanged, no parameters: a placeholder that names the module torchvision has."""

from __future__ import annotations

from convcalc.core.specs import LayerSpec
from convcalc.kinds.base import Field, LayerKind


class DropPath(LayerKind):
    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"rate {spec.fields['rate']}"


KIND = DropPath(
    name="drop_path",
    summary="Stochastic depth: drops a residual branch in training; shape unchanged.",
    positionwise=True,
    aliases={"stochastic_depth": None, "droppath": None},
    fields=(
        Field(
            "rate",
            "float",
            "Probability of dropping the branch, 0 <= rate <= 1.",
            default=0.0,
            aliases=("p", "drop_prob", "drop_rate"),
            minimum=0,
        ),
        Field(
            "mode",
            "choice",
            "`row`: per sample (torchvision's default use); `batch`: the whole batch.",
            default="row",
            choices=("row", "batch"),
        ),
    ),
)
