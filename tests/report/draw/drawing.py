"""Reading a `convcalc draw` SVG as a viewer would: its volumes, their labels and the extent of
everything drawn, for the tests of this package and tests/cli/test_draw.py."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from conftest import invoke

SVG = "{http://www.w3.org/2000/svg}"
# The drawing sets its text in a monospace font at 11 px: each character 0.6 em wide. A label's
# box is estimated with that width (not taken from convcalc's own layout code).
FONT_SIZE = 11.0
CHAR_WIDTH = 0.6 * FONT_SIZE
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def volumes(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}g[@class='volume']")


def line(volume: ET.Element, role: str) -> str | None:
    found = volume.find(f".//{SVG}tspan[@class='{role}']")
    return None if found is None else (found.text or "")


def shape_of(label: str) -> list[int] | None:
    """`55×55×96` or `9,216` as the sizes JSON lists; `?` (not computed) as None."""
    if label == "?":
        return None
    return [int(size.replace(",", "")) for size in label.split("×")]


def label_box(text: ET.Element) -> Box:
    spans = text.findall(f"{SVG}tspan")
    xs = [float(span.attrib["x"]) for span in spans]
    ys = [float(span.attrib["y"]) for span in spans]
    widths = [len(span.text or "") * CHAR_WIDTH for span in spans]
    return Box(
        min(xs),
        min(ys) - FONT_SIZE,
        max(x + width for x, width in zip(xs, widths, strict=True)),
        max(ys) + 0.3 * FONT_SIZE,  # descenders
    )


def points(element: ET.Element) -> list[tuple[float, float]]:
    """The corners or path points of a drawn element."""
    tag = element.tag.removeprefix(SVG)
    if tag == "rect":
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        w, h = float(element.attrib["width"]), float(element.attrib["height"])
        return [(x, y), (x + w, y + h)]
    if tag == "line":
        return [
            (float(element.attrib["x1"]), float(element.attrib["y1"])),
            (float(element.attrib["x2"]), float(element.attrib["y2"])),
        ]
    if tag == "polygon":
        numbers = [float(n) for n in _NUMBER.findall(element.attrib["points"])]
    elif tag == "path":
        numbers = [float(n) for n in _NUMBER.findall(element.attrib["d"])]
    else:
        return []
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def view_box(root: ET.Element) -> Box:
    left, top, width, height = (float(n) for n in root.attrib["viewBox"].split())
    return Box(left, top, left + width, top + height)


def outside(root: ET.Element) -> list[str]:
    """What is drawn (shapes, paths, labels) outside the viewBox."""
    box = view_box(root)
    found = []
    for element in root.iter():
        if element.tag == f"{SVG}marker" or element.tag.removeprefix(SVG) == "defs":
            continue
        for x, y in points(element):
            if not (box.left <= x <= box.right and box.top <= y <= box.bottom):
                found.append(f"{element.tag} at {x},{y}")
    for text in root.iter(f"{SVG}text"):
        label = label_box(text)
        if not (
            box.left <= label.left
            and label.right <= box.right
            and box.top <= label.top
            and label.bottom <= box.bottom
        ):
            found.append(f"label {label}")
    return found


def overlapping_labels(root: ET.Element) -> list[tuple[Box, Box]]:
    boxes = [label_box(text) for text in root.iter(f"{SVG}text")]
    return [
        (one, other)
        for number, one in enumerate(boxes)
        for other in boxes[number + 1 :]
        if one.overlaps(other)
    ]


def json_report(*args: str) -> dict[str, object]:
    """`convcalc check --format json` of one spec: the shapes the drawing must show."""
    result = invoke("check", "--format", "json", "--exit-zero", *args)
    assert result.exit_code == 0, result.output
    report: dict[str, object] = json.loads(result.stdout)[0]
    return report
