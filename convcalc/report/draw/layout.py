"""Where everything goes: drawing geometry only (lengths on the chosen scale, columns, lanes, the
routes of the links). Shapes, windows and fields are the engine's; nothing here is CNN arithmetic.

The picture is a grid. Columns follow the flow (a volume sits one column after the last volume it
reads), lanes run across it (a branch takes the next free lane, so parallel branches sit side by
side). Each cell holds one volume and its label, so no two labels can overlap. A link runs
straight along a lane where the lane is empty, bends in the gap between two columns, and when
both lanes are blocked (a skip connection over a chain) it arcs through a band kept free above
its lanes, on a track of its own.

Coordinates are first worked out as (flow, cross) and then turned into (x, y): `right` is
x = flow, y = cross; `down` is x = cross, y = flow.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from convcalc.core.printable import printable
from convcalc.core.records import frozen
from convcalc.core.shapes import Shape
from convcalc.geometry.arithmetic import Window
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.report.base import field_text, shape_text
from convcalc.report.draw import DrawOptions
from convcalc.report.draw.graph import INPUT, Graph, Link, Volume

# Text is set in a monospace font, so its extent is known without a font: every character is
# 0.6 em wide (the tests check label boxes with the same figures).
FONT_SIZE = 11
CHAR_WIDTH = 0.6 * FONT_SIZE
LINE_HEIGHT = 14
MARGIN = 16
COLUMN_GAP = 30  # between columns: where links bend and arcs rise
LANE_GAP = 20
LABEL_GAP = 6  # between a lane's volumes and its labels
TRACK = 7  # between two arcs in a band
OBLIQUE = 0.35  # the receding side's length per unit of width (drawn at 45°)
NAME_LIMIT = 40  # characters of a name shown; the rest is cut (the full name is in the tooltip)
FLAT_THICKNESS = 6.0
# Log scale: length = BASE + PER_DOUBLING·log2(n), capped so astronomic sizes stay on the page.
SPATIAL_BASE, SPATIAL_PER_DOUBLING, SPATIAL_MOST = 6.0, 14.0, 240.0
CHANNEL_BASE, CHANNEL_PER_DOUBLING, CHANNEL_MOST = 3.0, 4.0, 80.0
# Linear scale: the largest size of its kind gets this length; nothing is thinner than 2.
SPATIAL_LINEAR, CHANNEL_LINEAR, THINNEST = 160.0, 64.0, 2.0


@frozen
class Scale:
    """Sizes to lengths: log (every net readable), or linear against the net's largest size."""

    log: bool
    largest_spatial: float
    largest_channels: float
    largest_flat: float

    @staticmethod
    def _logarithmic(n: float, base: float, per_doubling: float, most: float) -> float:
        return min(base + per_doubling * math.log2(max(float(n), 1.0)), most)

    def spatial(self, n: float) -> float:
        if self.log:
            return self._logarithmic(n, SPATIAL_BASE, SPATIAL_PER_DOUBLING, SPATIAL_MOST)
        return max(THINNEST, SPATIAL_LINEAR * float(n) / self.largest_spatial)

    def channels(self, n: float) -> float:
        if self.log:
            return self._logarithmic(n, CHANNEL_BASE, CHANNEL_PER_DOUBLING, CHANNEL_MOST)
        return max(THINNEST, CHANNEL_LINEAR * float(n) / self.largest_channels)

    def features(self, n: float) -> float:
        """A flat vector's length."""
        if self.log:
            return self.spatial(n)
        return max(THINNEST, SPATIAL_LINEAR * n / self.largest_flat)


def scale_for(shapes: Sequence[Shape | None], log: bool) -> Scale:
    spatial = [size for shape in shapes if shape for size in shape.spatial[-2:]]
    channels = [shape.channels for shape in shapes if shape and not shape.is_flat]
    flat = [shape.channels for shape in shapes if shape and shape.is_flat]
    return Scale(
        log, max(spatial, default=1) or 1, max(channels, default=1) or 1, max(flat, default=1) or 1
    )


@frozen
class Cuboid:
    """A volume: its front face (x, y the top-left corner) and the side receding up and right
    by `depth`; a flat vector is a thin bar (no depth); `known` False: a placeholder."""

    x: float
    y: float
    width: float
    height: float
    depth: float
    flat: bool
    known: bool = True


