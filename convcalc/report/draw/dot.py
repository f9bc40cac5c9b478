"""`convcalc draw --format dot`: a Graphviz graph (`dot -Tsvg net.dot -o net.svg`). One box per
volume with its name, kind and shape; each edge labelled with the shape that flows along it; a
box with a diagnostic outlined in its severity's colour. Language: https://graphviz.org/doc/info/lang.html
"""

from __future__ import annotations

from convcalc.core.printable import printable
from convcalc.engine.results import NetworkReport
from convcalc.report.base import shape_text
from convcalc.report.draw import Drawer
from convcalc.report.draw.graph import INPUT, network_graph
from convcalc.report.draw.svg import SEVERITY_COLOURS, fill_of


def _escaped(text: str) -> str:
    """Backslashes and quotes escaped (a backslash would start a DOT escape such as `\\n`), and
    ampersands: Graphviz shows `&amp;` or `&#35;` in a label as the character it names."""
    escaped = printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return escaped.replace("&", "&amp;")


def dot_string(*lines: str) -> str:
    """A quoted DOT string of these lines, joined by DOT's own line break `\\n`."""
    return '"' + "\\n".join(_escaped(line) for line in lines) + '"'


class DotDrawer(Drawer):
    def render(self, report: NetworkReport) -> str:
        graph = network_graph(report, self.options.depth)
        layout = self.options.layout
        network = report.network
        name = network.name if network is not None and network.name else report.source
        ids = {volume.key: f"n{number}" for number, volume in enumerate(graph.volumes)}
        lines = [
            f"digraph {dot_string(name)} {{",
            f"    rankdir={'TB' if self.options.direction == 'down' else 'LR'};",
            '    node [shape=box, style="rounded,filled", fontname="monospace", fontsize=10];',
            '    edge [fontname="monospace", fontsize=9, color="#78909c"];',
        ]
        for volume in graph.volumes:
            kind = "" if volume.kind == INPUT else f" · {volume.kind}"
            codes = (" ".join(volume.codes),) if volume.codes else ()
            text = dot_string(volume.name + kind, shape_text(volume.shape, layout), *codes)
            style = f', fillcolor="{fill_of(volume.kind, volume.collapsed)}"'
            if volume.status is not None:
                style += f', color="{SEVERITY_COLOURS[volume.status]}", penwidth=2.5'
            lines.append(f"    {ids[volume.key]} [label={text}{style}];")
        for link in graph.links:
            shape = dot_string(shape_text(link.shape, layout))
            lines.append(f"    {ids[link.source]} -> {ids[link.target]} [label={shape}];")
        lines.append("}")
        return "\n".join(lines) + "\n"
