"""pixel_shuffle and pixel_unshuffle: depth to space and back (PyTorch PixelShuffle /
PixelUnshuffle, TensorFlow depth_to_space / space_to_depth; Shi et al., "Real-Time Single Image
and Video Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural Network", CVPR 2016).

On an H×W×C input with factor r, `pixel_shuffle` gives rH × rW × C/r² (each r² channels become an
r×r patch) and `pixel_unshuffle` gives H/r × W/r × C·r² (each r×r patch of every channel becomes
r² channels). Both act on two spatial dimensions; the channels (shuffle) or the sizes (unshuffle)
must divide by the factor (rule pixel-shuffle-indivisible). No parameters. A shuffled unit reads
the one input pixel it came from (units 1/r input pixels apart); an unshuffled unit reads one
r×r patch: a window of kernel r and stride r.
"""

from __future__ import annotations

from fractions import Fraction

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import Window
from convcalc.geometry.unit_maps import UnitMap, resample_map
from convcalc.kinds.base import Field, LayerCalculation, LayerKind


class PixelShuffle(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        factor: int = spec.fields["factor"]
        sizes = tuple(size * factor for size in input_shape.spatial)
        output = Shape(sizes, input_shape.channels // factor**input_shape.rank)
        nearest = resample_map(Fraction(1, factor), "nearest")
        maps: tuple[UnitMap, ...] = (nearest,) * input_shape.rank if nearest else ()
        return LayerCalculation(output=output, unit_maps=maps)

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"×{spec.fields['factor']}"


class PixelUnshuffle(LayerKind):
    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        factor: int = spec.fields["factor"]
        # The windows give the receptive field and the table's geometry for free.
        windows = tuple(Window(size, factor, factor, 1, 0, 0) for size in input_shape.spatial)
        sizes = tuple(size // factor for size in input_shape.spatial)
        output = Shape(sizes, input_shape.channels * factor**input_shape.rank)
        return LayerCalculation(output=output if min(sizes) >= 1 else None, windows=windows)

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        return f"÷{spec.fields['factor']}"


PIXEL_SHUFFLE = PixelShuffle(
    name="pixel_shuffle",
    summary="Depth to space: each factor² channels become a factor×factor patch.",
    aliases={"depth_to_space": None, "subpixel": None},
    needs_spatial=True,
    fields=(
        Field(
            "factor",
            "int",
            "Patch size r: sizes are multiplied by r, channels divided by r².",
            required=True,
            aliases=("upscale_factor", "block_size"),
            minimum=1,
        ),
    ),
)
PIXEL_UNSHUFFLE = PixelUnshuffle(
    name="pixel_unshuffle",
    summary="Space to depth: each factor×factor patch becomes factor² channels.",
    aliases={"space_to_depth": None},
    needs_spatial=True,
    fields=(
        Field(
            "factor",
            "int",
            "Patch size r: sizes are divided by r, channels multiplied by r².",
            required=True,
            aliases=("downscale_factor", "block_size"),
            minimum=1,
        ),
    ),
)

KINDS = (PIXEL_SHUFFLE, PIXEL_UNSHUFFLE)
