"""The check behind CC011 rank-mismatch (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.kinds.base import Field, LayerKind
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import RANK_MISMATCH

_DIMS = {1: "1 spatial dimension"}


def _dims(rank: int) -> str:
    return _DIMS.get(rank, f"{rank} spatial dimensions")


# Per kind (by name), its fields that take one value per spatial dimension: found once.
_spatial: dict[str, tuple[Field, ...]] = {}


def _spatial_fields(kind: LayerKind) -> tuple[Field, ...]:
    found = _spatial.get(kind.name)
    if found is None:
        found = _spatial[kind.name] = tuple(item for item in kind.fields if item.spatial)
    return found


def check(ctx: LayerContext) -> Iterator[Finding]:
    rank = ctx.input_shape.rank
    if ctx.input_shape.is_flat:
        return
    spec = ctx.spec
    if spec.required_rank is not None and spec.required_rank != rank:
        follow = f"write `type: {spec.kind}` to follow the input's rank"
        reads_input = bool(ctx.input_specs) and ctx.input_specs[0] is None
        if spec.required_rank == rank + 1 and reads_input:
            # `[28, 28]` is read as 28 positions of 28 channels: most often an image written
            # without its channel count, for which a 1-D layer would be no fix at all.
            written = ctx.input_shape.in_layout(ctx.layout)
            with_channels = [1, *written] if ctx.layout == "chw" else [*written, 1]
            sizes = ", ".join(str(size) for size in with_channels)
            follow = (
                f"the input is read as {_dims(rank)} with {ctx.input_shape.channels:,} channels; "
                f"for a single-channel image write `input: [{sizes}]`, or, if it really has "
                f"{ctx.input_shape.channels:,} channels, " + follow
            )
        yield Finding(
            f"`{spec.written_kind}` needs {_dims(spec.required_rank)}, but its input "
            f"{ctx.input_shape.label(ctx.layout)} has {rank}",
            hint=follow,
        )
    for kind_field in _spatial_fields(ctx.kind):
        value = spec.fields.get(kind_field.name)
        if isinstance(value, (tuple, list)) and len(value) != rank:
            yield Finding(
                f"`{kind_field.name}` has {len(value)} values, but the input has {_dims(rank)}",
                hint=f"give one value, or {rank}",
                field=kind_field.name,
            )
        if value == "causal" and rank != 1:
            yield Finding(
                f"`causal` padding is for 1-D inputs; this input has {_dims(rank)}",
                field=kind_field.name,
            )


CHECK = LayerCheck(RANK_MISMATCH, check)
