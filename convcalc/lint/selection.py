"""`--select` and `--ignore`: which diagnostics are reported, by code, code prefix or rule name.

Generic over the rule registry: `CC1` means every code starting with CC1, `ALL` every rule,
`unread-input` the rule of that name. No rule is known here by name.
"""

from __future__ import annotations

from collections.abc import Iterable

from convcalc.core.printable import printable
from convcalc.core.records import frozen
from convcalc.load.problems import did_you_mean
from convcalc.rules.table import RULES

ALL = "ALL"


class SelectorError(ValueError):
    """A selector that matches no rule; the message says which and suggests one."""


def matching_codes(selector: str) -> frozenset[str]:
    """The codes a selector names; empty when it names none."""
    wanted = selector.strip()
    if wanted.upper() == ALL:
        return frozenset(RULES)
    by_name = {rule.id for rule in RULES.values() if rule.name.lower() == wanted.lower()}
    if by_name:
        return frozenset(by_name)
    return frozenset(code for code in RULES if code.startswith(wanted.upper()))


def check_selectors(selectors: Iterable[str]) -> None:
    """Raise SelectorError for the first selector that matches no rule."""
    for selector in selectors:
        if not matching_codes(selector):
            candidates = [*RULES, *(rule.name for rule in RULES.values())]
            hint = did_you_mean(selector, candidates) or "`convcalc rules` lists the codes"
            raise SelectorError(f"`{printable(selector)}` matches no rule; {hint}")


@frozen
class Selection:
    """The codes reported: those selected (all when nothing is), less those ignored."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()

    def codes(self) -> frozenset[str]:
        chosen: frozenset[str] = frozenset(RULES)
        if self.select is not None:
            chosen = frozenset().union(*(matching_codes(s) for s in self.select))
        return chosen - frozenset().union(*(matching_codes(s) for s in self.ignore))