@frozen
class Label:
    """Lines of text, each with its role (name, kind, shape, codes, field), top-left at x, y."""

    x: float
    y: float
    lines: tuple[tuple[str, str], ...]


@frozen
class Placed:
    volume: Volume
    cuboid: Cuboid
    label: Label
    column: int
    lane: int


@frozen
class Route:
    """A link's path (SVG path data) and the points it passes, for the bounds."""

    link: Link
    path: str
    points: tuple[tuple[float, float], ...]
    arc: bool


@frozen
class FaceMark:
    """A quadrilateral on a volume's end face: a kernel window, or a projected receptive field."""

    role: str  # "kernel" or "field"
    layer: str
    volume: str
    points: tuple[tuple[float, float], ...]
    text: str  # what it is, for the tooltip
    # A kernel window's two edges drawn on to the volume it computes (the articles' pyramid),
    # when that volume is the next one along the same lane and the flow runs right.
    rays: tuple[tuple[tuple[float, float], tuple[float, float]], ...] = ()


@frozen
class Picture:
    width: float
    height: float
    placed: tuple[Placed, ...]
    routes: tuple[Route, ...]
    marks: tuple[FaceMark, ...]


def label_lines(
    volume: Volume, layout: str, extra: Sequence[tuple[str, str]] = ()
) -> tuple[tuple[str, str], ...]:
    """What is written beside a volume: name, kind (a block's: `bottleneck×3 · 12 layers`),
    shape, the codes of its diagnostics."""
    lines = [("name", printable(volume.name, NAME_LIMIT))]
    if volume.collapsed:
        lines.append(("kind", f"{printable(volume.kind, NAME_LIMIT)} · {volume.layers:,} layers"))
    elif volume.kind != INPUT:
        lines.append(("kind", printable(volume.kind, NAME_LIMIT)))
    lines.append(("shape", shape_text(volume.shape, layout)))
    if volume.codes:
        lines.append(("codes", " ".join(volume.codes)))
    lines.extend(extra)
    return tuple(lines)


@frozen
class _Size:
    """A volume's cuboid sizes: along the flow, across it, and receding."""

    flow: float
    cross: float
    depth: float
    flat: bool
    known: bool


def _size(shape: Shape | None, scale: Scale) -> _Size:
    if shape is None:
        return _Size(16.0, 16.0, 0.0, False, False)
    if shape.is_flat:
        return _Size(FLAT_THICKNESS, scale.features(shape.channels), 0.0, True, True)
    height = shape.spatial[-2] if shape.rank >= 2 else shape.spatial[0]
    width = shape.spatial[-1] if shape.rank >= 2 else 1
    return _Size(
        scale.channels(shape.channels),
        scale.spatial(height),
        OBLIQUE * scale.spatial(width),
        False,
        True,
    )


class _Axes:
    """(flow, cross) to (x, y), and a cuboid's extents around its anchor (its front face's
    centre) along each."""

    def __init__(self, down: bool) -> None:
        self.down = down

    def xy(self, flow: float, cross: float) -> tuple[float, float]:
        return (cross, flow) if self.down else (flow, cross)

    def front(self, size: _Size) -> tuple[float, float]:
        """The front face's width and height."""
        return (size.cross, size.flow) if self.down else (size.flow, size.cross)

    def extents(self, size: _Size) -> tuple[float, float, float, float]:
        """Before and after the anchor along the flow, then across it."""
        width, height = self.front(size)
        if self.down:  # the side recedes up (against the flow) and right (across)
            return height / 2 + size.depth, height / 2, width / 2, width / 2 + size.depth
        return width / 2, width / 2 + size.depth, height / 2 + size.depth, height / 2

    def label_extent(self, label_width: float, lines: int) -> tuple[float, float]:
        """A label's extent along the flow and across it."""
        height = lines * LINE_HEIGHT
        return (height, label_width) if self.down else (label_width, height)


def _columns(graph: Graph) -> dict[str, int]:
    """Each volume one column after the last volume it reads (the input in column 0)."""
    sources: dict[str, list[str]] = {}
    for link in graph.links:
        sources.setdefault(link.target, []).append(link.source)
    column: dict[str, int] = {}
    for volume in graph.volumes:
        read = [column[name] for name in sources.get(volume.key, []) if name in column]
        column[volume.key] = (max(read) + 1 if read else 1) if volume.key != INPUT else 0
    return column


