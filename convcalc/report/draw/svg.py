"""`convcalc draw` (`--format svg`): the network as the articles draw it, written by hand.

Each output volume is a cuboid (height and receding side from its spatial size, thickness from
its channels, on a log or linear scale) with its name, kind and shape written beside it as text;
a flat vector is a thin bar. The kernel window of each conv or pool is drawn on the end face of
the volume it reads, `--rf` projects a layer's receptive field onto the input, links carry arrows,
and a volume with a diagnostic is outlined, and its codes written, in its severity's colour.
Every piece of user text is escaped twice: made printable, then escaped for XML.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from convcalc.core.diagnostics import Severity
from convcalc.core.printable import printable
from convcalc.engine.results import NetworkReport
from convcalc.report.base import shape_text
from convcalc.report.draw import Drawer, DrawOptions
from convcalc.report.draw.graph import INPUT, network_graph
from convcalc.report.draw.layout import (
    FONT_SIZE,
    LINE_HEIGHT,
    Cuboid,
    FaceMark,
    Picture,
    Placed,
    layout,
)

FONT = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"
SEVERITY_COLOURS = {
    Severity.ERROR: "#c62828",
    Severity.WARNING: "#c77700",
    Severity.INFO: "#1565c0",
}
_OUTLINE = "#37474f"
_LINK = "#78909c"
_KERNEL = "#ef6c00"
_FIELD = "#ad1457"
# Fill by what a layer does (its kind's name), so a reader tells convolutions from pools.
_FILLS = (
    ("input", "#fff3b0"),
    ("conv", "#90caf9"),
    ("pool", "#ffab91"),
    ("dense", "#ce93d8"),
    ("flatten", "#ce93d8"),
    ("locally", "#90caf9"),
    ("add", "#a5d6a7"),
    ("concat", "#a5d6a7"),
    ("mul", "#a5d6a7"),
    ("upsample", "#80cbc4"),
)
_OTHER_FILL = "#e0e0e0"
_BLOCK_FILL = "#b3c7e6"


def xml_text(text: str) -> str:
    """User text made printable, then escaped for XML (characters XML 1.0 forbids dropped)."""
    safe = printable(text, None).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return escape(safe)


def xml_attribute(text: str) -> str:
    """A quoted attribute value, escaped as `xml_text` escapes text."""
    safe = printable(text, None).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return quoteattr(safe)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _shade(colour: str, factor: float) -> str:
    """The colour lightened (factor > 1, towards white) or darkened (< 1)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))

    def one(channel: int) -> int:
        if factor >= 1:
            return round(channel + (255 - channel) * (factor - 1))
        return round(channel * factor)

    return "#" + "".join(f"{min(255, max(0, one(c))):02x}" for c in (red, green, blue))


def fill_of(kind: str, collapsed: bool) -> str:
    if collapsed:
        return _BLOCK_FILL
    lowered = kind.lower()
    return next((fill for word, fill in _FILLS if word in lowered), _OTHER_FILL)


def _points(points: tuple[tuple[float, float], ...]) -> str:
    return " ".join(f"{_number(x)},{_number(y)}" for x, y in points)


def _cuboid(cuboid: Cuboid, fill: str, stroke: str, stroke_width: float) -> list[str]:
    x, y, w, h, d = cuboid.x, cuboid.y, cuboid.width, cuboid.height, cuboid.depth
    line = f'stroke="{stroke}" stroke-width="{_number(stroke_width)}" stroke-linejoin="round"'
    if not cuboid.known:
        return [
            f'<rect class="front" x="{_number(x)}" y="{_number(y)}" width="{_number(w)}" '
            f'height="{_number(h)}" fill="none" {line} stroke-dasharray="3 2"/>'
        ]
    shapes = [
        f'<rect class="front" x="{_number(x)}" y="{_number(y)}" width="{_number(w)}" '
        f'height="{_number(h)}" fill="{fill}" {line}/>'
    ]
    if d > 0:
        top = ((x, y), (x + d, y - d), (x + w + d, y - d), (x + w, y))
        side = ((x + w, y), (x + w + d, y - d), (x + w + d, y + h - d), (x + w, y + h))
        shapes.append(
            f'<polygon class="top" points="{_points(top)}" fill="{_shade(fill, 1.35)}" {line}/>'
        )
        shapes.append(
            f'<polygon class="side" points="{_points(side)}" fill="{_shade(fill, 0.8)}" {line}/>'
        )
    return shapes


