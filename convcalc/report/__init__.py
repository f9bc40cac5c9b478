"""Reporters by format name; the mapping also feeds `--format`'s choices.

A reporter's module is imported only when that format is used, so `--format json` never loads
rich's table machinery and start-up stays close to the bare imports.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from convcalc.report.base import Reporter, ReportOptions

_PATHS = {
    "table": "convcalc.report.table:TableReporter",
    "json": "convcalc.report.json_format:JsonReporter",
    "concise": "convcalc.report.concise:ConciseReporter",
    "github": "convcalc.report.github:GithubReporter",
    "sarif": "convcalc.report.sarif:SarifReporter",
    "junit": "convcalc.report.junit:JunitReporter",
    "markdown": "convcalc.report.markdown:MarkdownReporter",
}


class _Reporters(Mapping[str, type[Reporter]]):
    def __getitem__(self, name: str) -> type[Reporter]:
        module, _, attribute = _PATHS[name].partition(":")
        reporter: type[Reporter] = getattr(import_module(module), attribute)
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_PATHS)

    def __len__(self) -> int:
        return len(_PATHS)


REPORTERS: Mapping[str, type[Reporter]] = _Reporters()

__all__ = ["REPORTERS", "ReportOptions", "Reporter"]
