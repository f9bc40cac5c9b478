"""`convcalc draw --format mermaid`: a Mermaid flowchart to paste into Markdown (GitHub, GitLab
and most wikis render it). One node per volume with its name, kind and shape; each link labelled
with the shape that flows along it; a node with a diagnostic outlined in its severity's colour.
Syntax: https://mermaid.js.org/syntax/flowchart.html
"""

from __future__ import annotations

from convcalc.core.printable import printable
from convcalc.engine.results import NetworkReport
from convcalc.report.base import shape_text
from convcalc.report.draw import Drawer
from convcalc.report.draw.graph import INPUT, network_graph
from convcalc.report.draw.svg import SEVERITY_COLOURS

# Mermaid reads `"`, `<`, `>` and `#` in a label as its own syntax or HTML, and a backtick as the
# start of a Markdown string (its parser refuses "`a` b"): entity codes instead.
_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;"}


def mermaid_text(text: str) -> str:
    return "".join(_ENTITIES.get(char, char) for char in printable(text))


class MermaidDrawer(Drawer):
    def render(self, report: NetworkReport) -> str:
        graph = network_graph(report, self.options.depth)
        layout = self.options.layout
        ids = {volume.key: f"n{number}" for number, volume in enumerate(graph.volumes)}
        lines = ["flowchart " + ("TD" if self.options.direction == "down" else "LR")]
        for volume in graph.volumes:
            kind = "" if volume.kind == INPUT else f" · {volume.kind}"
            codes = f"<br/>{' '.join(volume.codes)}" if volume.codes else ""
            text = f"{mermaid_text(volume.name + kind)}<br/>{shape_text(volume.shape, layout)}"
            lines.append(f'    {ids[volume.key]}["{text}{codes}"]')
        for link in graph.links:
            shape = shape_text(link.shape, layout)
            lines.append(f'    {ids[link.source]} -->|"{shape}"| {ids[link.target]}')
        for severity, colour in SEVERITY_COLOURS.items():
            marked = [ids[v.key] for v in graph.volumes if v.status == severity]
            if marked:
                lines.append(f"    classDef {severity} stroke:{colour},stroke-width:3px")
                lines.append(f"    class {','.join(marked)} {severity}")
        return "\n".join(lines) + "\n"
