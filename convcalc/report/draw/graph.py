"""What a picture shows: one volume per layer output (or per block collapsed at `--depth`), the
network input first, and the links between them, all read from a NetworkReport."""

from __future__ import annotations

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.records import frozen
from convcalc.core.shapes import Shape
from convcalc.engine.results import LayerResult, NetworkReport
from convcalc.geometry.arithmetic import Window

INPUT = "input"  # the network input's name in LayerSpec.inputs, and its volume's key


@frozen
class Volume:
    """One drawn output volume: a layer's, a collapsed block's, or the network input."""

    key: str  # the layer's or block's full name; INPUT for the network input
    name: str  # as shown (user text: escape before writing)
    kind: str  # the layer kind, the block's name (`bottleneck×3`), or `input`
    shape: Shape | None  # None: not computed (after an error)
    status: Severity | None  # the worst diagnostic on it
    codes: tuple[str, ...]  # the codes of those diagnostics, in order, once each
    layers: int  # how many layers it stands for (1, or a block's count)
    collapsed: bool = False


@frozen
class Link:
    """Data flowing from one volume into another; `shape` is what flows (the source's output)."""

    source: str
    target: str
    shape: Shape | None


@frozen
class KernelWindow:
    """A conv or pool layer's sliding window, drawn inside the volume it reads (`source`)."""

    layer: str
    source: str
    windows: tuple[Window, ...]


@frozen
class Graph:
    volumes: tuple[Volume, ...]  # the input first, then in the spec's order
    links: tuple[Link, ...]
    kernels: tuple[KernelWindow, ...]


def _codes(diagnostics: list[Diagnostic]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(diagnostic.code for diagnostic in diagnostics))


def volume_key(layer: LayerResult, depth: int | None) -> str:
    """The volume a layer is drawn in: its own, or its block's at `--depth` (as the table's)."""
    blocks = layer.spec.blocks
    if depth is not None and len(blocks) > depth:
        return blocks[depth]
    return layer.spec.name


def network_graph(report: NetworkReport, depth: int | None = None) -> Graph:
    """The volumes and links of a report that loaded (`report.network` is not None)."""
    network = report.network
    assert network is not None
    by_layer: dict[str | None, list[Diagnostic]] = {}
    for diagnostic in report.diagnostics:
        by_layer.setdefault(diagnostic.layer, []).append(diagnostic)
    layer_names = {layer.spec.name for layer in report.layers}
    # Diagnostics about the network as a whole (its input, its outputs) mark the input volume.
    on_network = [d for name, found in by_layer.items() if name not in layer_names for d in found]
    volumes: dict[str, Volume] = {
        INPUT: Volume(
            key=INPUT,
            name=INPUT,
            kind=INPUT,
            shape=network.input_shape,
            status=max((d.severity for d in on_network), default=None),
            codes=_codes(on_network),
            layers=0,
        )
    }
    blocks = {block.name: block for block in report.blocks}
    owner: dict[str, str] = {INPUT: INPUT}
    links: dict[tuple[str, str], Link] = {}
    kernels: list[KernelWindow] = []
    for layer in report.layers:
        key = volume_key(layer, depth)
        owner[layer.spec.name] = key
        if key not in volumes:
            if key == layer.spec.name:
                found = by_layer.get(key, [])
                volumes[key] = Volume(
                    key=key,
                    name=key,
                    kind=layer.spec.kind,
                    shape=layer.output_shape,
                    status=layer.status,
                    codes=_codes(found),
                    layers=1,
                )
            else:
                block = blocks[key]
                members = [report.layers[index].spec.name for index in block.layer_indices]
                found = [d for member in members for d in by_layer.get(member, [])]
                volumes[key] = Volume(
                    key=key,
                    name=key,
                    kind=block.block,
                    shape=block.output_shape,
                    status=block.status,
                    codes=_codes(found),
                    layers=len(block.layer_indices),
                    collapsed=True,
                )
        for name in layer.spec.inputs:
            source = owner.get(name)
            if source is None or source == key:
                continue
            links.setdefault((source, key), Link(source, key, volumes[source].shape))
        if layer.windows and key == layer.spec.name and layer.spec.inputs:
            source = owner.get(layer.spec.inputs[0])
            if source is not None:
                kernels.append(KernelWindow(layer.spec.name, source, layer.windows))
    return Graph(tuple(volumes.values()), tuple(links.values()), tuple(kernels))
