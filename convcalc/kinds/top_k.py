"""top_k: keep k of a sequence's positions, or k of a flat vector's values (torch.topk with
`dim` the sequence, as DETR-style detectors pick their queries).

A sequence of L positions with C channels (one spatial dimension: the tokens a `reshape` or
`permute` made of a feature map) becomes k positions with the same C channels, the ones a score
ranks highest; a flat vector of N values becomes its k largest. torch.topk refuses k > L
("selected index k out of range"; rule top-k-length) unless the layer says `clamp: true`:
Ultralytics' RT-DETR takes `min(num_queries, L)` queries, so a small image gives fewer. No
parameters. The positions kept depend on the values, so no receptive field is given after it.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.receptive_field import NoFieldReason, ReceptiveField
from convcalc.kinds.base import Field, LayerCalculation, LayerKind

CHOSEN_BY_VALUE = "top-k keeps the positions its values rank highest"


def length(shape: Shape) -> int | None:
    """The number of positions (a sequence) or values (a flat vector) k is chosen from; None
    for a map of more than one spatial dimension, which top_k does not take."""
    if shape.is_flat:
        return shape.channels
    return shape.spatial[0] if shape.rank == 1 else None


def kept(spec: LayerSpec, shape: Shape) -> int | None:
    """How many it keeps: k, or min(k, L) when clamped; None when k exceeds L unclamped."""
    available = length(shape)
    k: int = spec.fields["k"]
    if available is None or k < 1:
        return None
    if k > available:
        return available if spec.fields["clamp"] else None
    return k


class TopK(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        count = kept(spec, input_shape)
        if count is None:
            return LayerCalculation(output=None)  # top-k-length says why
        if input_shape.is_flat:
            return LayerCalculation(output=Shape((), count))
        return LayerCalculation(
            output=Shape((count,), input_shape.channels, input_shape.channels_last)
        )

    def receptive_field(
        self, before: ReceptiveField, calculation: LayerCalculation
    ) -> ReceptiveField | NoFieldReason:
        return CHOSEN_BY_VALUE

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"top {spec.fields['k']:,}" + (" (at most)" if spec.fields["clamp"] else "")


KIND = TopK(
    name="top_k",
    summary="Keep the k highest-ranked positions of a sequence (or values of a flat vector).",
    aliases={"topk": None},
    positionwise=True,
    fields=(
        Field(
            "k",
            "int",
            "How many positions (or values) to keep.",
            required=True,
            aliases=("num_queries",),
            minimum=1,
        ),
        Field(
            "clamp",
            "bool",
            "Keep min(k, length) when the input is shorter than k (Ultralytics' RT-DETR), "
            "instead of refusing it as torch.topk does.",
            default=False,
        ),
    ),
)
