"""More than one output in a run: `--output-file` writes one format's report to a file while
standard output shows another (SARIF for code scanning, annotations or lines for people).

The file appears whole or not at all (report/output_file.py): it is committed only when the run
finished; a failed run leaves what was there.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from typing import TYPE_CHECKING, Any

from convcalc.core.records import mutable, replace
from convcalc.engine.results import NetworkReport
from convcalc.report.base import Reporter, ReportOptions

if TYPE_CHECKING:
    from convcalc.engine.diff import NetworkDiff
    from convcalc.report.output_file import OutputFile


@mutable
class Output:
    """One reporter and where it writes: a file, or standard output (None)."""

    reporter: Reporter
    file: OutputFile | None = None

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Standard output is the file meanwhile. Standard error is dropped: the summary a format
        writes there (github's) is the one standard output's reporter already gives."""
        if self.file is None:
            yield
            return
        with redirect_stdout(self.file.stream), redirect_stderr(io.StringIO()):
            yield


class Outputs:
    """The run's outputs, each given every report as a single reporter would be."""

    def __init__(self) -> None:
        self._outputs: list[Output] = []

    def open(
        self,
        make: Callable[[ReportOptions], Reporter],
        options: ReportOptions,
        file: OutputFile | None = None,
    ) -> None:
        """A reporter writing to standard output, or to `file` (made inside the redirection:
        a reporter may ask whether its standard output is a terminal)."""
        output = Output(reporter=Reporter(options), file=file)
        with output.writing():
            output.reporter = make(options)
        self._outputs.append(output)

    @property
    def shows_diffs(self) -> bool:
        return any(output.reporter.shows_diffs for output in self._outputs)

    def update(self, **changes: Any) -> None:
        for output in self._outputs:
            output.reporter.options = replace(output.reporter.options, **changes)

    def add(self, report: NetworkReport) -> None:
        for output in self._outputs:
            with output.writing():
                output.reporter.add(report)

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        for output in self._outputs:
            with output.writing():
                output.reporter.finish(reports)

    def render(self, reports: Sequence[NetworkReport]) -> None:
        for output in self._outputs:
            with output.writing():
                output.reporter.render(reports)

    def render_diffs(self, diffs: Sequence[NetworkDiff]) -> None:
        """The old → new view where a format has one; the changed networks elsewhere."""
        for output in self._outputs:
            with output.writing():
                if output.reporter.shows_diffs:
                    output.reporter.render_diffs(diffs)
                else:
                    output.reporter.render([diff.now for diff in diffs])

    def commit(self) -> None:
        """Every file in place."""
        for output in self._outputs:
            if output.file is not None:
                output.file.commit()

    def discard(self) -> None:
        """Each file not yet committed removed: what was there stays."""
        for output in self._outputs:
            if output.file is not None:
                output.file.discard()
