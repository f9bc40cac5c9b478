"""Tensor shapes as convcalc sees them: spatial sizes plus channels, or a flat vector."""

from __future__ import annotations

from convcalc.core.records import frozen

LAYOUTS = ("hwc", "chw")


@frozen
class Shape:
    """A feature map's shape; `spatial == ()` means a flat vector of `channels` features."""

    spatial: tuple[int, ...]
    channels: int
    # PyTorch holds the tensor channels-last, [N, *spatial, C], after a permute (ConvNeXt's
    # Linear and LayerNorm act on it so); False: its own [N, C, *spatial]. The shape as written
    # in a spec is the same either way.
    channels_last: bool = False

    @property
    def rank(self) -> int:
        return len(self.spatial)

    @property
    def is_flat(self) -> bool:
        return not self.spatial

    def in_layout(self, layout: str) -> list[int]:
        """The shape as a list in the given layout (`hwc`: channels last, `chw`: first)."""
        if self.is_flat:
            return [self.channels]
        if layout == "chw":
            return [self.channels, *self.spatial]
        return [*self.spatial, self.channels]

    def label(self, layout: str = "hwc") -> str:
        """`55×55×96`, in the given layout."""
        return "×".join(f"{size:,}" for size in self.in_layout(layout))

    @classmethod
    def from_layout(cls, sizes: list[int] | tuple[int, ...], layout: str) -> Shape:
        """Read a shape written in `layout`; a single number is a flat vector."""
        if len(sizes) == 1:
            return cls((), sizes[0])
        if layout == "chw":
            return cls(tuple(sizes[1:]), sizes[0])
        return cls(tuple(sizes[:-1]), sizes[-1])
