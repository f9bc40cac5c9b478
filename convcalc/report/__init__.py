"""Every output format, by what it shows: the registry that feeds each command's `--format`.

`REPORTERS` show check's and calc's reports (and, for table and json, the `--set` view),
`SWEEP_REPORTERS` a sweep, `SOLVE_REPORTERS` the solver's answers, `DRAWERS` the pictures of
`convcalc draw`. A format's module is imported
only when that format is used, so `--format json` never loads rich's table machinery and
start-up stays close to the bare imports.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from convcalc.report.base import Reporter, ReportOptions

if TYPE_CHECKING:
    from convcalc.report.draw import Drawer
    from convcalc.report.solve_format import SolveReporter
    from convcalc.report.sweep_format import SweepReporter

T = TypeVar("T")

# Each mapping's order is the order `--help` lists the choices in.
_REPORT_FORMATS = {
    "concise": "convcalc.report.concise:ConciseReporter",
    "github": "convcalc.report.github:GithubReporter",
    "json": "convcalc.report.json_format:JsonReporter",
    "junit": "convcalc.report.junit:JunitReporter",
    "markdown": "convcalc.report.markdown:MarkdownReporter",
    "sarif": "convcalc.report.sarif:SarifReporter",
    "table": "convcalc.report.table:TableReporter",
}
_SWEEP_FORMATS = {
    "table": "convcalc.report.sweep_format:SweepTable",
    "json": "convcalc.report.sweep_format:SweepJson",
    "csv": "convcalc.report.sweep_format:SweepCsv",
}
_SOLVE_FORMATS = {
    "table": "convcalc.report.solve_format:SolveTable",
    "json": "convcalc.report.solve_format:SolveJson",
}
_DRAW_FORMATS = {
    "svg": "convcalc.report.draw.svg:SvgDrawer",
    "mermaid": "convcalc.report.draw.mermaid:MermaidDrawer",
    "dot": "convcalc.report.draw.dot:DotDrawer",
}


class _Formats(Mapping[str, T], Generic[T]):
    """Format name -> reporter class, the class imported when it is looked up."""

    def __init__(self, paths: dict[str, str]) -> None:
        self._paths = paths

    def __getitem__(self, name: str) -> T:
        module, _, attribute = self._paths[name].partition(":")
        found: Any = getattr(import_module(module), attribute)
        return found  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


REPORTERS: Mapping[str, type[Reporter]] = _Formats(_REPORT_FORMATS)
SWEEP_REPORTERS: Mapping[str, type[SweepReporter]] = _Formats(_SWEEP_FORMATS)
SOLVE_REPORTERS: Mapping[str, type[SolveReporter]] = _Formats(_SOLVE_FORMATS)
DRAWERS: Mapping[str, type[Drawer]] = _Formats(_DRAW_FORMATS)

__all__ = [
    "DRAWERS",
    "REPORTERS",
    "SOLVE_REPORTERS",
    "SWEEP_REPORTERS",
    "ReportOptions",
    "Reporter",
]
