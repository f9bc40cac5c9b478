"""What a loader produces: frozen descriptions of a network and its layers, nothing computed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from convcalc.core.records import field, frozen
from convcalc.core.shapes import Shape


@frozen(slots=True)
class Location:
    """Where something was written: a file position, or a command-line argument."""

    source: str
    line: int | None = None
    column: int | None = None
    argument: int | None = None  # the LAYER argument's index, from 0 like the table's `#`

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.source}:{self.line}:{self.column}"
        if self.argument is not None:
            return f"layer {self.argument}"
        return self.source


@frozen(slots=True)
class LayerSpec:
    """One layer as written, with defaults filled in from the kind registry."""

    kind: str
    name: str
    index: int
    fields: Mapping[str, Any]
    location: Location
    field_locations: Mapping[str, Location] = field(default_factory=dict)
    given: frozenset[str] = frozenset()
    written_kind: str = ""
    required_rank: int | None = None
    # Full names of the layers whose outputs feed this one ("input" is the network input).
    inputs: tuple[str, ...] = ()
    # Block instances this layer sits in, outermost first (`layer2`, `layer2.0`).
    blocks: tuple[str, ...] = ()
    # Where those block instances were used, outermost first.
    use_sites: tuple[Location, ...] = ()
    # For a kind that gives several outputs (split), which one this layer is: each is a layer of
    # its own, named `NAME.INDEX`.
    piece: int | None = None

    def field_location(self, name: str) -> Location:
        return self.field_locations.get(name, self.location)


@frozen
class NetworkSpec:
    """A whole network: its input and its layers in order."""

    source: str
    input_shape: Shape
    input_written: tuple[int, ...]
    layout: str
    layers: tuple[LayerSpec, ...]
    name: str | None = None
    input_location: Location | None = None
    # Full names of the layers whose outputs are the network's outputs.
    outputs: tuple[str, ...] = ()
    # Each block instance (and repeated use) by full name, and the layer that is its output.
    block_outputs: Mapping[str, str] = field(default_factory=dict)
    # Each block instance's block name (`bottleneck`; `bottleneck×4` for a repeated use).
    block_names: Mapping[str, str] = field(default_factory=dict)
    # The framework whose arithmetic the file follows (a PROFILES key), set by a format importer
    # (`convcalc/load/formats/`); None for a convcalc spec, which `--framework` governs.
    framework: str | None = None
    # Each block use (`layer2`) by full name, with the arguments its block takes: what
    # `--set layer2.width=192` and `layer2.repeat=2` may change.
    block_uses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The document the network was read from (the loader's tree), read again when a block use
    # changes; opaque here.
    document: object = field(default=None, compare=False, repr=False)
