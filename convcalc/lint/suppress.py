"""After the calculation: drop diagnostics that are not selected or are suppressed by a comment.

`# convcalc: ignore[CC103]` (several codes or rule names separated by commas; bare
`# convcalc: ignore` for every code) suppresses a diagnostic reported on that line: the
diagnostic's own line (a field's value, a key), its layer's line, or the line where the
enclosing block was used. `# convcalc: ignore-file[CC103]` (bare: every code), on any line,
suppresses those codes in the whole file, as ruff's file-level `noqa: F401` does. A suppression
that suppresses nothing is reported itself, as the unused-suppression rule. Comments are found by
a line scan, so the text `# convcalc:` inside a quoted YAML string counts too; no spec has a
reason to contain it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.records import frozen, replace
from convcalc.core.specs import Location
from convcalc.engine.results import BlockResult, NetworkReport
from convcalc.lint.selection import Selection, matching_codes
from convcalc.rules.table import UNUSED_SUPPRESSION

# A YAML comment starts with `#` at the start of a line or after whitespace.
_COMMENT = re.compile(
    r"(?:^|(?<=\s))#\s*convcalc:\s*ignore(-file)?(?![\w-])(?:\[([^\]]*)\])?", re.IGNORECASE
)


@frozen
class Suppression:
    line: int
    column: int
    codes: tuple[str, ...]  # as written; empty: every code
    whole_file: bool = False  # `ignore-file`: the codes anywhere in the file


def find_suppressions(text: str) -> list[Suppression]:
    found: list[Suppression] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "convcalc" not in line:  # cheap test first: specs are mostly other lines
            continue
        for match in _COMMENT.finditer(line):
            written = match.group(2)
            codes = tuple(p.strip() for p in (written or "").split(",") if p.strip())
            whole_file = match.group(1) is not None
            found.append(Suppression(number, match.start() + 1, codes, whole_file))
    return found


def _lines(diagnostic: Diagnostic, layer_lines: dict[str, int], source: str) -> set[int]:
    """Every line a suppression comment for this diagnostic may sit on."""
    lines: set[int] = set()
    location = diagnostic.location
    if location is not None and location.source == source and location.line is not None:
        lines.add(location.line)
    if diagnostic.layer in layer_lines:
        lines.add(layer_lines[diagnostic.layer])
    lines.update(site.line for site in diagnostic.use_sites if site.source == source and site.line)
    return lines


def _layer_lines(report: NetworkReport) -> dict[str, int]:
    return {
        layer.spec.name: layer.spec.location.line
        for layer in report.layers
        if layer.spec.location.line is not None and layer.spec.location.source == report.source
    }


def _unused(suppression: Suppression, code: str | None, source: str, message: str) -> Diagnostic:
    return UNUSED_SUPPRESSION.diagnostic(
        message,
        Location(source, suppression.line, suppression.column),
        hint="remove it" if code is None else f"remove `{code}` from the comment",
    )


def _suppress(
    diagnostics: Sequence[Diagnostic],
    suppressions: list[Suppression],
    layer_lines: dict[str, int],
    source: str,
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The diagnostics kept, and one unused-suppression diagnostic per unused code."""
    by_line: dict[int, list[Suppression]] = {}
    whole_file: list[Suppression] = []
    for suppression in suppressions:
        if suppression.whole_file:
            whole_file.append(suppression)
        else:
            by_line.setdefault(suppression.line, []).append(suppression)
    used: set[tuple[int, str | None]] = set()  # (suppression index, code as written or None)
    index = {id(s): i for i, s in enumerate(suppressions)}
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        hit = False
        lines = _lines(diagnostic, layer_lines, source)
        on_its_lines = [s for line in lines for s in by_line.get(line, ())]
        for suppression in (*whole_file, *on_its_lines):
            if not suppression.codes:
                used.add((index[id(suppression)], None))
                hit = True
            for code in suppression.codes:
                if diagnostic.code in matching_codes(code):
                    used.add((index[id(suppression)], code))
                    hit = True
        if not hit:
            kept.append(diagnostic)
    unused: list[Diagnostic] = []
    for i, suppression in enumerate(suppressions):
        where = "in this file" if suppression.whole_file else "on this line"
        if not suppression.codes and (i, None) not in used:
            nothing = "nothing in this file" if suppression.whole_file else "nothing here"
            unused.append(_unused(suppression, None, source, f"unused suppression: {nothing}"))
        for code in suppression.codes:
            if (i, code) in used:
                continue
            if not matching_codes(code):
                message = f"`{code}` in a suppression names no rule"
            else:
                message = f"unused suppression: no `{code}` diagnostic {where}"
            unused.append(_unused(suppression, code, source, message))
    return kept, unused


def _restatus(report: NetworkReport, diagnostics: tuple[Diagnostic, ...]) -> NetworkReport:
    """The report with only these diagnostics, and layer and block statuses to match."""
    worst: dict[str, Severity] = {}
    for diagnostic in diagnostics:
        layer = diagnostic.layer
        if layer is not None and diagnostic.severity > worst.get(layer, 0):
            worst[layer] = diagnostic.severity
    layers = tuple(
        replace(layer, status=worst.get(layer.spec.name)) if layer.calculated else layer
        for layer in report.layers
    )
    by_index = {layer.spec.index: layer for layer in layers}

    def block_status(block: BlockResult) -> Severity | None:
        statuses = [by_index[i].status for i in block.layer_indices if i in by_index]
        return max((s for s in statuses if s is not None), default=None)

    blocks = tuple(replace(block, status=block_status(block)) for block in report.blocks)
    return replace(report, layers=layers, diagnostics=diagnostics, blocks=blocks)


def apply(report: NetworkReport, selection: Selection, text: str | None) -> NetworkReport:
    """The report as the user asked to see it: selected codes, minus suppressed ones."""
    allowed = selection.codes()
    selected = [d for d in report.diagnostics if d.code in allowed]
    suppressions = find_suppressions(text) if text is not None else []
    if suppressions:
        selected, unused = _suppress(selected, suppressions, _layer_lines(report), report.source)
        if UNUSED_SUPPRESSION.id in allowed:
            selected.extend(unused)
    if tuple(selected) == report.diagnostics:
        return report
    return _restatus(report, tuple(selected))
