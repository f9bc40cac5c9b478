"""Every number of one layer with what it is computed from, for `convcalc explain`: the engine
gathers the values (and the kind its formulas), report/explain.py writes the equations."""

from __future__ import annotations

from math import prod

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.records import frozen
from convcalc.core.shapes import Shape
from convcalc.engine.memory import elements
from convcalc.engine.results import LayerResult, NetworkReport
from convcalc.geometry.arithmetic import Window, expand
from convcalc.geometry.receptive_field import ReceptiveField, at_input
from convcalc.geometry.solve import Fixes, nearest_fixes
from convcalc.kinds import KINDS

# How each family of kinds computes its output size (report/explain.py has one text per family).
SLIDING, POOLING, TRANSPOSED, JOIN, OTHER = "sliding", "pooling", "transposed", "join", "other"


@frozen
class AxisExplanation:
    """One spatial dimension of a sliding-window layer."""

    window: Window
    fixes: Fixes | None  # when the division leaves a remainder
    unread: int  # real input rows (columns) at the end that no window reads
    unread_first: int  # the first and last of them, counting from 0
    unread_last: int
    # TensorFlow `same`: the output ⌈L/s⌉ and the total padding it takes; None otherwise.
    same_output: int | None = None
    same_total: int | None = None
    # ceil_mode pooling: ⌈span/s⌉ + 1 before the rule that the last window starts inside.
    ceil_output: int | None = None


@frozen
class Parameters:
    """A convolution's weights as filters × (channels per group) × kernel."""

    filters: int
    in_channels: int
    groups: int
    channels_per_group: int
    kernel: tuple[int, ...]
    kernel_elements: int  # prod(kernel)
    weights_per_filter: int


@frozen
class LayerExplanation:
    layer: LayerResult
    family: str
    layout: str
    framework: str
    batch: int
    input_shapes: tuple[Shape | None, ...]
    axes: tuple[AxisExplanation, ...]
    parameters: Parameters | None
    field_before: ReceptiveField | None
    positions: int | None  # output positions per input (prod of the output's spatial sizes)
    input_positions: int | None  # the same of the input
    input_elements: int | None
    output_elements: int | None
    dense_weights: int | None  # a fully connected layer between the same input and output
    size_formulas: tuple[str, ...]  # the kind's own equations (transposed conv, upsampling)
    diagnostics: tuple[Diagnostic, ...]


def _family(kind_name: str) -> str:
    kind = KINDS[kind_name]
    if kind.max_inputs is None or kind.join_requirement is not None:
        return JOIN
    if kind_name == "conv_transpose":
        return TRANSPOSED
    if kind.pooling:
        return POOLING
    return SLIDING


def _axis(window: Window, padding: object, framework: str) -> AxisExplanation:
    remainder = window.remainder if window.fits else 0
    fixes = nearest_fixes(window) if remainder and not window.ceil_mode else None
    same_output = same_total = None
    if padding == "same" and (framework == "tensorflow" or window.stride > 1):
        same_output = -(-window.size // window.stride)
        same_total = window.pad_before + window.pad_after
    ceil_output = None
    if window.ceil_mode and window.fits:
        ceil_output = -(-window.span // window.stride) + 1
    return AxisExplanation(
        window=window,
        fixes=fixes,
        unread=max(0, remainder - window.pad_after),
        unread_first=window.size - max(0, remainder - window.pad_after),
        unread_last=window.size - 1,
        same_output=same_output,
        same_total=same_total,
        ceil_output=ceil_output,
    )


def _parameters(layer: LayerResult) -> Parameters | None:
    """A conv's or transposed conv's filters as stacks of kernels; None for other kinds, and
    whenever the factors would not multiply to the layer's weights (never a false equation)."""
    spec = layer.spec
    source = layer.input_shape
    if spec.kind not in ("conv", "conv_transpose") or source is None or source.is_flat:
        return None
    fields = spec.fields
    filters = fields.get("filters")
    if not isinstance(filters, int):
        return None
    in_channels = source.channels
    groups_field = fields.get("groups", 1)
    groups = in_channels if groups_field == "in" else groups_field
    if not isinstance(groups, int) or groups < 1 or in_channels % groups or filters % groups:
        return None
    kernel = expand(fields["kernel"], source.rank)
    if spec.kind == "conv_transpose":
        per_group = filters // groups  # each input channel spreads one kernel per output channel
        weights = in_channels * per_group * prod(kernel)
    else:
        per_group = in_channels // groups
        weights = filters * per_group * prod(kernel)
    if weights != layer.weights:
        return None
    return Parameters(
        filters=filters,
        in_channels=in_channels,
        groups=groups,
        channels_per_group=per_group,
        kernel=kernel,
        kernel_elements=prod(kernel),
        weights_per_filter=per_group * prod(kernel),
    )


def _field_before(report: NetworkReport, layer: LayerResult) -> ReceptiveField | None:
    """The receptive field the layer's (first) input has: the input's is the identity."""
    spec = layer.spec
    source = spec.inputs[0] if spec.inputs else None
    if (spec.index == 0 and source is None) or source == "input":
        shape = layer.input_shape
        return at_input(shape.rank) if shape is not None and not shape.is_flat else None
    if source is None:
        return report.layers[spec.index - 1].receptive_field
    for other in report.layers:
        if other.spec.name == source:
            return other.receptive_field
    return None


def explain_layer(
    report: NetworkReport, layer: LayerResult, layout: str, framework: str, batch: int
) -> LayerExplanation:
    spec = layer.spec
    family = _family(spec.kind)
    padding = spec.fields.get("padding")
    axes = tuple(_axis(window, padding, framework) for window in layer.windows)
    output, source = layer.output_shape, layer.input_shape
    input_elements = elements(source) if source is not None else None
    output_elements = elements(output) if output is not None else None
    dense = (
        input_elements * output_elements
        if input_elements is not None and output_elements is not None
        else None
    )
    kind = KINDS[spec.kind]
    formulas: tuple[str, ...] = ()
    without_window = family == TRANSPOSED or (family == SLIDING and not layer.windows)
    if without_window and source is not None and not source.is_flat:
        texts = (kind.size_formula(spec, source, axis) for axis in range(source.rank))
        formulas = tuple(text for text in texts if text)
    return LayerExplanation(
        layer=layer,
        family=family,
        layout=layout,
        framework=framework,
        batch=batch,
        input_shapes=layer.input_shapes,
        axes=axes,
        parameters=_parameters(layer),
        field_before=_field_before(report, layer),
        positions=prod(output.spatial) if output is not None else None,
        input_positions=prod(source.spatial) if source is not None else None,
        input_elements=input_elements,
        output_elements=output_elements,
        dense_weights=dense,
        size_formulas=formulas,
        diagnostics=tuple(d for d in report.diagnostics if d.layer == spec.name),
    )
