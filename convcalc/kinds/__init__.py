"""The one registry of layer kinds: the loader, calculator, docs and schema all read it."""

from __future__ import annotations

from convcalc.kinds import (
    activation,
    adaptive_pool,
    batchnorm,
    conv,
    conv_transpose,
    dense,
    dropout,
    flatten,
    global_pool,
    groupnorm,
    identity,
    instancenorm,
    joins,
    layernorm,
    locally_connected,
    pad,
    pool,
    prelu,
    separable_conv,
    upsample,
)
from convcalc.kinds.base import Field, LayerKind, normalise_field, normalise_kind

KINDS: dict[str, LayerKind] = {
    kind.name: kind
    for kind in (
        conv.KIND,
        conv_transpose.KIND,
        separable_conv.KIND,
        locally_connected.KIND,
        pool.MAXPOOL,
        pool.AVGPOOL,
        *global_pool.KINDS,
        *adaptive_pool.KINDS,
        upsample.KIND,
        *pad.KINDS,
        dense.KIND,
        flatten.KIND,
        dropout.KIND,
        batchnorm.KIND,
        layernorm.KIND,
        groupnorm.KIND,
        instancenorm.KIND,
        *activation.KINDS,
        prelu.KIND,
        identity.KIND,
        *joins.KINDS,
    )
}


def _spellings() -> dict[str, tuple[LayerKind, int | None]]:
    table: dict[str, tuple[LayerKind, int | None]] = {}
    for kind in KINDS.values():
        table[normalise_kind(kind.name)] = (kind, None)
        for alias, rank in kind.aliases.items():
            table[normalise_kind(alias)] = (kind, rank)
    return table


SPELLINGS = _spellings()


def lookup_kind(written: str) -> tuple[LayerKind, int | None] | None:
    """The kind a user's spelling names, and the spatial rank the spelling implies."""
    return SPELLINGS.get(normalise_kind(written))


def lookup_field(kind: LayerKind, written: str) -> Field | None:
    wanted = normalise_field(written)
    for kind_field in kind.fields:
        if wanted == kind_field.name or wanted in kind_field.aliases:
            return kind_field
    return None


def kind_spellings() -> list[str]:
    return sorted(
        {kind.name for kind in KINDS.values()} | {a for k in KINDS.values() for a in k.aliases}
    )


__all__ = ["KINDS", "Field", "LayerKind", "lookup_field", "lookup_kind"]
