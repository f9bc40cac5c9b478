"""`check`/`calc` with `--set`: each network changed by the overrides, and compared with itself
as written. No click; run_check() calls these and hands the diffs to the reporter's old → new
view."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from convcalc.core import limits
from convcalc.core.records import replace
from convcalc.core.settings import Settings
from convcalc.core.specs import NetworkSpec
from convcalc.lint.many_files import Outcome
from convcalc.load.files import STDIN
from convcalc.load.overrides import OverrideError, override_network

if TYPE_CHECKING:
    from convcalc.engine.diff import NetworkDiff


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
    settings: Settings, outcome_of: Callable[[Settings], Outcome]
) -> tuple[Outcome, list[NetworkDiff] | None]:
    """The outcome for the settings, and each report compared with the network as written (None
    when the two passes did not find the same files). Pairs are made by position: both passes
    find the same files in the same order."""
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
