"""`--statistics`: how often each code was reported, in place of the diagnostics (as ruff's
`--statistics`): `count code name`, the most frequent first, then the summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import click

from convcalc.engine.results import NetworkReport
from convcalc.report.base import Reporter, summary_text


def statistics_lines(reports: Sequence[NetworkReport]) -> list[str]:
    """`   12  CC104  padding-remainder`: most frequent first, then by code."""
    counts = Counter(
        (diagnostic.code, diagnostic.name)
        for report in reports
        for diagnostic in report.diagnostics
    )
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(f"{count:,}") for _, count in ordered), default=0)
    return [f"{count:>{width},}  {code}  {name}" for (code, name), count in ordered]


class StatisticsReporter(Reporter):
    """Nothing per file: the counts need every report."""

    def add(self, report: NetworkReport) -> None:
        pass

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        for line in statistics_lines(reports):
            click.echo(line)
        if not self.options.quiet:
            click.echo(summary_text(reports, self.options))
