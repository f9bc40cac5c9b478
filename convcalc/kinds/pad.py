"""zeropad, reflection_pad, replication_pad, circular_pad: padding layers (PyTorch ZeroPad1d/2d/3d,
ConstantPad1d/2d/3d, ReflectionPad1d/2d/3d, ReplicationPad1d/2d/3d, CircularPad1d/2d/3d; Keras
ZeroPadding1D/2D/3D).

Output size per dimension: `L + p0 + p1`; channels pass through; no parameters. `padding` is a
number, one per spatial dimension, or `[before, after]` pairs per dimension, in spatial order
(PyTorch's own tuple lists the last dimension first: `ZeroPad2d((left, right, top, bottom))` is
`padding: [[top, bottom], [left, right]]` here). What fills the border differs, the shape not:
zeros (or ConstantPad's `value`), the input mirrored without its edge pixel (reflect), the edge
pixel repeated (replicate) or the input wrapped around (circular). PyTorch demands reflect padding
below the input size and circular padding at most the input size, on each side (rule
pad-too-large); replicate padding has no limit.
"""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import resolve_padding, windows_for
from convcalc.kinds._common import padding_label
from convcalc.kinds.base import Field, LayerCalculation, LayerKind

PADDING = Field(
    "padding",
    "pads",
    "Pixels added per side: a number, one per dimension, or [before, after] pairs per dimension.",
    required=True,
    aliases=("pad", "pads"),
    minimum=0,
    spatial=True,
)


class Pad(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        rank = input_shape.rank
        ones = (1,) * rank
        sides = resolve_padding(spec.fields["padding"], ones, ones)
        # A 1-wide window at stride 1 over the padded input: the output is `L + p0 + p1`, and the
        # receptive field moves by `p0` as for a convolution's padding.
        windows = windows_for(input_shape.spatial, ones, ones, ones, sides)
        sizes = tuple(window.output for window in windows)
        return LayerCalculation(output=Shape(sizes, input_shape.channels), windows=windows)

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"p{padding_label(spec.fields['padding'])}"


ZEROPAD = Pad(
    name="zeropad",
    summary="Zero (or constant) padding: L + p0 + p1 per dimension.",
    needs_spatial=True,
    padding_mode="zeros",
    aliases={
        "zeropad1d": 1,
        "zeropad2d": 2,
        "zeropad3d": 3,
        "zeropadding1d": 1,
        "zeropadding2d": 2,
        "zeropadding3d": 3,
        "constantpad1d": 1,
        "constantpad2d": 2,
        "constantpad3d": 3,
        "zeropadding": None,
        "constantpad": None,
    },
    fields=(
        PADDING,
        Field("value", "float", "The fill value (ConstantPad); no effect on shapes.", default=0),
    ),
)

REFLECTION_PAD = Pad(
    name="reflection_pad",
    summary="Reflection padding (mirror without the edge pixel); each side below the input size.",
    needs_spatial=True,
    padding_mode="reflect",
    aliases={
        "reflectionpad1d": 1,
        "reflectionpad2d": 2,
        "reflectionpad3d": 3,
        "reflectpad": None,
    },
    fields=(PADDING,),
)

REPLICATION_PAD = Pad(
    name="replication_pad",
    summary="Replication padding (the edge pixel repeated).",
    needs_spatial=True,
    padding_mode="replicate",
    aliases={
        "replicationpad1d": 1,
        "replicationpad2d": 2,
        "replicationpad3d": 3,
        "replicatepad": None,
    },
    fields=(PADDING,),
)

CIRCULAR_PAD = Pad(
    name="circular_pad",
    summary="Circular padding (the input wrapped around); each side at most the input size.",
    needs_spatial=True,
    padding_mode="circular",
    aliases={"circularpad1d": 1, "circularpad2d": 2, "circularpad3d": 3},
    fields=(PADDING,),
)

KINDS = (ZEROPAD, REFLECTION_PAD, REPLICATION_PAD, CIRCULAR_PAD)
