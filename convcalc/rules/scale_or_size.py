"""The check behind CC111 scale-or-size (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.rules.base import LayerCheck, LayerContext, with_fields
from convcalc.rules.table import SCALE_OR_SIZE


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.kind.field_named("scale") is None or ctx.kind.field_named("size") is None:
        return
    given = [name for name in ("scale", "size") if ctx.spec.fields.get(name) is not None]
    if len(ctx.input_shapes) > 1:
        # A second input gives the size: neither may be written, and it must be a map of the
        # same rank as the first.
        if given:
            yield Finding(
                f"give `{given[0]}` or a second input (whose size the output takes), not both",
                hint=f"drop `{given[0]}`, or the second input",
                field=given[0],
            )
        reference, first = ctx.input_shapes[1], ctx.input_shapes[0]
        if reference.is_flat or reference.rank != first.rank:
            yield Finding(
                f"the second input ({ctx.input_names[1]}) gives the output size: it must have "
                f"{first.rank} spatial dimensions, as the first has",
                hint="resize to a feature map of the same kind",
            )
        return
    if len(given) == 1:
        return
    if given:
        yield Finding(
            "give `scale` or `size`, not both",
            hint="keep the one that states what you mean",
            field="size",
        )
    else:
        yield Finding(
            f"`{ctx.spec.kind}` needs `scale` (a factor) or `size` (the output size)",
            hint="for example `scale: 2`",
        )


CHECK = LayerCheck(SCALE_OR_SIZE, check, concerns=with_fields("scale", "size"))
