"""Memory figures: what each layer's output, parameters and im2col workspace take at --dtype and
--batch (the calculator sums the network's totals). Definitions: docs/counting.md, "Memory"."""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec
from convcalc.engine.results import Im2col, LayerMemory
from convcalc.geometry.arithmetic import expand

# The kinds a GEMM-based framework lowers to im2col (conv) or col2im (conv_transpose).
_UNROLLED = ("conv", "conv_transpose")


def elements(shape: Shape) -> int:
    """The elements of one input's tensor of this shape."""
    return prod(shape.spatial) * shape.channels


def _im2col(
    spec: LayerSpec, source: Shape, output: Shape, settings: CalculationSettings
) -> Im2col | None:
    if spec.kind not in _UNROLLED or source.is_flat:
        return None
    kernel = prod(expand(spec.fields["kernel"], source.rank))
    if spec.kind == "conv":
        rows = source.channels * kernel
        columns = prod(output.spatial) * settings.batch
    else:  # col2im: every input position spreads a kernel over each output channel
        rows = output.channels * kernel
        columns = prod(source.spatial) * settings.batch
    return Im2col(rows, columns, rows * columns * settings.element_bytes)


def layer_memory(
    spec: LayerSpec,
    input_shape: Shape,
    output: Shape | None,
    params: int | None,
    settings: CalculationSettings,
) -> LayerMemory | None:
    """A layer's memory from its figures (before its result is built); None when the output or
    the parameters are unknown."""
    if output is None or params is None:
        return None
    activation = prod(output.spatial) * output.channels * settings.batch
    return LayerMemory(
        activation,
        activation * settings.element_bytes,
        params * settings.element_bytes,
        _im2col(spec, input_shape, output, settings),
    )
