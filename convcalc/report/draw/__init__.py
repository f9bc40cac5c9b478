"""Pictures of a network: `convcalc draw` (SVG, Mermaid, DOT) and `convcalc report` (one HTML page).

`graph` reads a NetworkReport into the volumes to draw and the links between them (a layer, or a
block collapsed at `--depth`); `layout` places them (drawing geometry only: box sizes on the
chosen scale, columns, lanes, edge routes); `svg`, `mermaid`, `dot` and `html` write them. Every
shape, window and receptive field comes from the engine's results: nothing here does CNN
arithmetic. The formats are registered in `convcalc.report` (`DRAWERS`), which feeds `--format`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from convcalc.core.records import frozen

if TYPE_CHECKING:
    from convcalc.engine.results import NetworkReport

SCALES = ("log", "linear")
DIRECTIONS = ("right", "down")


@frozen
class DrawOptions:
    layout: str = "hwc"  # how shapes are written: hwc (channels last) or chw
    depth: int | None = None  # block instances nested deeper than this drawn as one volume
    scale: str = "log"  # how sizes map to lengths: log (readable for any net) or linear
    direction: str = "right"  # where the data flows: right or down
    receptive_field: str | None = None  # --rf: the layer whose field is projected on the input


class Drawer:
    """Renders one report as text in its format."""

    def __init__(self, options: DrawOptions) -> None:
        self.options = options

    def render(self, report: NetworkReport) -> str:
        raise NotImplementedError
