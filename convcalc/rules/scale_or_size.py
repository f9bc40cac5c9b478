"""An upsampling layer needs exactly one of `scale` and `size`. PyTorch: "either size or
scale_factor should be defined" / "only one of size or scale_factor should be defined"."""

from __future__ import annotations

from collections.abc import Iterator

from convcalc.core.diagnostics import Finding, Severity
from convcalc.rules.base import LayerContext, Rule


def check(ctx: LayerContext) -> Iterator[Finding]:
    if ctx.kind.field_named("scale") is None or ctx.kind.field_named("size") is None:
        return
    given = [name for name in ("scale", "size") if ctx.spec.fields.get(name) is not None]
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


RULE = Rule(
    id="CC111",
    name="scale-or-size",
    severity=Severity.ERROR,
    stage="spec",
    doc=__doc__ or "",
    example="  - {type: upsample, scale: 2, size: 64}",
    check_layer=check,
)
