"""The check behind CC230 split-sizes (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.kinds.joins import concat_axis
from convcalc.kinds.split import Split, piece_bounds
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import SPLIT_SIZES


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not isinstance(ctx.kind, Split):
        return
    fields = ctx.spec.fields
    chunks, sizes = fields["chunks"], fields["sizes"]
    if (chunks is None) == (sizes is None):
        yield Finding(
            "a split needs exactly one of `chunks` and `sizes`",
            hint="write `chunks: 2` for two equal pieces, or `sizes: [a, b]`",
        )
        return
    axis = concat_axis(ctx.spec, ctx.input_shape.rank, ctx.layout)
    written = ctx.input_shape.in_layout(ctx.layout)
    if axis is None:
        yield Finding(
            f"the input {ctx.input_shape.label(ctx.layout)} has no axis {fields['axis']}",
            hint=f"an axis from {-len(written)} to {len(written) - 1}, or `channels`",
            field="axis",
        )
        return
    length = written[axis]
    if sizes is not None:
        listed = [sizes] if isinstance(sizes, int) else list(sizes)
        if sum(listed) != length:
            yield Finding(
                f"sizes {listed} add up to {sum(listed):,}, but the axis has {length:,}",
                hint=f"sizes that add up to {length:,}",
                field="sizes",
            )
        return
    if chunks < 1:  # value-out-of-range (CC010) reports it
        return
    if ctx.settings.framework == "tensorflow" and length % chunks:
        yield Finding(
            f"tf.split cannot cut {length:,} into {chunks} equal pieces",
            hint="a number of chunks that divides the axis, or `sizes`",
            field="chunks",
        )
        return
    if piece_bounds(ctx.spec, length)[1] < 1:
        step = -(-length // chunks)
        given = -(-length // step)
        yield Finding(
            f"torch.chunk cuts {length:,} into {given} pieces of at most {step:,}, "
            f"so piece {ctx.spec.piece} does not exist",
            hint=f"`chunks: {given}`, or `sizes`",
            field="chunks",
        )


CHECK = LayerCheck(SPLIT_SIZES, check, concerns=lambda kind: isinstance(kind, Split))
