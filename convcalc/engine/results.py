"""What the calculator produces: frozen per-layer and per-network results."""

from __future__ import annotations

from operator import attrgetter

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.printable import printable
from convcalc.core.records import frozen
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec, NetworkSpec
from convcalc.geometry.arithmetic import Window
from convcalc.geometry.receptive_field import NoFieldReason, ReceptiveField

# The per-layer (and per-block) values a table cell or JSON key shows, in display order; the
# cells diff.py compares. Here, not in diff.py: the JSON reporter names them on every run, and
# diff.py is loaded only with --set.
CELLS = ("output", "weights", "biases", "params", "buffers", "macs", "receptive_field", "status")

# The counted figures of a layer, a block and the totals, in display order.
QUANTITIES = ("weights", "biases", "params", "buffers", "macs")
# A layer's QUANTITIES as a tuple, in that order (one C call: the sums read every layer).
quantities_of = attrgetter(*QUANTITIES)


@frozen
class ReceptiveFieldAbsence:
    """Why a spatial layer has no receptive field (shown in its place: table, JSON)."""

    reason: NoFieldReason
    origin: str  # the layer where the field was lost: this one, or one it reads from

    def text(self, layer: str) -> str:
        """The reason, naming the origin when it is another layer."""
        if self.origin == layer:
            return self.reason
        return f"{self.reason} (at {printable(self.origin)})"


@frozen(slots=True)
class Im2col:
    """The matrix a GEMM-based convolution unrolls its input into (Caffe's column buffer): one
    column per output position of every input in the batch, one row per weight a filter has over
    all input channels. A transposed convolution's (col2im's) buffer is the same with the roles
    of input and output exchanged."""

    rows: int
    columns: int
    bytes: int


@frozen(slots=True)
class LayerMemory:
    """What one layer holds in memory at --dtype and --batch: its output (the activation), its
    parameters and, for a GEMM-based convolution, the im2col workspace (None for other kinds)."""

    activation_elements: int
    activation_bytes: int
    parameter_bytes: int
    im2col: Im2col | None = None


@frozen
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
    calculated: bool  # False when the input shape was unknown (an earlier error)
    input_shapes: tuple[Shape | None, ...] = ()
    # Set when a spatial output has no receptive field: why (None also for flat outputs).
    receptive_field_absence: ReceptiveFieldAbsence | None = None
    # The parameters as the imported file's framework counts them (core/profiles.py); None for a
    # convcalc spec, or when convcalc's own figures are not known.
    framework_params: int | None = None
    # None when the output shape or the parameters are not known.
    memory: LayerMemory | None = None

    @property
    def params(self) -> int | None:
        if self.weights is None or self.biases is None:
            return None
        return self.weights + self.biases

    @property
    def computed(self) -> bool:
        """Whether every counted figure of this layer is known."""
        return None not in quantities_of(self)


@frozen
class BlockResult:
    """A block instance (or a repeated block use) summed over its layers."""

    name: str
    block: str  # the block's name
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
    calculated: bool
    partial: frozenset[str] = frozenset()  # as Totals.partial, over the block's layers
    uncomputed: int = 0
    receptive_field_absence: ReceptiveFieldAbsence | None = None


@frozen
class MemoryTotals:
    """The network's memory figures at `dtype` and `batch` (docs/counting.md, "Memory"). Over the
    layers whose memory is known; `complete` says whether that is every layer."""

    dtype: str
    element_bytes: int
    batch: int
    parameter_bytes: int  # every parameter (weights and biases; buffers not counted)
    # The largest single output: what a pass that frees each input once used needs at least.
    peak_activation_bytes: int
    peak_activation_layer: str | None
    # torchinfo's "Forward/backward pass size": 2 × the output bytes of every layer that has
    # parameters (the output kept for the backward pass, and its gradient).
    pass_bytes: int
    largest_im2col_bytes: int
    largest_im2col_layer: str | None
    complete: bool


@frozen
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

    receptive_field_absence: ReceptiveFieldAbsence | None = None  # why that layer has none
    framework_params: int | None = None  # the sum of the layers' (None: not an imported file)
    memory: MemoryTotals | None = None


@frozen
class NetworkReport:
    """Everything known about one checked spec; `network` is None when it did not load."""

    source: str
    network: NetworkSpec | None
    layers: tuple[LayerResult, ...]
    diagnostics: tuple[Diagnostic, ...]
    totals: Totals | None
    blocks: tuple[BlockResult, ...] = ()
    # (line number, text) of each source line a diagnostic points at, for the full format to show
    # under it; lint/ adds them when it has the file's text (not for layers on the command line).
    source_lines: tuple[tuple[int, str], ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for diagnostic in self.diagnostics if diagnostic.severity == severity)

    @property
    def worst(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)
