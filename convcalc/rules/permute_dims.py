"""The check behind CC232 permute-dims (what it reports and why: rules/table.py)."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding
from convcalc.kinds.permute import Permute, permutation, problem
from convcalc.rules.base import LayerCheck, LayerContext
from convcalc.rules.table import PERMUTE_DIMS


def check(ctx: LayerContext) -> Iterator[Finding]:
    if not isinstance(ctx.kind, Permute):
        return
    shape = ctx.input_shape
    count = shape.rank + 2 if shape.spatial else 2
    if ctx.spec.kind == "transpose":
        for name in ("dim0", "dim1"):
            dim = ctx.spec.fields[name]
            if not -count <= dim < count:
                yield Finding(
                    f"dimension {dim} is out of range for a {count}-D tensor (batch included)",
                    hint=f"a dimension from 0 to {count - 1}",
                    field=name,
                )
                return
    why = problem(permutation(ctx.spec, shape.rank), shape)
    if why is not None:
        last = count - 1
        to_last = [0, *range(2, last + 1), 1]
        to_first = [0, last, *range(1, last)]
        hint = f"`{to_last}` puts the channels last, `{to_first}` puts them back first"
        yield Finding(
            why,
            hint=hint if count > 2 else "a flat [N, C] tensor has nothing to reorder: `[0, 1]`",
            field="dim0" if ctx.spec.kind == "transpose" else "dims",
        )


CHECK = LayerCheck(PERMUTE_DIMS, check, concerns=lambda kind: isinstance(kind, Permute))
