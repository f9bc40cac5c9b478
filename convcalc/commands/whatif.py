"""`check`/`calc` with `--set`: each network changed by the overrides, and compared with itself
as written. No click; run() calls these, and `render_diffs` hands the diffs to a diff reporter
(loaded only then, so a run without `--set` does not pay for it)."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from convcalc.core import limits
from convcalc.core.settings import Settings
from convcalc.core.specs import NetworkSpec
from convcalc.engine.results import NetworkReport
from convcalc.load.files import STDIN
from convcalc.load.overrides import OverrideError, override_network

if TYPE_CHECKING:
    from convcalc.engine.diff import NetworkDiff
    from convcalc.report.base import ReportOptions


class Outcome(Protocol):
    """What a run of the loaders gives (lint.Outcome): the reports, in the order found."""

    @property
    def reports(self) -> list[NetworkReport]: ...


Found = TypeVar("Found", bound=Outcome)


def changed_network(network: NetworkSpec, settings: Settings) -> NetworkSpec:
    """The network with the settings' overrides applied; a bad override names its file."""
    if not settings.overrides:
        return network
    try:
        return override_network(network, settings.overrides)
    except OverrideError as error:
        if settings.command == "calc":
            raise
        raise OverrideError(f"{network.source}: {error}") from None


@contextmanager
def _stdin_twice(settings: Settings) -> Iterator[Callable[[], None]]:
    """Standard input can be read once; a spec read from it is kept and offered to each pass."""
    if STDIN not in settings.paths:
        yield lambda: None
        return
    data = sys.stdin.buffer.read(limits.current().file_bytes + 1)
    original = sys.stdin

    def rewind() -> None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")

    try:
        yield rewind
    finally:
        sys.stdin = original


def run_with_baseline(
    settings: Settings, outcome_of: Callable[[Settings], Found]
) -> tuple[Found, list[NetworkDiff] | None]:
    """The outcome for the settings; with `--set` (and the diff wanted), also each report
    compared with the network as written. Pairs are made by position: both passes find the same
    files in the same order."""
    if not settings.overrides or not settings.show_diff:
        return outcome_of(settings), None
    from convcalc.engine.diff import diff_reports  # only with --set: start-up stays light

    with _stdin_twice(settings) as rewind:
        rewind()
        before = outcome_of(replace(settings, overrides=()))
        rewind()
        after = outcome_of(settings)
    diffs = [
        diff_reports(was, now, settings.overrides)
        for was, now in zip(before.reports, after.reports, strict=False)
        if was.source == now.source
    ]
    if len(diffs) != len(after.reports):  # a file changed between the passes: no diff view
        return after, None
    return after, diffs


def render_diffs(diffs: list[NetworkDiff], output_format: str, options: ReportOptions) -> bool:
    """Show the old → new view; False for a format that has none (the lint formats), which then
    report the changed network as usual."""
    from convcalc.report.diff_format import DIFF_REPORTERS

    reporter = DIFF_REPORTERS.get(output_format)
    if reporter is None:
        return False
    reporter(options).render_diffs(diffs)
    return True
