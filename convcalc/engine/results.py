"""What the calculator produces: frozen per-layer and per-network results."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.printable import printable
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec, NetworkSpec
from convcalc.geometry.arithmetic import Window
from convcalc.geometry.unit_maps import UnitMap


@dataclass(frozen=True)
class LayerAnalysis:
    """What a layer kind computes from its spec and input shape."""

    output: Shape | None
    # None: a figure that cannot be computed (it depends on an output size that does not exist).
    weights: int | None = 0
    biases: int | None = 0
    buffers: int | None = 0
    macs: int | None = 0  # multiply-accumulates for one input
    windows: tuple[Window, ...] = ()
    # Spatial output sizes as computed, kept when some is below 1 and `output` is None, so a
    # rule can show them (kinds without sliding windows: transposed convolution, upsampling).
    sizes: tuple[int, ...] = ()
    # Per spatial dimension, which input units each output unit reads, for kinds whose
    # receptive-field step is not a sliding window (see analyse/unit_maps.py).
    unit_maps: tuple[UnitMap, ...] = ()


# The counted figures of a layer, a block and the totals, in display order.
QUANTITIES = ("weights", "biases", "params", "buffers", "macs")


# Receptive-field values are whole numbers except after upsampling or transposed convolution,
# where the jump becomes an exact fraction of an input pixel.
Number = int | Fraction


@dataclass(frozen=True)
class ReceptiveField:
    """Per spatial dimension, in input pixels (Araujo et al., Distill 2019)."""

    size: tuple[Number, ...]
    jump: tuple[Number, ...]
    padding: tuple[Number, ...]
    # Per dimension, after a fractional jump, the exact input extent of each output unit of one
    # period: unit `q*T + φ` sees `[q*T*jump + first, q*T*jump + last]` with `(first, last) =
    # phases[axis][φ]` (None: the unit reads no input). `()` for a dimension on a whole grid;
    # `size` is then the largest extent (see analyse/field_phases.py).
    phases: tuple[tuple[tuple[int, int] | None, ...], ...] = ()
    # Global: every unit depends on the whole input (global pooling, a squeeze-and-excitation
    # gate, a field grown past the input's edges at every position). Size, jump and padding then
    # describe the grid the units sit on, taken from the spatial branches; `has_grid` is False
    # when there is none (a globally pooled map, and what is computed from it alone), and those
    # values are then meaningless.
    is_global: bool = False
    has_grid: bool = True


# Why a kind or a join cannot give a receptive field.
NoFieldReason = str


@dataclass(frozen=True)
class FieldAbsence:
    """Why a spatial layer has no receptive field (shown in its place: table, JSON)."""

    reason: NoFieldReason
    origin: str  # the layer where the field was lost: this one, or one it reads from

    def text(self, layer: str) -> str:
        """The reason, naming the origin when it is another layer."""
        if self.origin == layer:
            return self.reason
        return f"{self.reason} (at {printable(self.origin)})"


@dataclass(frozen=True)
class LayerResult:
    spec: LayerSpec
    input_shape: Shape | None
    output_shape: Shape | None
    # None: not computed (the layer was skipped after an error, its spec is wrong, or the figure
    # depends on an output size that does not exist); never counted as 0.
    weights: int | None
    biases: int | None
    buffers: int | None
    macs: int | None
    receptive_field: ReceptiveField | None
    windows: tuple[Window, ...]
    status: Severity | None  # worst diagnostic on this layer, None when clean
    analysed: bool  # False when the input shape was unknown (an earlier error)
    input_shapes: tuple[Shape | None, ...] = ()
    # Set when a spatial output has no receptive field: why (None also for flat outputs).
    field_absence: FieldAbsence | None = None

    @property
    def params(self) -> int | None:
        if self.weights is None or self.biases is None:
            return None
        return self.weights + self.biases

    @property
    def computed(self) -> bool:
        """Whether every counted figure of this layer is known."""
        return all(getattr(self, quantity) is not None for quantity in QUANTITIES)


@dataclass(frozen=True)
class GroupResult:
    """A block instance (or a repeated block use) summed over its layers."""

    name: str
    kind: str  # the block's name
    level: int  # 0 for a block used at the top level
    layer_indices: tuple[int, ...]
    weights: int
    biases: int
    params: int
    buffers: int
    macs: int
    output_shape: Shape | None
    receptive_field: ReceptiveField | None
    status: Severity | None
    analysed: bool
    partial: frozenset[str] = frozenset()  # as Totals.partial, over the block's layers
    uncomputed: int = 0
    field_absence: FieldAbsence | None = None


@dataclass(frozen=True)
class Totals:
    weights: int
    biases: int
    params: int
    buffers: int
    macs: int
    output_shape: Shape | None  # the first output's
    receptive_field: ReceptiveField | None  # of the last spatial layer before the first output
    outputs: tuple[tuple[str, Shape | None], ...] = ()
    # The QUANTITIES whose sum leaves out a layer where that figure was not computed, and how
    # many layers have such a figure: a partial sum is a lower bound, not the network's figure.
    partial: frozenset[str] = frozenset()
    uncomputed: int = 0

    @property
    def complete(self) -> bool:
        return not self.partial

    field_absence: FieldAbsence | None = None  # why that layer has none


@dataclass(frozen=True)
class NetworkReport:
    """Everything known about one checked spec; `network` is None when it did not load."""

    source: str
    network: NetworkSpec | None
    layers: tuple[LayerResult, ...]
    diagnostics: tuple[Diagnostic, ...]
    totals: Totals | None
    groups: tuple[GroupResult, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for diagnostic in self.diagnostics if diagnostic.severity == severity)

    @property
    def worst(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)
