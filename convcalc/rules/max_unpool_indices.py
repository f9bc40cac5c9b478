"""The check behind CC236 max-unpool-indices (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.core.printable import printable
from convcalc.geometry.arithmetic import expand
from convcalc.kinds import KINDS
from convcalc.kinds.max_unpool import MaxUnpool, default_sizes
from convcalc.kinds.pool import MAXPOOL
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import MAX_UNPOOL_INDICES


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not isinstance(ctx.kind, MaxUnpool) or len(ctx.input_shapes) != 2:
        return
    values, indices = ctx.input_shapes
    producer = ctx.input_specs[1] if len(ctx.input_specs) == 2 else None
    if producer is None or KINDS[producer.kind] is not MAXPOOL:
        name = printable(ctx.input_names[1]) if len(ctx.input_names) == 2 else "input"
        yield Finding(
            f"the indices come from `{name}`, which is not a max pooling layer",
            hint="name the `maxpool` whose indices it uses second: `from: [values, pool]`",
        )
        return
    if values != indices:
        yield Finding(
            f"the values are {values.label(ctx.layout)} but the indices of "
            f"`{printable(producer.name)}` are {indices.label(ctx.layout)}",
            hint="unpool the output of that pool, or of layers that keep its shape",
        )
        return
    wanted = ctx.spec.fields["output_size"]
    if wanted is None or values.is_flat:
        return
    rank = values.rank
    kernels = expand(ctx.spec.fields["kernel"], rank)
    stride = ctx.spec.fields["stride"]
    strides = kernels if stride is None else expand(stride, rank)
    sizes = expand(wanted, rank)
    if len(sizes) != rank or len(strides) != rank:
        return  # reported as a rank mismatch
    for axis, (size, default, step) in enumerate(
        zip(sizes, default_sizes(ctx.spec, values), strides, strict=True)
    ):
        if not default - step < size < default + step:
            yield Finding(
                f"invalid output_size {list(sizes)}: dimension {axis} must be between "
                f"{default - step} and {default + step} (exclusive)",
                hint=f"an output_size from {default - step + 1} to {default + step - 1} there",
                field="output_size",
            )
            return


CHECK = LayerCheck(MAX_UNPOOL_INDICES, check, concerns=lambda kind: isinstance(kind, MaxUnpool))
