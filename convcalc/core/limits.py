"""Every bound on the work one run does: one setting each, with a command-line option and a
configuration key, checked before the work it bounds.

convcalc reads whatever a repository holds; a limit turns an input that would take unbounded
time or memory into a diagnostic or a usage error that names the limit and how to raise it.
The run's limits are set once by the command (`applied`) and read where the work is done
(`current`), so the loader and the calculator need no extra parameter on every call.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from convcalc.core.records import fields, frozen, replace


@frozen(slots=True)
class Limits:
    """One run's limits; the defaults fit any real network with a wide margin."""

    file_bytes: int = 4 * 1024 * 1024  # the largest real spec is a few kilobytes
    yaml_nodes: int = 100_000  # after alias expansion; a real spec has a few thousand
    digits: int = 1_000  # sizes up to 10**1000 are exact; longer numbers are refused
    layers: int = 20_000  # after expanding blocks
    block_depth: int = 16
    repeat: int = 20_000
    block_argument_nodes: int = 1_000  # a block argument is a number or a short list
    combinations: int = 10_000  # sweep grid
    computed_digits: int = 10_000  # sizes, MACs and receptive fields the calculator computes
    solve_settings: int = 20_000  # settings the solver examines (--limit 0 keeps them all)
    ignore_patterns: int = 10_000  # in the .gitignore files of the trees checked


@frozen(slots=True)
class Limit:
    """How one limit is documented, set on the command line and in a configuration file."""

    attribute: str
    key: str  # configuration key; the option is `--` + key
    what: str  # what is counted, for messages, `--help` and docs/integrations.md
    past: str  # what happens past it, for docs/integrations.md

    @property
    def option(self) -> str:
        return "--" + self.key

    @property
    def default(self) -> int:
        value: int = getattr(DEFAULT, self.attribute)
        return value


DEFAULT = Limits()
# The largest value any limit takes: past it a limit would no longer bound anything a machine
# can hold (a file size is the buffer a read asks for).
HIGHEST = 1_000_000_000
LIMITS = (
    Limit("file_bytes", "max-file-bytes", "bytes in a spec file", "`CC008 not-a-spec`"),
    Limit(
        "yaml_nodes",
        "max-yaml-nodes",
        'YAML nodes after expanding aliases ("billion laughs")',
        "`CC008`, found while expanding",
    ),
    Limit("digits", "max-digits", "digits in a number written in a spec", "`CC004 wrong-type`"),
    Limit(
        "layers",
        "max-layers",
        "layers after expanding blocks (switched-off layers included)",
        "`CC016 bad-block`",
    ),
    Limit("block_depth", "max-block-depth", "blocks inside blocks", "`CC016 bad-block`"),
    Limit("repeat", "max-repeat", "`repeat` of one block use", "`CC016 bad-block`"),
    Limit(
        "block_argument_nodes",
        "max-block-argument-nodes",
        "YAML nodes in one block argument, and in one layer of a block with its arguments",
        "`CC016 bad-block`",
    ),
    Limit(
        "combinations",
        "max-combinations",
        "combinations in a sweep's grid",
        "a usage error before any value is read",
    ),
    Limit(
        "computed_digits",
        "max-computed-digits",
        "digits of a size, count or receptive field convcalc computes",
        "`CC010 value-out-of-range`; later layers are not computed",
    ),
    Limit(
        "solve_settings",
        "max-solve-settings",
        "settings `solve` examines",
        "the search stops; the answer says so",
    ),
    Limit(
        "ignore_patterns",
        "max-ignore-patterns",
        "patterns in the `.gitignore` files of a checked tree",
        "a usage error (exit code 2) before any file is checked",
    ),
)
BY_ATTRIBUTE: Mapping[str, Limit] = {limit.attribute: limit for limit in LIMITS}
assert {limit.attribute for limit in LIMITS} == {f.name for f in fields(Limits)}

_current: ContextVar[Limits] = ContextVar("convcalc_limits", default=DEFAULT)


def current() -> Limits:
    """The limits of the run in progress (the defaults outside one)."""
    return _current.get()


@contextmanager
def applied(limits: Limits) -> Iterator[Limits]:
    """Run the block with these limits."""
    token = _current.set(limits)
    try:
        yield limits
    finally:
        _current.reset(token)


def with_values(base: Limits, values: Mapping[str, int]) -> Limits:
    """`base` with some limits changed, by attribute name."""
    return replace(base, **values) if values else base


def named(attribute: str) -> str:
    """Ends every diagnostic about a limit, so that one-line formats name it too."""
    return f" (limit {BY_ATTRIBUTE[attribute].option})"


def how_to_raise(attribute: str) -> str:
    """The hint of every message about a limit."""
    limit = BY_ATTRIBUTE[attribute]
    return f"raise the limit with {limit.option} N or `{limit.key}` in the configuration"