def _mark(mark: FaceMark) -> str:
    if mark.role == "kernel":
        style = f'fill="{_KERNEL}" fill-opacity="0.45" stroke="{_KERNEL}" stroke-width="1"'
    else:
        style = (
            f'fill="{_FIELD}" fill-opacity="0.15" stroke="{_FIELD}" stroke-width="1.5" '
            'stroke-dasharray="4 2"'
        )
    rays = "".join(
        f'<line class="ray" x1="{_number(start[0])}" y1="{_number(start[1])}" '
        f'x2="{_number(end[0])}" y2="{_number(end[1])}" stroke="{_KERNEL}" stroke-width="0.8" '
        'stroke-opacity="0.7"/>'
        for start, end in mark.rays
    )
    return (
        f'<polygon class="{mark.role}" data-layer={xml_attribute(mark.layer)} '
        f'points="{_points(mark.points)}" {style}><title>{xml_text(mark.text)}</title></polygon>'
        + rays
    )


_LINE_STYLE = {
    "name": 'font-weight="bold"',
    "kind": 'fill="#546e7a"',
    "shape": "",
    "field": f'fill="{_FIELD}"',
}


def _label(placed: Placed, colour: str | None) -> str:
    label = placed.label
    spans = []
    for number, (role, text) in enumerate(label.lines):
        style = _LINE_STYLE.get(role, "")
        if role == "codes":
            style = f'fill="{colour or _OUTLINE}" font-weight="bold"'
        y = label.y + number * LINE_HEIGHT + FONT_SIZE
        spans.append(
            f'<tspan class="{role}" x="{_number(label.x)}" y="{_number(y)}" {style}>'
            f"{xml_text(text)}</tspan>"
        )
    return f'<text class="label">{"".join(spans)}</text>'


def _volume(placed: Placed, marks: list[FaceMark], layout_name: str) -> str:
    volume = placed.volume
    colour = SEVERITY_COLOURS.get(volume.status) if volume.status is not None else None
    stroke, width = (colour, 2.5) if colour else (_OUTLINE, 1.0)
    kind = volume.kind if volume.key != INPUT else INPUT
    title = f"{volume.name} ({kind}): {shape_text(volume.shape, layout_name)}"
    if volume.codes:
        title += f" · {' '.join(volume.codes)}"
    parts = [
        f'<g class="volume" data-name={xml_attribute(volume.key)} data-kind={xml_attribute(kind)} '
        f'data-status="{volume.status or "ok"}">',
        f"<title>{xml_text(title)}</title>",
        *_cuboid(placed.cuboid, fill_of(kind, volume.collapsed), stroke, width),
        *(_mark(mark) for mark in marks),
        _label(placed, colour),
        "</g>",
    ]
    return "".join(parts)


def svg_document(picture: Picture, title: str, layout_name: str, standalone: bool = True) -> str:
    """The SVG text; `standalone` adds the XML declaration (left out inside HTML)."""
    width, height = _number(picture.width), _number(picture.height)
    marks: dict[str, list[FaceMark]] = {}
    for mark in picture.marks:
        marks.setdefault(mark.volume, []).append(mark)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>' if standalone else "",
        f'<svg xmlns="http://www.w3.org/2000/svg" class="convcalc-drawing" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}">',
        f"<title>{xml_text(title)}</title>",
        "<defs>"
        '<marker id="convcalc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="{_LINK}"/>'
        "</marker></defs>",
        f'<rect class="background" x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        '<g class="links" fill="none">',
    ]
    for route in picture.routes:
        link = route.link
        what = f"{link.source} → {link.target}: {shape_text(link.shape, layout_name)}"
        dash = ' stroke-dasharray="5 3"' if route.arc else ""
        lines.append(
            f'<path class="link" data-source={xml_attribute(link.source)} '
            f'data-target={xml_attribute(link.target)} d="{route.path}" stroke="{_LINK}" '
            f'stroke-width="1.3"{dash} marker-end="url(#convcalc-arrow)">'
            f"<title>{xml_text(what)}</title></path>"
        )
    lines.append("</g>")
    lines.append('<g class="volumes">')
    lines.extend(
        _volume(placed, marks.get(placed.volume.key, []), layout_name) for placed in picture.placed
    )
    lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(line for line in lines if line) + "\n"


def picture_of(report: NetworkReport, options: DrawOptions) -> Picture:
    """The laid-out picture of a report that loaded, with `--rf`'s field when chosen."""
    graph = network_graph(report, options.depth)
    field = None
    if options.receptive_field is not None:
        layer = next(found for found in report.layers if found.spec.name == options.receptive_field)
        if layer.receptive_field is not None:
            field = (layer.spec.name, layer.receptive_field)
    return layout(graph, options, field)


def drawing_title(report: NetworkReport) -> str:
    network = report.network
    name = network.name if network is not None and network.name else report.source
    return f"{name} — convcalc"


class SvgDrawer(Drawer):
    def render(self, report: NetworkReport) -> str:
        return svg_document(
            picture_of(report, self.options), drawing_title(report), self.options.layout
        )