def _lanes(graph: Graph, column: dict[str, int]) -> dict[str, int]:
    """Each volume in its first source's lane when that cell is free, else the next free one."""
    first_source: dict[str, str] = {}
    for link in graph.links:
        first_source.setdefault(link.target, link.source)
    taken: set[tuple[int, int]] = set()
    lane: dict[str, int] = {}
    for volume in sorted(graph.volumes, key=lambda v: column[v.key]):  # stable: spec order
        wanted = lane.get(first_source.get(volume.key, ""), 0)
        chosen = next(
            candidate
            for candidate in itertools.chain(itertools.count(wanted), range(wanted))
            if (column[volume.key], candidate) not in taken
        )
        taken.add((column[volume.key], chosen))
        lane[volume.key] = chosen
    return lane


def _tracks(spans: list[tuple[int, int, int]]) -> dict[int, int]:
    """Arcs (index, first column, last column) onto tracks, shortest nearest the lane; two arcs
    share a track when their columns do not meet."""
    used: list[list[tuple[int, int]]] = []
    track: dict[int, int] = {}
    for index, first, last in sorted(spans, key=lambda span: (span[2] - span[1], span[1])):
        for number, intervals in enumerate(used):
            if all(last < start or first > end for start, end in intervals):
                intervals.append((first, last))
                track[index] = number
                break
        else:
            used.append([(first, last)])
            track[index] = len(used) - 1
    return track


