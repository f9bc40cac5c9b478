"""What `convcalc check PATH...` reads, without walking a directory: the files named on the
command line, `--exclude` globs, and whether a found file is a spec at all.

Walking directories (and asking git, or reading `.gitignore` with pathspec) is `discover`'s: a
run whose paths are all files never imports it (commands.check.file_finder), so start-up does
not pay for pathspec and subprocess.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from convcalc.core import limits
from convcalc.core.records import field, frozen, mutable
from convcalc.load.build import TOP_LEVEL_KEYS
from convcalc.load.files import STDIN
from convcalc.load.formats import recognised
from convcalc.load.raw import RawMap
from convcalc.load.spec_shape import looks_like_spec
from convcalc.load.yaml_source import Parsed, parsed
from convcalc.load.zoo import is_zoo


@frozen
class Target:
    """A file to read: `explicit` when named on the command line (then always checked)."""

    path: str
    explicit: bool


@mutable
class Found:
    targets: list[Target] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # paths that name nothing usable
    notes: list[str] = field(default_factory=list)  # what a directory walk passed over, and why


class IgnorePatternLimit(Exception):
    """More ignore patterns than `--max-ignore-patterns` allows."""


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """Whether a glob matches the name or the end of the path (`legacy/*.yaml`) of the file or
    of a directory above it."""
    matcher = _exclude_matcher(tuple(patterns))
    if matcher is None:
        return False
    parts = PurePosixPath(path.replace(os.sep, "/")).parts
    return any(
        matcher.match("/".join(parts[start:end]))
        for end in range(len(parts), 0, -1)
        for start in range(end)
    )


@functools.lru_cache(maxsize=64)
def _exclude_matcher(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """All the globs as one regex, compiled once (fnmatch's translation matches in linear time)."""
    if not patterns:
        return None
    return re.compile("|".join(fnmatch.translate(pattern.rstrip("/")) for pattern in patterns))


# ---------------------------------------------------------------------------- non-specs

# Cheap first test on the bytes: a spec has a `layers:` key somewhere.
_LAYERS_KEY = re.compile(rb"""(?:^|[\s{,])["']?layers["']?\s*:""", re.MULTILINE)


@frozen(slots=True)
class Judged:
    """Whether a found file is a non-spec, and the YAML read to tell (None: the bytes sufficed),
    which loading the file takes instead of reading it again."""

    non_spec: bool
    parsed: Parsed | None = None


def is_non_spec(data: bytes, path: str = "") -> bool:
    """Whether a found file is neither a convcalc spec nor a config in an imported format.

    A spec is judged from its whole shape (`looks_like_spec`): a top-level `layers` that holds
    layers, and an `input` or no foreign key. A file that cannot be read as YAML is not called a
    non-spec when it mentions `layers:` (it may be a broken spec, so it is checked and
    reported); without `layers:` it is skipped. Another format (`convcalc/load/formats/`) is
    judged by its importer from the content: a `setup.cfg` is not a Darknet config.
    """
    return judge(data, path).non_spec


def judge(data: bytes, path: str = "") -> Judged:
    """is_non_spec's answer, with the YAML read to find it (read as from `path`)."""
    if len(data) <= limits.current().file_bytes and b"\x00" not in data:
        try:
            if recognised(path, data.decode("utf-8-sig")):
                return Judged(False)
        except UnicodeDecodeError:
            pass
    if not path.lower().endswith((".yaml", ".yml")) and path:
        return Judged(True)  # a `.cfg` or `.prototxt` its importer does not recognise
    if not _LAYERS_KEY.search(data):
        return Judged(True)
    if len(data) > limits.current().file_bytes or b"\x00" in data:
        return Judged(False)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Judged(False)
    read = parsed(text, path)
    if read.problem is not None:
        return Judged(False, read)  # perhaps a broken spec: checked, and its problem reported
    root = read.root
    return Judged(not isinstance(root, RawMap) or not looks_like_spec(root, TOP_LEVEL_KEYS), read)


# The finder of the files to check: `explicit_files` below, or `discover.find_files`, which also
# walks directories; both take find_files's arguments.
FindFiles = Callable[..., Found]


def explicit_files(paths: Iterable[str], **_walk_options: object) -> Found:
    """The files named on the command line, in order, each once: what `discover.find_files`
    finds when no path is a directory and `--force-exclude` is off (its walk options are
    accepted and have nothing to act on)."""
    found = Found()
    seen: set[str] = set()
    for path in paths:
        key = path if path == STDIN or is_zoo(path) else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.targets.append(Target(path, True))
    return found


def walks(paths: Iterable[str], force_exclude: bool) -> bool:
    """Whether finding the files needs `discover.find_files`: a directory to walk, or files
    named on the command line that `--force-exclude` may drop."""
    return force_exclude or any(
        path != STDIN and not is_zoo(path) and os.path.isdir(path) for path in paths
    )
