"""The vocabulary every layer kind is described with: fields, aliases, the traits the rules read
and a `calculate` step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from convcalc.core.records import field, frozen
from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.geometry.arithmetic import Window
from convcalc.geometry.receptive_field import (
    NoFieldReason,
    ReceptiveField,
    cropped,
    reordered,
    through_maps,
    through_windows,
)
from convcalc.geometry.unit_maps import UnitMap

# How a field's value is written:
#   int      a whole number                      (filters: 96)
#   dims     a number, or one per spatial dim    (kernel: 3, kernel: [3, 5], kernel: 3x5)
#   padding  dims, [before, after] pairs per dim, or a keyword (valid, same, full, causal)
#   pads     dims or [before, after] pairs per dim, no keyword (padding layers, transposed conv)
#   bool, float, choice (one of `choices`), str
FieldType = Literal["int", "dims", "padding", "pads", "bool", "float", "choice", "str"]

PADDING_KEYWORDS = ("valid", "same", "full", "causal")


@frozen
class Field:
    name: str
    type: FieldType
    help: str
    default: Any = None
    required: bool = False
    aliases: tuple[str, ...] = ()
    minimum: int | float | None = None
    below: int | float | None = None  # exclusive upper bound
    choices: tuple[str, ...] = ()
    spatial: bool = False  # one value per spatial dimension is allowed
    # Words accepted instead of a number (`groups: in`, `axis: channels`); kept as text.
    keywords: tuple[str, ...] = ()
    # What a YAML null means, when it is accepted (Keras' `activation: None` is `linear`).
    null_value: str | None = None
    # A null inside a `dims` list is kept as None: that dimension is left as it is (adaptive
    # pooling's `output_size: [None, 7]`).
    null_items: bool = False


@frozen(slots=True)
class LayerCalculation:
    """What a layer kind calculates from its spec and input shape."""

    output: Shape | None
    # None: a figure that cannot be calculated (it depends on an output size that does not exist).
    weights: int | None = 0
    biases: int | None = 0
    buffers: int | None = 0
    macs: int | None = 0  # multiply-accumulates for one input
    windows: tuple[Window, ...] = ()
    # Spatial output sizes as calculated, kept when some is below 1 and `output` is None, so a
    # rule can show them (kinds without sliding windows: transposed convolution, upsampling).
    sizes: tuple[int, ...] = ()
    # Per spatial dimension, which input units each output unit reads, for kinds whose
    # receptive-field step is not a sliding window (see geometry/unit_maps.py).
    unit_maps: tuple[UnitMap, ...] = ()
    # Per spatial dimension, how many input units before the output's first one (a crop: cropping,
    # a split along a spatial axis): the field is unchanged but shifted.
    offsets: tuple[int, ...] = ()
    # For a kind that reorders the spatial dimensions (permute), the input dimension each
    # output dimension is: the field's values move with them.
    spatial_order: tuple[int, ...] = ()


@frozen
class LayerKind:
    """A layer kind: its name, spellings, fields and how it transforms a shape."""

    name: str
    summary: str
    fields: tuple[Field, ...] = ()
    # Other spellings, compared case-insensitively with `_` and `-` ignored; the value is the
    # spatial rank the spelling implies (`conv2d` -> 2) or None.
    aliases: Mapping[str, int | None] = field(default_factory=dict)
    min_inputs: int = 1
    max_inputs: int | None = 1  # None: any number (joins)
    # How many of the inputs (the first ones) are read for their values; the others give only
    # a size (upsample to another input's size), so the receptive field is that of the first.
    # None: all of them.
    values_read_from: int | None = None
    # Traits the rules read; each says which rule uses it.
    needs_spatial: bool = False  # refuses a flat input (needs-spatial-input)
    needs_flat: bool = False  # refuses an input with spatial dimensions (dense-needs-flat)
    # Acts on each element, or along the last axis, so PyTorch may hold its input channels-last
    # after a permute; other kinds read channels from dim 1 and refuse that (channels-moved).
    positionwise: bool = False
    # A convolution: a kernel larger than its padded input is refused as such
    # (kernel-exceeds-input, not output-too-small), and TensorFlow refuses a stride and a
    # dilation both above 1 (strided-dilation-tensorflow).
    convolution: bool = False
    # Pooling: PyTorch refuses padding above half the kernel (pool-padding-too-large).
    pooling: bool = False
    # Ranks at which PyTorch also demands kernel <= input before padding (AvgPool3d does;
    # pool-kernel-exceeds-input).
    kernel_within_input_ranks: tuple[int, ...] = ()
    # What fills a padding layer's border: zeros, reflect, replicate or circular (a
    # convolution's `padding_mode` words; pad-too-large). None: the spec's `padding_mode` says.
    padding_mode: str | None = None
    # Statistics are taken over each sample's positions: one position is refused
    # (instancenorm-single-position).
    statistics_per_position: bool = False
    # A join: what it needs of its inputs, as join-mismatch words it. None for other kinds.
    join_requirement: str | None = None
    # What makes an output that would be empty larger (empty-output).
    too_small_hint: str | None = None

    def field_named(self, name: str) -> Field | None:
        for kind_field in self.fields:
            if kind_field.name == name:
                return kind_field
        return None

    def pieces(self, fields: Mapping[str, Any]) -> int | None:
        """For a kind that gives several outputs (split), how many, from its fields with their
        defaults: the loader makes one layer per piece, `NAME.0`, `NAME.1`, …; None for the
        ordinary kinds, whose layer is its one output."""
        return None

    def calculate_inputs(
        self, spec: LayerSpec, inputs: tuple[Shape, ...], settings: CalculationSettings
    ) -> LayerCalculation:
        """The calculator's entry point; kinds with several inputs (joins) override it."""
        return self.calculate(spec, inputs[0], settings)

    def calculate(
        self, spec: LayerSpec, input_shape: Shape, settings: CalculationSettings
    ) -> LayerCalculation:
        """Output shape, parameter counts and sliding windows for one layer."""
        return LayerCalculation(output=input_shape)

    def receptive_field(
        self, before: ReceptiveField, calculation: LayerCalculation
    ) -> ReceptiveField | NoFieldReason:
        """The field after this layer: through the kind's unit maps or sliding windows, else
        unchanged; why not when it cannot be told (see geometry/field_phases.py)."""
        if calculation.offsets:
            return cropped(before, calculation.offsets)
        if calculation.spatial_order:
            return reordered(before, calculation.spatial_order)
        if calculation.unit_maps:
            return through_maps(before, calculation.unit_maps)
        if calculation.windows:
            return through_windows(before, calculation.windows)
        return before

    def size_formula(self, spec: LayerSpec, input_shape: Shape, axis: int) -> str | None:
        """The output size equation along one axis, for empty-output; None: no equation."""
        return None

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        """A short label for the table's geometry column."""
        return ""


def normalise_kind(text: str) -> str:
    return text.lower().replace("_", "").replace("-", "")


def normalise_field(text: str) -> str:
    return text.lower().replace("-", "_")
