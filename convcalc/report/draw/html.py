"""`convcalc report`: one self-contained HTML page for a pull request or a design review.

The drawing (inline SVG), the full layer table (every column; sortable by clicking a heading, a
few lines of inline script), the blocks, the totals, the diagnostics with their hints and, with
`--set`, the old → new view (engine/diff.py's comparison). No external URL: the page works
offline, from a CI artifact. Every piece of user text is made printable, then escaped for HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from convcalc import __version__
from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.engine.diff import LayerChange, NetworkDiff
from convcalc.engine.results import QUANTITIES, BlockResult, LayerResult, NetworkReport, Totals
from convcalc.report.base import (
    count_text,
    counts_text,
    field_text,
    location_text,
    partial_note,
    shape_text,
    status_text,
    total_text,
)
from convcalc.report.draw import DrawOptions
from convcalc.report.draw.svg import SEVERITY_COLOURS, drawing_title, picture_of, svg_document


def text(value: str) -> str:
    """User text made printable, then escaped for HTML."""
    return html.escape(printable(value, None))


_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; color: #263238; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.15em; margin: 1.6em 0 .5em; }
.source, .muted { color: #607d8b; }
.drawing { overflow: auto; border: 1px solid #cfd8dc; max-height: 80vh; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #eceff1; padding: .25em .6em; text-align: left;
  white-space: nowrap; }
td.number, th.number { text-align: right; }
th button { font: inherit; font-weight: bold; border: 0; background: none; cursor: pointer;
  padding: 0; color: inherit; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
tfoot td { font-weight: bold; border-top: 2px solid #90a4ae; }
.changed { background: #fff8e1; } .was { color: #8d6e63; text-decoration: line-through; }
.error { color: %(error)s; } .warning { color: %(warning)s; } .info { color: %(info)s; }
.hint { color: #455a64; margin-left: 1.5em; }
code { font-family: ui-monospace, monospace; }
""" % {str(severity): colour for severity, colour in SEVERITY_COLOURS.items()}

