"""Diagnostics raised while loading, named by their rule."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from convcalc.diagnostics import Diagnostic
from convcalc.rules.base import Rule
from convcalc.specs import Location


def load_diagnostic(
    rule: Rule,
    message: str,
    location: Location | None,
    hint: str | None = None,
    layer: str | None = None,
    use_sites: tuple[Location, ...] = (),
) -> Diagnostic:
    return Diagnostic(rule.id, rule.name, rule.severity, message, hint, layer, location, use_sites)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """`did you mean `stride`?` for the closest known name, if any is close."""
    pool = sorted(set(candidates))
    lowered = {candidate.lower(): candidate for candidate in pool}
    matches = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f"did you mean `{lowered[matches[0]]}`?" if matches else None
