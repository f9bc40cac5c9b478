"""constant and similarity: a second tensor beside the image, and positions scored against it.

Open-vocabulary detectors read the class names as a second input: YOLO-World's and YOLOE's text
embeddings, one 512-wide vector per class (`WorldModel.txt_feats`, shape (1, nc, 512); YOLOE's
class prompt embeddings, the same shape), computed once by a text encoder and fed beside every
image.

- `constant`: that second input, a tensor of the written `shape` (without the batch, in the
  spec's layout as `input:` is: `[80, 512]` is 80 tokens of 512 channels) whatever the image.
  Its `from` names what it is fed beside (`input`); it reads nothing of it, so it has no
  receptive field. A sequence is held as PyTorch holds token vectors, (N, tokens, C): channels
  last, so a Linear (`dense` with `axis: last`) acts on its channels.
- `similarity`: `from: [x, tokens]`: at each position of x, the dot product of its channel vector
  with each token's (YOLO-World's ContrastiveHead, `w @ x.flatten(2)`: region-text scores, one
  channel per token). With `heads`, channels and tokens are cut in that many groups, each scored
  apart; `reduce: max` keeps each head's best token (MaxSigmoidAttnBlock's attention weights:
  one channel per head). `scale` and `bias` are the learned factor and offset per head the heads
  apply (ContrastiveHead's logit_scale and bias; MaxSigmoidAttnBlock's bias). The tokens
  must have x's channels. MACs: positions × tokens × channels. The receptive field is x's: the
  tokens do not depend on the positions.
"""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.kinds._common import dims_label
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class Constant(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        written = spec.fields["shape"]
        sizes = [written] if isinstance(written, int) else list(written)
        shape = Shape.from_layout(sizes, settings.layout)
        return LayerCalculation(output=Shape(shape.spatial, shape.channels, shape.rank == 1))

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"= {dims_label(spec.fields['shape'])}"


class Similarity(LayerKind):
    def calculate_inputs(
        self, spec: LayerSpec, inputs: tuple[Shape, ...], settings: CalculationSettings
    ) -> LayerCalculation:
        x, tokens = inputs[0], inputs[1]
        heads: int = spec.fields["heads"]
        if tokens.rank != 1 or tokens.channels != x.channels or x.channels % heads:
            return LayerCalculation(output=None)
        count = tokens.spatial[0]
        channels = heads if spec.fields["reduce"] == "max" else heads * count
        return LayerCalculation(
            output=Shape(x.spatial, channels, x.channels_last),
            weights=heads if spec.fields["scale"] else 0,
            biases=heads if spec.fields["bias"] else 0,
            macs=prod(x.spatial) * count * x.channels,
        )

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        heads = spec.fields["heads"]
        label = f"{heads} heads" if heads > 1 else ""
        if spec.fields["reduce"] == "max":
            label = f"{label}, max".lstrip(", ")
        return label


CONSTANT = Constant(
    name="constant",
    summary="A second input of fixed shape beside the image (text embeddings: tokens × C).",
    aliases={"embeddings": None, "text_embeddings": None},
    values_read_from=0,
    fields=(
        Field(
            "shape",
            "dims",
            "Its shape without the batch, in the spec's layout ([80, 512]: 80 tokens of 512).",
            required=True,
            minimum=1,
        ),
    ),
)
SIMILARITY = Similarity(
    name="similarity",
    summary="Each position's channels dotted with each token of a second input: one channel "
    "per token (per head with reduce: max).",
    aliases={"contrastive": None, "region_text_similarity": None},
    min_inputs=2,
    max_inputs=2,
    values_read_from=1,
    join_requirement="needs a sequence of tokens with the first input's channels (divisible "
    "by heads) as its second input",
    fields=(
        Field("heads", "int", "Groups of channels and tokens scored apart.", default=1, minimum=1),
        Field(
            "reduce",
            "choice",
            "`max`: each head's best token only (one channel per head).",
            default="none",
            choices=("none", "max"),
        ),
        Field("scale", "bool", "A learned factor per head (weights).", default=False),
        Field("bias", "bool", "A learned offset per head (biases).", default=False),
    ),
)

KINDS = (CONSTANT, SIMILARITY)
