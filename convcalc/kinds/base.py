"""The vocabulary every layer kind is described with: fields, aliases and an `analyse` step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from convcalc.core.settings import AnalysisSettings
    from convcalc.core.shapes import Shape
    from convcalc.core.specs import LayerSpec
    from convcalc.engine.results import LayerAnalysis, NoFieldReason, ReceptiveField

# How a field's value is written:
#   int      a whole number                      (filters: 96)
#   dims     a number, or one per spatial dim    (kernel: 3, kernel: [3, 5], kernel: 3x5)
#   padding  dims, [before, after] pairs per dim, or a keyword (valid, same, full, causal)
#   pads     dims or [before, after] pairs per dim, no keyword (padding layers, transposed conv)
#   bool, float, choice (one of `choices`), str
FieldType = Literal["int", "dims", "padding", "pads", "bool", "float", "choice", "str"]

PADDING_KEYWORDS = ("valid", "same", "full", "causal")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class LayerKind:
    """A layer kind: its name, spellings, fields and how it transforms a shape."""

    name: str
    summary: str
    fields: tuple[Field, ...] = ()
    # Other spellings, compared case-insensitively with `_` and `-` ignored; the value is the
    # spatial rank the spelling implies (`conv2d` -> 2) or None.
    aliases: Mapping[str, int | None] = field(default_factory=dict)
    needs_spatial: bool = False
    keeps_shape: bool = False  # output shape == input shape (activations, norms, dropout)
    min_inputs: int = 1
    max_inputs: int | None = 1  # None: any number (joins)
    category: str = "other"

    def field_named(self, name: str) -> Field | None:
        for kind_field in self.fields:
            if kind_field.name == name:
                return kind_field
        return None

    def analyse_inputs(
        self, spec: LayerSpec, inputs: tuple[Shape, ...], settings: AnalysisSettings
    ) -> LayerAnalysis:
        """The calculator's entry point; kinds with several inputs (joins) override it."""
        return self.analyse(spec, inputs[0], settings)

    def analyse(
        self, spec: LayerSpec, input_shape: Shape, settings: AnalysisSettings
    ) -> LayerAnalysis:
        """Output shape, parameter counts and sliding windows for one layer."""
        from convcalc.engine.results import LayerAnalysis

        return LayerAnalysis(output=input_shape)

    def receptive_field(
        self, field: ReceptiveField, analysis: LayerAnalysis
    ) -> ReceptiveField | NoFieldReason:
        """The field after this layer: through the kind's unit maps or sliding windows, else
        unchanged; why not when it cannot be told (see analyse/field_phases.py)."""
        from convcalc.geometry.field_phases import through_maps
        from convcalc.geometry.receptive_field import through_windows

        if analysis.unit_maps:
            return through_maps(field, analysis.unit_maps)
        if analysis.windows:
            return through_windows(field, analysis.windows)
        return field

    def geometry(self, spec: LayerSpec, rank: int) -> str:
        """A short label for the table's geometry column."""
        return ""


def normalise_kind(text: str) -> str:
    return text.lower().replace("_", "").replace("-", "")


def normalise_field(text: str) -> str:
    return text.lower().replace("-", "_")
