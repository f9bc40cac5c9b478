"""The check behind CC220 join-mismatch (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.core.printable import printable
from convcalc.core.shapes import Shape
from convcalc.kinds.joins import concat_axis
from convcalc.rules._text import dimension_name
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import JOIN_MISMATCH


def _joined_spatial_axis(ctx: LayerContext, rank: int) -> int | None:
    """The spatial axis a concat joins along (which may differ), or None."""
    if ctx.spec.kind != "concat":
        return None
    axis = concat_axis(ctx.spec, rank, ctx.layout)
    if axis is None:
        return None
    spatial_axis = axis - 1 if ctx.layout == "chw" else axis
    return spatial_axis if 0 <= spatial_axis < rank else None


def _spatial_hint(ctx: LayerContext, shapes: tuple[Shape, ...]) -> str | None:
    """Zero padding for each smaller branch to reach the largest size on every spatial axis that
    must agree; None when the spatial sizes already agree."""
    rank = shapes[0].rank
    skip = _joined_spatial_axis(ctx, rank)
    broadcasts = ctx.spec.kind == "multiply"
    targets: list[int] = []
    differing: list[int] = []
    for axis in range(rank):
        sizes = [shape.spatial[axis] for shape in shapes]
        meeting = [size for size in sizes if not (broadcasts and size == 1)]
        targets.append(max(meeting, default=1))
        if axis != skip and len(set(meeting)) > 1:
            differing.append(axis)
    if not differing:
        return None
    detail = "; ".join(
        f"{dimension_name(rank, axis, 2)} "
        + ", ".join(
            f"{printable(name)} {shape.spatial[axis]:,}"
            for name, shape in zip(ctx.input_names, shapes, strict=False)
        )
        for axis in differing
    )
    pads: list[str] = []
    for name, shape in zip(ctx.input_names, shapes, strict=False):
        pairs = [
            [0, targets[axis] - shape.spatial[axis]]
            if axis in differing and not (broadcasts and shape.spatial[axis] == 1)
            else [0, 0]
            for axis in range(rank)
        ]
        if any(after for _, after in pairs):
            padding = ", ".join(f"[{before}, {after}]" for before, after in pairs)
            pads.append(f"`{{type: zeropad, from: {printable(name)}, padding: [{padding}]}}`")
    return (
        f"make the spatial sizes agree ({detail}): pad the smaller branch, "
        + " and ".join(pads)
        + ", and join that; or give both paths the same size with another input size, padding "
        "or stride (CC103 and CC104 name the input sizes that make a floored division exact)"
    )


def _channel_hint(ctx: LayerContext, shapes: tuple[Shape, ...]) -> str:
    widest = max(shape.channels for shape in shapes)
    narrower = [
        printable(name)
        for name, shape in zip(ctx.input_names, shapes, strict=False)
        if shape.channels != widest
    ]
    names = ", ".join(f"`{name}`" for name in narrower)
    if shapes[0].is_flat:
        return (
            f"give {names} {widest:,} units, or add a projection "
            f"`{{type: dense, units: {widest:,}}}` after it"
        )
    return (
        f"give {names} {widest:,} filters, or add a 1×1 projection "
        f"`{{type: conv, filters: {widest:,}, kernel: 1}}` after it"
    )


def _similarity_hint(ctx: LayerContext, shapes: tuple[Shape, ...]) -> str:
    """Scores against tokens: the second input must be a sequence as wide as the first."""
    x, tokens = shapes[0], shapes[1]
    name = printable(ctx.input_names[1])
    if tokens.rank != 1:
        return f"make `{name}` a sequence of tokens, [tokens, {x.channels:,}]"
    if tokens.channels != x.channels:
        return (
            f"project `{name}` to {x.channels:,} channels first: "
            f"`{{type: dense, units: {x.channels:,}, axis: last}}`"
        )
    return f"use a number of heads that divides {x.channels:,}"


def _hint(ctx: LayerContext) -> str | None:
    shapes = ctx.input_shapes
    if ctx.spec.kind == "similarity" and len(shapes) == 2:
        return _similarity_hint(ctx, shapes)
    if len({shape.rank for shape in shapes}) != 1:
        return "give every branch the same number of dimensions (flatten or pool them alike)"
    if ctx.spec.kind == "concat" and concat_axis(ctx.spec, shapes[0].rank, ctx.layout) is None:
        return None  # the axis is out of range: the message says so, no size can fix it
    spatial = _spatial_hint(ctx, shapes) if shapes[0].rank else None
    if spatial is not None:
        return spatial
    if ctx.spec.kind == "concat":
        return None  # concatenating along a spatial axis: the channels differ
    return _channel_hint(ctx, shapes)


def check(ctx: LayerContext) -> Iterator[Finding]:
    requirement = ctx.kind.join_requirement
    if requirement is None or ctx.calculation is None or ctx.calculation.output is not None:
        return
    branches = ", ".join(
        f"{name} is {shape.label(ctx.layout)}"
        for name, shape in zip(ctx.input_names, ctx.input_shapes, strict=False)
    )
    axis = ctx.spec.fields.get("axis")
    where = f" (axis {axis})" if axis is not None else ""
    yield Finding(f"`{ctx.spec.kind}`{where} {requirement}: {branches}", hint=_hint(ctx))


CHECK = LayerCheck(JOIN_MISMATCH, check, concerns=lambda kind: kind.join_requirement is not None)
