"""The check behind CC235 fractional-pool-size (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.geometry.arithmetic import expand
from convcalc.kinds.fractional_pool import FractionalPool, output_sizes
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import FRACTIONAL_POOL_SIZE


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not isinstance(ctx.kind, FractionalPool):
        return
    shape = ctx.input_shape
    sizes = output_sizes(ctx.spec, shape)
    if sizes is None:
        fields = ctx.spec.fields
        if (fields["output_size"] is None) == (fields["output_ratio"] is None):
            yield Finding(
                "a fractional max pool needs exactly one of `output_size` and `output_ratio`",
                hint="write `output_ratio: 0.7` or an `output_size`",
            )
        return  # else a ratio out of its bounds on a huge size: value-out-of-range says so
    kernels = expand(ctx.spec.fields["kernel"], shape.rank)
    if len(kernels) != shape.rank or len(sizes) != shape.rank:
        return  # reported as a rank mismatch
    # PyTorch's 2-D check is `output + kernel - 1 <= L`, its 3-D one `< L`.
    spare = 1 if shape.rank == 3 else 0
    for output, kernel, length in zip(sizes, kernels, shape.spatial, strict=True):
        needed = output + kernel - 1 + spare
        if output < 1 or needed > length:
            largest = length - kernel + 1 - spare
            yield Finding(
                f"an output of {output:,} with a kernel of {kernel} needs an input of at least "
                f"{needed:,}, but it is {length:,}",
                hint=f"an output of at most {largest:,}, or a smaller kernel"
                if largest >= 1
                else "a smaller kernel",
                field="output_size" if ctx.spec.fields["output_size"] is not None else "kernel",
            )
            return


CHECK = LayerCheck(
    FRACTIONAL_POOL_SIZE, check, concerns=lambda kind: isinstance(kind, FractionalPool)
)
