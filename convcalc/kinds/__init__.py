"""The one registry of layer kinds: the loader, calculator, docs and schema all read it."""

from __future__ import annotations

from importlib import import_module

from convcalc.kinds.base import Field, LayerKind, normalise_field, normalise_kind

# The modules of the kinds, in the order `convcalc kinds`, the docs and the schema list them. Each
# defines KIND, or KINDS when it holds several; listing the module here is the whole registration.
MODULES = (
    "conv",
    "conv_transpose",
    "separable_conv",
    "locally_connected",
    "pool",
    "global_pool",
    "adaptive_pool",
    "fractional_pool",
    "max_unpool",
    "upsample",
    "pixel_shuffle",
    "pad",
    "cropping",
    "dense",
    "flatten",
    "reshape",
    "dropout",
    "drop_path",
    "batchnorm",
    "scale",
    "layernorm",
    "groupnorm",
    "instancenorm",
    "activation",
    "prelu",
    "identity",
    "layer_scale",
    "channel_shuffle",
    "split",
    "permute",
    "top_k",
    "joins",
    "rearrange",
    "embeddings",
)


def _kinds() -> dict[str, LayerKind]:
    found: dict[str, LayerKind] = {}
    for name in MODULES:
        module = import_module(f"convcalc.kinds.{name}")
        kinds: tuple[LayerKind, ...] = getattr(module, "KINDS", None) or (module.KIND,)
        for kind in kinds:
            if kind.name in found:
                raise ImportError(f"two layer kinds are named {kind.name!r}")
            found[kind.name] = kind
    return found


KINDS = _kinds()


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