def _point(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path(points: Sequence[tuple[float, float]], curves: Sequence[int] = ()) -> str:
    """M/L through the points; at each index in `curves`, a cubic bend from that point to the
    next, leaving and arriving along the flow (the points are (x, y) already)."""
    parts = [f"M{_point(points[0][0])},{_point(points[0][1])}"]
    index = 1
    while index < len(points):
        x, y = points[index]
        if index - 1 in curves:
            x0, y0 = points[index - 1]
            if abs(x - x0) >= abs(y - y0):  # leaving along x
                mid = (x0 + x) / 2
                parts.append(
                    f"C{_point(mid)},{_point(y0)} {_point(mid)},{_point(y)} {_point(x)},{_point(y)}"
                )
            else:
                mid = (y0 + y) / 2
                parts.append(
                    f"C{_point(x0)},{_point(mid)} {_point(x)},{_point(mid)} {_point(x)},{_point(y)}"
                )
        else:
            parts.append(f"L{_point(x)},{_point(y)}")
        index += 1
    return " ".join(parts)


def _window_length(window: Window | None, scale: Scale, most: float, oblique: bool) -> float:
    if window is None:
        return most
    length = scale.spatial(window.effective_kernel)
    return min(OBLIQUE * length if oblique else length, most)


def layout(
    graph: Graph,
    options: DrawOptions,
    field: tuple[str, ReceptiveField] | None = None,
) -> Picture:
    """The picture of a graph; `field` (a layer and its receptive field) is projected onto the
    input volume."""
    axes = _Axes(options.direction == "down")
    scale = scale_for([volume.shape for volume in graph.volumes], options.scale == "log")
    column = _columns(graph)
    lane = _lanes(graph, column)
    sizes = {volume.key: _size(volume.shape, scale) for volume in graph.volumes}
    extra: dict[str, tuple[tuple[str, str], ...]] = {}
    if field is not None:
        extra[INPUT] = (
            ("field", f"RF of {printable(field[0], NAME_LIMIT)}: {field_text(field[1])}"),
        )
    lines = {
        volume.key: label_lines(volume, options.layout, extra.get(volume.key, ()))
        for volume in graph.volumes
    }

    columns = max(column.values()) + 1
    lanes = max(lane.values()) + 1
    flow_before = [0.0] * columns
    flow_after = [0.0] * columns
    cross_before = [0.0] * lanes
    cuboid_after = [0.0] * lanes
    label_cross = [0.0] * lanes
    for volume in graph.volumes:
        c, at_lane = column[volume.key], lane[volume.key]
        before, after, above, below = axes.extents(sizes[volume.key])
        text = lines[volume.key]
        label_flow, label_across = axes.label_extent(
            max(len(t) for _, t in text) * CHAR_WIDTH, len(text)
        )
        flow_before[c] = max(flow_before[c], before, label_flow / 2)
        flow_after[c] = max(flow_after[c], after, label_flow / 2)
        cross_before[at_lane] = max(cross_before[at_lane], above)
        cuboid_after[at_lane] = max(cuboid_after[at_lane], below)
        label_cross[at_lane] = max(label_cross[at_lane], label_across)

    # Which cells are taken, to find the lanes a link can run along.
    taken = {(column[v.key], lane[v.key]) for v in graph.volumes}

    def free(along: int, first: int, last: int) -> bool:
        return all((c, along) not in taken for c in range(first + 1, last))

    # Arcs: links whose lanes are both blocked between their ends; each gets a track in the band
    # above the upper of its two lanes.
    routing: dict[int, str] = {}
    arcs: dict[int, list[tuple[int, int, int]]] = {}
    for index, link in enumerate(graph.links):
        i, j = column[link.source], column[link.target]
        a, b = lane[link.source], lane[link.target]
        if free(a, i, j):
            routing[index] = "along_source"
        elif free(b, i, j):
            routing[index] = "along_target"
        else:
            routing[index] = "arc"
            arcs.setdefault(min(a, b), []).append((index, i, j))
    track: dict[int, int] = {}
    band = [0.0] * lanes
    for upper, spans in arcs.items():
        found = _tracks(spans)
        track.update(found)
        band[upper] = (max(found.values()) + 2) * TRACK

    # Positions along the flow (column anchors) and across it (lane anchors).
    column_anchor, column_start, column_end = [], [], []
    position = float(MARGIN)
    for c in range(columns):
        column_start.append(position)
        column_anchor.append(position + flow_before[c])
        position += flow_before[c] + flow_after[c]
        column_end.append(position)
        position += COLUMN_GAP
    flow_total = position - COLUMN_GAP + MARGIN
    lane_anchor, lane_band_top = [], []
    position = float(MARGIN)
    for at_lane in range(lanes):
        lane_band_top.append(position)
        position += band[at_lane]
        lane_anchor.append(position + cross_before[at_lane])
        position += cross_before[at_lane] + cuboid_after[at_lane] + LABEL_GAP + label_cross[at_lane]
        position += LANE_GAP
    cross_total = position - LANE_GAP + MARGIN

    placed: list[Placed] = []
    anchors: dict[str, tuple[float, float]] = {}
    for volume in graph.volumes:
        c, at_lane = column[volume.key], lane[volume.key]
        size = sizes[volume.key]
        flow, cross = column_anchor[c], lane_anchor[at_lane]
        anchors[volume.key] = (flow, cross)
        width, height = axes.front(size)
        x, y = axes.xy(flow, cross)
        cuboid = Cuboid(
            x - width / 2, y - height / 2, width, height, size.depth, size.flat, size.known
        )
        text = lines[volume.key]
        label_width = max(len(t) for _, t in text) * CHAR_WIDTH
        label_start = cross + cuboid_after[at_lane] + LABEL_GAP
        if axes.down:
            label = Label(label_start, flow - len(text) * LINE_HEIGHT / 2, text)
        else:
            label = Label(flow - label_width / 2, label_start, text)
        placed.append(Placed(volume, cuboid, label, c, at_lane))

    routes: list[Route] = []
    for index, link in enumerate(graph.links):
        source, target = sizes[link.source], sizes[link.target]
        i, j = column[link.source], column[link.target]
        a, b = lane[link.source], lane[link.target]
        # Out of the front face's far edge, into the near edge of the whole cuboid.
        exit_flow = anchors[link.source][0] + source.flow / 2
        entry_flow = anchors[link.target][0] - axes.extents(target)[0]
        va, vb = lane_anchor[a], lane_anchor[b]
        way = routing[index]
        curves: list[int] = []
        if a == b and way != "arc":
            flow_points = [(exit_flow, va), (entry_flow, vb)]
        elif way != "arc":
            # Along one lane, bending in a gap: after the source (the target's lane is free) or
            # before the target (the source's is).
            gap = i if way == "along_target" else j - 1
            flow_points = [
                (exit_flow, va),
                (column_end[gap] + 2, va),
                (column_start[gap + 1] - 2, vb),
                (entry_flow, vb),
            ]
            curves = [1]
        else:
            number = track[index]
            upper = min(a, b)
            level = lane_band_top[upper] + band[upper] - (number + 1) * TRACK
            offset = (number % 3 - 1) * 4
            rise = column_end[i] + COLUMN_GAP / 2 + offset
            fall = column_start[j] - COLUMN_GAP / 2 + offset
            flow_points = [
                (exit_flow, va),
                (rise, va),
                (rise, level),
                (fall, level),
                (fall, vb),
                (entry_flow, vb),
            ]
        points = [axes.xy(f, v) for f, v in flow_points]
        routes.append(Route(link, _path(points, curves), tuple(points), way == "arc"))

    marks: list[FaceMark] = []
    by_key = {p.volume.key: p for p in placed}
    for kernel in graph.kernels:
        where = by_key.get(kernel.source)
        if where is None or not where.cuboid.known or where.cuboid.flat:
            continue
        windows = kernel.windows
        main = windows[-2] if len(windows) >= 2 else windows[0]
        across = windows[-1] if len(windows) >= 2 else None
        sizes_text = "×".join(str(w.effective_kernel) for w in windows)
        corners = _on_face(where.cuboid, axes, main, across, scale)
        rays: tuple[tuple[tuple[float, float], tuple[float, float]], ...] = ()
        reader = by_key.get(kernel.layer)
        # Flowing down, the visible end face is the top: rays from it would cross the volume.
        next_along = reader is not None and (reader.column, reader.lane) == (
            where.column + 1,
            where.lane,
        )
        if reader is not None and next_along and not axes.down:
            centre = (
                reader.cuboid.x + reader.cuboid.width / 2,
                reader.cuboid.y + reader.cuboid.height / 2,
            )
            rays = ((corners[1], centre), (corners[3], centre))
        marks.append(
            FaceMark(
                "kernel",
                kernel.layer,
                kernel.source,
                corners,
                f"{kernel.layer}: window {sizes_text}",
                rays,
            )
        )
    if field is not None:
        where = by_key[INPUT]
        name, receptive = field
        if where.cuboid.known and not where.cuboid.flat:
            marks.append(
                FaceMark(
                    "field",
                    name,
                    INPUT,
                    _field_on_face(where.cuboid, axes, receptive, scale),
                    f"receptive field of {name}: {field_text(receptive)}",
                )
            )

    width, height = axes.xy(flow_total, cross_total)
    return Picture(width, height, tuple(placed), tuple(routes), tuple(marks))


def _face(
    cuboid: Cuboid, axes: _Axes, main: float, depth: float
) -> tuple[tuple[float, float], ...]:
    """A `main` × `depth` quadrilateral centred on the cuboid's end face: the right side (flowing
    right) or the top (flowing down)."""
    if axes.down:
        centre = cuboid.x + cuboid.width / 2
        low, high = centre - main / 2, centre + main / 2

        def point(along: float, into: float) -> tuple[float, float]:
            return (along + into, cuboid.y - into)
    else:
        centre = cuboid.y + cuboid.height / 2
        low, high = centre - main / 2, centre + main / 2

        def point(along: float, into: float) -> tuple[float, float]:
            return (cuboid.x + cuboid.width + into, along - into)

    near = (cuboid.depth - depth) / 2
    far = near + depth
    return (point(low, near), point(high, near), point(high, far), point(low, far))


def _face_sizes(cuboid: Cuboid, axes: _Axes) -> tuple[float, float]:
    return (cuboid.width if axes.down else cuboid.height), cuboid.depth


def _on_face(
    cuboid: Cuboid, axes: _Axes, main: Window, across: Window | None, scale: Scale
) -> tuple[tuple[float, float], ...]:
    face_main, face_depth = _face_sizes(cuboid, axes)
    return _face(
        cuboid,
        axes,
        _window_length(main, scale, face_main, oblique=False),
        _window_length(across, scale, face_depth, oblique=True),
    )


def _field_on_face(
    cuboid: Cuboid, axes: _Axes, field: ReceptiveField, scale: Scale
) -> tuple[tuple[float, float], ...]:
    face_main, face_depth = _face_sizes(cuboid, axes)
    if field.is_global:
        return _face(cuboid, axes, face_main, face_depth)
    sizes = field.size
    main = min(scale.spatial(float(sizes[-2] if len(sizes) >= 2 else sizes[0])), face_main)
    depth = (
        min(OBLIQUE * scale.spatial(float(sizes[-1])), face_depth)
        if len(sizes) >= 2
        else face_depth
    )
    return _face(cuboid, axes, main, depth)
