"""The one registry of layer kinds: the loader, calculator, docs and schema all read it."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from typing import TYPE_CHECKING, Any

from convcalc.kinds.base import Field, LayerKind, normalise_field, normalise_kind
from convcalc.kinds.index import KIND_MODULES, SPELLINGS

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_keys, dict_values

# The modules of the kinds, in the order `convcalc kinds`, the docs and the schema list them. Each
# defines KIND, or KINDS when it holds several; listing the module here registers it, and
# `python tools/kind_index.py` writes index.py from them (which kind is in which module, and
# every spelling), so that the registry imports a module only when one of its kinds is used.
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


def module_kinds(module_name: str) -> tuple[LayerKind, ...]:
    """The kinds one module of MODULES defines (its KIND, or its KINDS)."""
    module = import_module(f"convcalc.kinds.{module_name}")
    kinds: tuple[LayerKind, ...] = getattr(module, "KINDS", None) or (module.KIND,)
    return kinds


class _Registry(dict[str, LayerKind]):
    """Kind name -> LayerKind. A kind's module is imported when one of its kinds is first looked
    up (`KINDS[name]`, `get`): a check loads the modules of the kinds its specs use (and those the
    rules import), not all of them. Its names, `in` and `len` come from the index without any
    import; `values()` and `items()` import every module, and list the kinds in registry order."""

    def __missing__(self, name: str) -> LayerKind:
        for kind in module_kinds(KIND_MODULES[name]):  # KeyError for no such kind, as a dict
            dict.__setitem__(self, kind.name, kind)
        return dict.__getitem__(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in KIND_MODULES else default

    def __contains__(self, name: object) -> bool:
        return name in KIND_MODULES

    def __iter__(self) -> Iterator[str]:
        return iter(KIND_MODULES)

    def __len__(self) -> int:
        return len(KIND_MODULES)

    def _every(self) -> None:
        if dict.__len__(self) < len(KIND_MODULES):
            every = {name: self[name] for name in KIND_MODULES}
            self.clear()  # again, in registry order
            self.update(every)

    def keys(self) -> dict_keys[str, LayerKind]:
        self._every()
        return super().keys()

    def values(self) -> dict_values[str, LayerKind]:
        self._every()
        return super().values()

    def items(self) -> dict_items[str, LayerKind]:
        self._every()
        return super().items()


KINDS: dict[str, LayerKind] = _Registry()


def lookup_kind(written: str) -> tuple[LayerKind, int | None] | None:
    """The kind a user's spelling names, and the spatial rank the spelling implies."""
    found = SPELLINGS.get(normalise_kind(written))
    return None if found is None else (KINDS[found[0]], found[1])


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