# Sorts a table's body by the clicked column: numbers by data-value (a figure not computed
# sorts last), text by its characters; a second click reverses.
_SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (heading, column) {
    var button = heading.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var ascending = heading.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = heading.classList.contains("number");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var cell = row.cells[column];
        var value = cell.getAttribute("data-value");
        if (numeric) { return value === null || value === "" ? null : Number(value); }
        return value !== null ? value : cell.textContent;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === y) { return 0; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        var order = numeric ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""

_LAYER_COLUMNS = (
    ("#", True),
    ("name", False),
    ("type", False),
    ("from", False),
    ("output", False),
    *((quantity, True) for quantity in QUANTITIES),
    ("receptive field", False),
    ("status", False),
)


def _heading(columns: Sequence[tuple[str, bool]]) -> str:
    cells = "".join(
        ('<th scope="col" class="number">' if numeric else '<th scope="col">')
        + f'<button type="button">{html.escape(name)}</button></th>'
        for name, numeric in columns
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _number_cell(value: int | None, was: int | None = None, changed: bool = False) -> str:
    shown = "?" if value is None else count_text(value)
    data = "" if value is None else str(value)
    if changed:
        old = "?" if was is None else count_text(was)
        return (
            f'<td class="number changed" data-value="{data}"><span class="was">{old}</span> → '
            f"{shown}</td>"
        )
    return f'<td class="number" data-value="{data}">{shown}</td>'


def _text_cell(value: str, was: str | None = None, sort: str | None = None) -> str:
    data = f' data-value="{html.escape(sort)}"' if sort is not None else ""
    if was is not None and was != value:
        return (
            f'<td class="changed"{data}><span class="was">{html.escape(was)}</span> → '
            f"{html.escape(value)}</td>"
        )
    return f"<td{data}>{html.escape(value)}</td>"


def _layer_row(layer: LayerResult, layout: str, change: LayerChange | None) -> str:
    spec = layer.spec
    old = change.was if change is not None and change.any else None
    changed = change.changed if change is not None else frozenset()
    status = status_text(layer)
    cells = [
        f'<td class="number" data-value="{spec.index}">{spec.index}</td>',
        f"<td>{text(spec.name)}</td>",
        f"<td>{text(spec.kind)}</td>",
        f"<td>{text(', '.join(spec.inputs))}</td>",
        _text_cell(
            shape_text(layer.output_shape, layout),
            shape_text(old.output_shape, layout) if old and "output" in changed else None,
        ),
        *(
            _number_cell(
                getattr(layer, quantity),
                getattr(old, quantity) if old else None,
                quantity in changed,
            )
            for quantity in QUANTITIES
        ),
        _text_cell(
            field_text(layer.receptive_field, layer.receptive_field_absence),
            field_text(old.receptive_field, old.receptive_field_absence)
            if old and "receptive_field" in changed
            else None,
        ),
        f'<td class="{layer.status or ""}">{html.escape(status)}</td>',
    ]
    return f"<tr>{''.join(cells)}</tr>"


def _block_row(block: BlockResult, layout: str) -> str:
    first, last = block.layer_indices[0], block.layer_indices[-1]
    cells = [
        f'<td class="number" data-value="{first}">{first}–{last}</td>',
        f"<td>{text(block.name)}</td>",
        f"<td>{text(block.block)}</td>",
        f"<td>{html.escape(shape_text(block.output_shape, layout))}</td>",
        *(
            f'<td class="number" data-value="{getattr(block, quantity)}">'
            f"{total_text(getattr(block, quantity), quantity in block.partial)}</td>"
            for quantity in QUANTITIES
        ),
        f"<td>{html.escape(field_text(block.receptive_field, block.receptive_field_absence))}</td>",
        f'<td class="{block.status or ""}">{html.escape(str(block.status or "ok"))}</td>',
    ]
    return f"<tr>{''.join(cells)}</tr>"


def _totals_cells(totals: Totals, layout: str) -> list[str]:
    field = field_text(totals.receptive_field, totals.receptive_field_absence)
    return [
        *(
            f'<td class="number">{total_text(getattr(totals, name), name in totals.partial)}</td>'
            for name in QUANTITIES
        ),
        f"<td>{html.escape(shape_text(totals.output_shape, layout))}</td>",
        f"<td>{html.escape(field)}</td>",
    ]


def _totals(report: NetworkReport, diff: NetworkDiff | None, layout: str) -> list[str]:
    totals = report.totals
    if totals is None:
        return []
    heading = (
        "".join(f'<th scope="col" class="number">{name}</th>' for name in QUANTITIES)
        + '<th scope="col">output</th><th scope="col">receptive field</th>'
    )
    row_name = "now" if diff else "total"
    rows = [f'<tr><th scope="row">{row_name}</th>{"".join(_totals_cells(totals, layout))}</tr>']
    if diff is not None and diff.totals is not None:
        rows.insert(
            0,
            f'<tr><th scope="row">was</th>{"".join(_totals_cells(diff.totals.was, layout))}</tr>',
        )
        changes = "".join(
            f'<td class="number">{f"{delta.change:+,}" if delta.change else ""}</td>'
            for _, delta in diff.totals.quantities
        )
        rows.append(f'<tr><th scope="row">change</th>{changes}<td></td><td></td></tr>')
    out = [
        '<h2 id="totals">Totals</h2>',
        f'<table class="totals"><thead><tr><th></th>{heading}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>",
    ]
    if totals.partial:
        note = partial_note(totals.uncomputed, len(report.layers))
        out.append(f'<p class="muted">≥: a lower bound; {note}</p>')
    return out


def _diagnostic_item(diagnostic: Diagnostic) -> str:
    where = text(location_text(diagnostic))
    layer = f" <strong>{text(diagnostic.layer)}</strong>:" if diagnostic.layer else ""
    hint = f'<div class="hint">hint: {text(diagnostic.hint)}</div>' if diagnostic.hint else ""
    return (
        f'<li><code>{where}</code> <span class="{diagnostic.severity}">'
        f"{diagnostic.code} {diagnostic.severity}</span>{layer} {text(diagnostic.message)}"
        f"{hint}</li>"
    )


def _diagnostics(report: NetworkReport, diff: NetworkDiff | None) -> list[str]:
    out = ['<h2 id="diagnostics">Diagnostics</h2>']
    if not report.diagnostics:
        out.append("<p>No problems found.</p>")
    else:
        out.append(f"<ul>{''.join(_diagnostic_item(d) for d in report.diagnostics)}</ul>")
    if diff is not None:
        for title, found in (
            ("Appeared with --set", diff.appeared),
            ("Gone with --set", diff.disappeared),
        ):
            if found:
                out.append(
                    f"<h3>{title}</h3><ul>{''.join(_diagnostic_item(d) for d in found)}</ul>"
                )
    return out


def html_page(report: NetworkReport, diff: NetworkDiff | None, options: DrawOptions) -> str:
    """The page for a report that loaded; with `diff`, the old → new view."""
    network = report.network
    assert network is not None
    layout = options.layout
    title = drawing_title(report)
    name = network.name or report.source
    drawing = svg_document(picture_of(report, options), title, layout, standalone=False)
    changes = {change.name: change for change in diff.layers} if diff else {}
    body = [
        f"<h1>{text(name)}</h1>",
        f'<p class="source">{text(report.source)} · input '
        f"{html.escape(shape_text(network.input_shape, layout))}"
        f" · {len(report.layers):,} layers · {html.escape(counts_text([report]))}</p>",
    ]
    if diff is not None:
        overrides = ", ".join(f"<code>{text(o)}</code>" for o in diff.overrides)
        body.append(f"<p>Changed with --set {overrides}: changed cells show old → new.</p>")
    body.append('<h2 id="drawing">Drawing</h2>')
    body.append(f'<div class="drawing">{drawing}</div>')
    body.extend(_totals(report, diff, layout))
    body.append('<h2 id="layers">Layers</h2>')
    body.append('<p class="muted">Click a column heading to sort.</p>')
    rows = "".join(
        _layer_row(layer, layout, changes.get(layer.spec.name)) for layer in report.layers
    )
    body.append(
        f'<table class="sortable layers">{_heading(_LAYER_COLUMNS)}<tbody>{rows}</tbody></table>'
    )
    if report.blocks:
        columns = (
            ("layers", True),
            ("name", False),
            ("block", False),
            ("output", False),
            *((quantity, True) for quantity in QUANTITIES),
            ("receptive field", False),
            ("status", False),
        )
        rows = "".join(_block_row(block, layout) for block in report.blocks)
        body.append('<h2 id="blocks">Blocks</h2>')
        body.append(
            f'<table class="sortable blocks">{_heading(columns)}<tbody>{rows}</tbody></table>'
        )
    body.extend(_diagnostics(report, diff))
    body.append(f'<p class="muted">Made by convcalc {html.escape(__version__)}.</p>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
