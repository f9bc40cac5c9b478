"""`convcalc explain`: one layer's numbers, each with its formula and the user's values filled in,
as the source articles work them (`out = (227 − 11 + 2·0)/4 + 1 = 55`). The values come from
engine/explain.py; this module only writes them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from convcalc.core.printable import printable
from convcalc.core.shapes import Shape
from convcalc.engine.explain import (
    JOIN,
    POOLING,
    TRANSPOSED,
    AxisExplanation,
    LayerExplanation,
)
from convcalc.geometry.arithmetic import Window
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.report.base import (
    bytes_text,
    diagnostic_line,
    field_text,
    hint_line,
    number_text,
    shape_text,
)
from convcalc.rules._text import number

_AXES = {1: ("positions",), 2: ("rows", "columns"), 3: ("slices", "rows", "columns")}


def _axis_names(rank: int) -> tuple[str, ...]:
    return _AXES.get(rank, tuple(f"axis {axis}" for axis in range(rank)))


def _grouped(rank: int, texts: Sequence[str]) -> list[tuple[str, str]]:
    """One (label, text) for all axes when they agree, else one per axis."""
    names = _axis_names(rank)
    if len(set(texts)) == 1:
        return [(" and ".join(names) if rank > 1 else names[0], texts[0])]
    return list(zip(names, texts, strict=True))


def _padding_term(window_pad: tuple[int, int]) -> str:
    before, after = window_pad
    return f"2·{before:,}" if before == after else f"{before:,} + {after:,}"


def _size_lines(axis: AxisExplanation, pooling: bool) -> list[str]:
    """The output size of one dimension, and what a remainder means."""
    w = axis.window
    lines: list[str] = []
    k = f"{w.kernel:,}"
    if w.dilation > 1:
        lines.append(
            f"k_eff = d·(k − 1) + 1 = {w.dilation:,}·({w.kernel:,} − 1) + 1 = "
            f"{w.effective_kernel:,} (the span of the dilated kernel)"
        )
        k = f"{w.effective_kernel:,}"
    if axis.same_output is not None and axis.same_total is not None:
        lines.append(
            f"`same` (TensorFlow): out = ⌈L/s⌉ = ⌈{w.size:,}/{w.stride:,}⌉ = {axis.same_output:,}"
        )
        lines.append(
            f"padding = max((out − 1)·s + k − L, 0) = max(({axis.same_output:,} − 1)·"
            f"{w.stride:,} + {k} − {w.size:,}, 0) = {axis.same_total:,}: "
            f"{w.pad_before:,} before, {w.pad_after:,} after (the odd one after)"
        )
    pads = _padding_term((w.pad_before, w.pad_after))
    # The textbook's symmetric padding P, or the two sides when they differ.
    rule = "(L − k + 2P)/S + 1" if w.pad_before == w.pad_after else "(L − k + p0 + p1)/S + 1"
    textbook = f"({w.size:,} − {k} + {pads})/{w.stride:,} + 1"
    if axis.ceil_output is not None:
        lines.append(
            f"out = ⌈(L − k + p0 + p1)/s⌉ + 1 = ⌈({w.size:,} − {k} + {pads})/{w.stride:,}⌉ + 1"
            f" = {axis.ceil_output:,} (ceil_mode)"
        )
        if axis.ceil_output != w.output:
            lines.append(
                f"the last window would start past the input and its left padding: "
                f"out = {axis.ceil_output:,} − 1 = {w.output:,}"
            )
        return lines
    if not w.fits:
        lines.append(
            f"the kernel ({k}) is larger than the padded input ({w.size:,} + {w.pad_before:,} + "
            f"{w.pad_after:,} = {w.padded:,}): no window fits, there is no output"
        )
        return lines
    if w.remainder == 0:
        lines.append(f"out = {rule} = {textbook} = {w.output:,}")
        return lines
    lines.append(
        f"out = {rule} = {textbook} = {number(w.exact)}: not whole; "
        f"PyTorch floors it to {w.output:,}"
    )
    lines.append(
        f"remainder = ({w.size:,} − {k} + {pads}) mod {w.stride:,} = {w.remainder:,}: "
        + (
            "the last position of the padded input lies in no window"
            if w.remainder == 1
            else f"the last {w.remainder:,} positions of the padded input lie in no window"
        )
    )
    if axis.unread:
        first = f"{axis.unread_first:,}"
        which = first if axis.unread == 1 else f"{first} to {axis.unread_last:,}"
        lines.append(f"never read: input {which} (counting from 0), real pixels, not padding")
    else:
        lines.append("never read: only padding; every input pixel is read")
    fixes = axis.fixes
    if fixes is not None:
        options = []
        sizes = [f"{v:,}" for v in (fixes.larger_input, fixes.smaller_input) if v is not None]
        if sizes:
            options.append(f"input {' or '.join(sizes)}")
        if fixes.more_padding is not None:
            options.append(
                f"{fixes.more_padding:,} more padding ({fixes.extra_before:,} before, "
                f"{fixes.extra_after:,} after)"
            )
        if fixes.strides:
            options.append(f"stride {' or '.join(f'{s:,}' for s in fixes.strides)}")
        kernels = [f"{v:,}" for v in (fixes.larger_kernel, fixes.smaller_kernel) if v is not None]
        if kernels and not pooling:
            options.append(f"kernel {' or '.join(kernels)}")
        elif kernels:
            options.append(f"window {' or '.join(kernels)}")
        if options:
            lines.append("nearest fixes: " + "; ".join(options))
    return lines


def _field_text(before: ReceptiveField, after: ReceptiveField, axis: int, window: Window) -> str:
    """The three recurrences along one axis, with the values before and after the layer."""
    r, j, p = before.size[axis], before.jump[axis], before.padding[axis]
    k = window.effective_kernel
    return (
        f"r = r_in + (k − 1)·j_in = {number_text(r)} + ({k:,} − 1)·{number_text(j)} = "
        f"{number_text(after.size[axis])}\n"
        f"j = j_in·s = {number_text(j)}·{window.stride:,} = {number_text(after.jump[axis])}\n"
        f"P = P_in + p0·j_in = {number_text(p)} + {window.pad_before:,}·{number_text(j)} = "
        f"{number_text(after.padding[axis])}"
    )


def explanation_lines(explained: LayerExplanation) -> Iterator[str]:
    layer = explained.layer
    spec = layer.spec
    layout = explained.layout
    yield f"{printable(spec.name)}: {printable(spec.kind)}, layer {spec.index}"
    inputs = ", ".join(shape_text(shape, layout) for shape in explained.input_shapes)
    output = shape_text(layer.output_shape, layout)
    yield f"  {inputs or '?'} → {output}"
    if not layer.calculated:
        yield "  not computed: an earlier layer's output is unknown"
        return
    rank = len(layer.windows)
    # ------------------------------------------------------------- the output size
    yield ""
    yield "output size"
    if explained.family == JOIN:
        yield from _join_lines(explained)
    elif explained.family == TRANSPOSED:
        for label, text in _grouped(len(explained.size_formulas), explained.size_formulas):
            yield f"  {label}: out = (L − 1)·s − p0 − p1 + d·(k − 1) + output_padding + 1 = {text}"
    elif layer.windows:
        pooling = explained.family == POOLING
        per_axis = ["\n".join(_size_lines(axis, pooling)) for axis in explained.axes]
        for label, text in _grouped(rank, per_axis):
            yield f"  {label}:"
            for line in text.splitlines():
                yield f"    {line}"
        if pooling:
            yield "  channels: pooling acts on each channel alone, so channels in = channels out"
        elif explained.parameters is not None:
            yield f"  channels: one per filter = {explained.parameters.filters:,}"
    elif explained.size_formulas:
        for label, text in _grouped(len(explained.size_formulas), explained.size_formulas):
            yield f"  {label}: {text}"
    else:
        yield "  the shape is computed without a sliding window (see `convcalc kinds`)"
    # ------------------------------------------------------------- parameters
    yield ""
    yield "parameters"
    yield from _parameter_lines(explained)
    # ------------------------------------------------------------- receptive field
    before, after = explained.field_before, layer.receptive_field
    if after is not None:
        yield ""
        yield "receptive field (Araujo et al.: r size, j jump, P padding, in input pixels)"
        if (
            before is not None
            and layer.windows
            and not after.is_global
            and len(before.size) == rank
        ):
            texts = [
                _field_text(before, after, index, axis.window)
                for index, axis in enumerate(explained.axes)
            ]
            for label, text in _grouped(rank, texts):
                yield f"  {label}:"
                for line in text.splitlines():
                    yield f"    {line}"
        yield f"  {field_text(after)} (size /jump)"
    # ------------------------------------------------------------- cost
    yield ""
    yield "cost"
    yield from _cost_lines(explained)
    for diagnostic in explained.diagnostics:
        if explained.diagnostics and diagnostic is explained.diagnostics[0]:
            yield ""
            yield "diagnostics"
        yield f"  {diagnostic_line(diagnostic)}"
        if diagnostic.hint:
            yield f"  {hint_line(diagnostic)}"


def _join_lines(explained: LayerExplanation) -> Iterator[str]:
    layer = explained.layer
    shapes = [shape for shape in explained.input_shapes if shape is not None]
    output = layer.output_shape
    kind = layer.spec.kind
    if output is None or not shapes:
        yield "  not computed (see the diagnostics)"
        return
    if kind == "concat" and output.channels != shapes[0].channels:
        terms = " + ".join(f"{shape.channels:,}" for shape in shapes)
        yield f"  concat along channels: channels = {terms} = {output.channels:,}"
        yield "  every other size must agree between the inputs"
    else:
        yield f"  {kind}: element by element, so every input has the output's shape"
    yield f"  output = {shape_text(output, explained.layout)}"


def _parameter_lines(explained: LayerExplanation) -> Iterator[str]:
    layer = explained.layer
    parameters = explained.parameters
    if parameters is not None:
        p = parameters
        kernel = "×".join(f"{size:,}" for size in p.kernel)
        factors = "·".join(f"{size:,}" for size in p.kernel)
        per = "kernel" if p.channels_per_group == 1 else "kernels"
        if explained.family == TRANSPOSED:
            yield (
                f"  {p.in_channels:,} input channels, each spreading {p.channels_per_group:,} "
                f"{per} of {kernel} (one per output channel of its group)"
            )
            yield (
                f"  weights = C_in·(C_out/g)·k = {p.in_channels:,}·{p.channels_per_group:,}·"
                f"{factors} = {layer.weights:,}"
            )
        else:
            group = (
                ", one per input channel"
                if p.groups == 1
                else f", one per input channel of its group ({p.groups:,} groups of "
                f"{p.channels_per_group:,} channels)"
            )
            yield f"  {p.filters:,} filters, each {p.channels_per_group:,} {per} of {kernel}{group}"
            yield (
                f"  weights = k·(C_in/g)·filters = {factors}·{p.channels_per_group:,}·"
                f"{p.filters:,} = {layer.weights:,}"
            )
        biases = layer.biases or 0
        yield f"  biases = {biases:,}" + (" (one per filter)" if biases else " (bias off)")
    elif layer.spec.kind == "dense" and explained.input_elements is not None:
        units = layer.output_shape.channels if layer.output_shape else 0
        yield (
            f"  weights = inputs·units = {explained.input_elements:,}·{units:,} = "
            f"{_known(layer.weights)}"
        )
        yield f"  biases = {_known(layer.biases)}"
    elif layer.weights == 0 and layer.biases == 0:
        yield "  none: nothing in this layer is learned"
    else:
        yield f"  weights = {_known(layer.weights)}, biases = {_known(layer.biases)}"
    if layer.weights and layer.biases is not None:
        yield (
            f"  params = weights + biases = {layer.weights:,} + {layer.biases:,} = {layer.params:,}"
        )
    if layer.buffers:
        yield f"  buffers = {layer.buffers:,} (not trained: running statistics)"
    if (
        explained.dense_weights is not None
        and explained.input_elements is not None
        and explained.output_elements is not None
        and layer.weights
        and explained.family != JOIN
    ):
        yield (
            f"  a dense layer between the same input and output: {explained.input_elements:,}"
            f" inputs × {explained.output_elements:,} outputs"
        )
        yield f"    = {explained.dense_weights:,} weights, against {layer.weights:,} here"


def _positions(shape: Shape | None) -> str:
    """`55·55`: the spatial sizes whose product is the positions."""
    return "·".join(f"{size:,}" for size in shape.spatial) if shape is not None else "?"


def _known(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def _cost_lines(explained: LayerExplanation) -> Iterator[str]:
    layer = explained.layer
    memory = layer.memory
    batch = explained.batch
    per_batch = "·batch" if batch != 1 else ""
    if layer.macs is None:
        yield "  MACs: not computed"
    elif explained.parameters is not None and explained.positions is not None:
        if explained.family == TRANSPOSED:
            yield (
                f"  MACs = input positions·weights{per_batch} = {explained.input_positions or 0:,}·"
                f"{layer.weights or 0:,}{per_batch and f'·{batch:,}'} = {layer.macs:,}"
            )
            yield "  (every input pixel meets every weight once)"
        else:
            yield (
                f"  MACs = output positions·weights{per_batch} = {_positions(layer.output_shape)}·"
                f"{layer.weights or 0:,}{per_batch and f'·{batch:,}'} = {layer.macs:,}"
            )
    else:
        yield f"  MACs = {layer.macs:,}"
    if layer.macs:
        yield "  FLOPs = 2 × MACs (one multiply and one add each)"
    if memory is None:
        return
    if memory.im2col is not None and explained.parameters is not None:
        im2col = memory.im2col
        p = explained.parameters
        factors = "·".join(f"{size:,}" for size in p.kernel)
        transposed = explained.family == TRANSPOSED
        channels = p.filters if transposed else p.in_channels
        name = (
            "col2im matrix = (C_out·k) × (input positions"
            if transposed
            else "im2col matrix = (C_in·k) × (positions"
        )
        yield (
            f"  {name}{per_batch}) = ({channels:,}·{factors}) × "
            f"({_positions(layer.input_shape if transposed else layer.output_shape)}"
            f"{per_batch and f'·{batch:,}'}) = {im2col.rows:,} × {im2col.columns:,}: "
            f"{bytes_text(im2col.bytes)} ({im2col.bytes:,} bytes)"
        )
    yield (
        f"  activation = {memory.activation_elements:,} elements = "
        f"{bytes_text(memory.activation_bytes)} ({memory.activation_bytes:,} bytes)"
    )
    if memory.parameter_bytes:
        yield (
            f"  parameter memory = {bytes_text(memory.parameter_bytes)} "
            f"({memory.parameter_bytes:,} bytes)"
        )
