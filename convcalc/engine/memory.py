"""Memory figures: what each layer's output, parameters and im2col workspace take at --dtype and
--batch (the calculator sums the network's totals). Definitions: docs/counting.md, "Memory"."""

from __future__ import annotations

from math import prod

from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.engine.results import Im2col, LayerMemory, LayerResult
from convcalc.geometry.arithmetic import expand

# The kinds a GEMM-based framework lowers to im2col (conv) or col2im (conv_transpose).
_UNROLLED = ("conv", "conv_transpose")


def elements(shape: Shape) -> int:
    """The elements of one input's tensor of this shape."""
    return prod(shape.spatial) * shape.channels


def _im2col(layer: LayerResult, settings: CalculationSettings) -> Im2col | None:
    source, output = layer.input_shape, layer.output_shape
    if layer.spec.kind not in _UNROLLED or source is None or output is None or source.is_flat:
        return None
    kernel = prod(expand(layer.spec.fields["kernel"], source.rank))
    if layer.spec.kind == "conv":
        rows = source.channels * kernel
        columns = prod(output.spatial) * settings.batch
    else:  # col2im: every input position spreads a kernel over each output channel
        rows = output.channels * kernel
        columns = prod(source.spatial) * settings.batch
    return Im2col(rows, columns, rows * columns * settings.element_bytes)


def layer_memory(layer: LayerResult, settings: CalculationSettings) -> LayerMemory | None:
    """None when the output or the parameters are unknown."""
    params = layer.params
    if layer.output_shape is None or params is None:
        return None
    activation = elements(layer.output_shape) * settings.batch
    return LayerMemory(
        activation_elements=activation,
        activation_bytes=activation * settings.element_bytes,
        parameter_bytes=params * settings.element_bytes,
        im2col=_im2col(layer, settings),
    )
