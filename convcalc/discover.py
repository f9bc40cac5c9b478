"""Which files `convcalc check PATH...` checks.

A file named on the command line (or `-`) is always checked. A directory is walked recursively
for `*.yaml` and `*.yml`, skipping version-control and tool directories, files matching an
`--exclude` glob and files that git ignores: `git check-ignore` answers inside a git work tree,
and a small `.gitignore` reader stands in when git is missing or the directory is not in one.
`--force-exclude` applies the same exclusions to files named on the command line. Whether a
found file is a spec at all is decided later, from its content (see `is_non_spec`).
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from convcalc.load.build import TOP_LEVEL_KEYS
from convcalc.load.files import MAX_BYTES, STDIN
from convcalc.load.raw import RawMap
from convcalc.load.spec_shape import looks_like_spec
from convcalc.load.yaml_source import YamlProblem, parse_yaml

SUFFIXES = (".yaml", ".yml")
# Never specs, often huge: not walked into (a directory named on the command line still is).
SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".eggs",
        "node_modules",
        "site-packages",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
    }
)
_GIT_TIMEOUT = 30  # seconds; a git that hangs is treated as no git


@dataclass(frozen=True)
class Target:
    """A file to read: `explicit` when named on the command line (then always checked)."""

    path: str
    explicit: bool


@dataclass
class Found:
    targets: list[Target] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # paths that name nothing usable


# ---------------------------------------------------------------------------- excludes


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """Whether a glob matches the name or the end of the path (`legacy/*.yaml`) of the file or
    of a directory above it."""
    parts = PurePosixPath(path.replace(os.sep, "/")).parts
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        for end in range(len(parts), 0, -1):
            for start in range(end):
                if fnmatch.fnmatchcase("/".join(parts[start:end]), pattern):
                    return True
    return False


# ---------------------------------------------------------------------------- .gitignore


@dataclass(frozen=True)
class _Rule:
    base: str  # the directory of the .gitignore, absolute
    regex: re.Pattern[str]
    negate: bool
    directory_only: bool
    anchored: bool


def _glob_regex(glob: str) -> str:
    """gitignore's glob as a regex over a `/`-separated path."""
    out: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("/.*")
            i += 3
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[":
            end = glob.find("]", i + 2)
            if end == -1:
                out.append(re.escape("["))
                i += 1
                continue
            body = glob[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        elif glob[i] == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


def _parse_gitignore(text: str, base: str) -> list[_Rule]:
    rules: list[_Rule] = []
    for raw_line in text.splitlines():
        line = raw_line
        if not line.strip() or line.startswith("#"):
            continue
        # Trailing spaces are dropped unless escaped.
        while line.endswith(" ") and not line.endswith("\\ "):
            line = line[:-1]
        negate = line.startswith("!")
        if negate or line.startswith(("\\#", "\\!")):  # `\#` and `\!` escape a literal
            line = line[1:]
        directory_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        try:
            regex = re.compile("^" + _glob_regex(line) + "$")
        except re.error:
            continue  # a malformed pattern matches nothing, as in git
        rules.append(_Rule(base, regex, negate, directory_only, anchored))
    return rules


class GitignoreReader:
    """`.gitignore` files read by convcalc itself, for when git cannot be asked."""

    def __init__(self, root: str) -> None:
        # Outside a git work tree, .gitignore files from `root` down are read, none above it.
        self.root = os.path.abspath(root)
        self._rules: dict[str, list[_Rule]] = {}
        self._tops: dict[str, str] = {}

    def _rules_in(self, directory: str) -> list[_Rule]:
        if directory not in self._rules:
            path = os.path.join(directory, ".gitignore")
            try:
                with open(path, "rb") as handle:
                    text = handle.read(MAX_BYTES).decode("utf-8", errors="replace")
            except OSError:
                text = ""
            self._rules[directory] = _parse_gitignore(text, directory)
        return self._rules[directory]

    def _top(self, directory: str) -> str:
        """The work tree's top (a directory holding `.git`), else the root walked."""
        if directory not in self._tops:
            current = directory
            top = self.root
            while True:
                if os.path.exists(os.path.join(current, ".git")):
                    top = current
                    break
                parent = os.path.dirname(current)
                if parent == current:
                    break
                current = parent
            self._tops[directory] = top
        return self._tops[directory]

    def ignored_here_or_above(self, path: str) -> bool:
        """Whether a file, or a directory between it and the work tree's top, is ignored."""
        path = os.path.abspath(path)
        top = self._top(os.path.dirname(path))
        directories = []
        current = os.path.dirname(path)
        while current != top and os.path.dirname(current) != current:
            directories.append(current)
            current = os.path.dirname(current)
        if any(self.ignored(d, is_directory=True) for d in reversed(directories)):
            return True
        return self.ignored(path, is_directory=False)

    def ignored(self, path: str, is_directory: bool) -> bool:
        path = os.path.abspath(path)
        parent = os.path.dirname(path)
        top = self._top(parent)
        chain: list[str] = []
        current = parent
        while True:
            chain.append(current)
            if current == top or os.path.dirname(current) == current:
                break
            current = os.path.dirname(current)
        if top not in chain:  # a path outside the root walked: only its own directory counts
            chain = chain[:1]
        verdict = False
        for directory in reversed(chain):  # outermost first: deeper files override
            for rule in self._rules_in(directory):
                if rule.directory_only and not is_directory:
                    continue
                relative = os.path.relpath(path, rule.base).replace(os.sep, "/")
                subject = relative if rule.anchored else relative.rsplit("/", 1)[-1]
                if rule.regex.match(subject):
                    verdict = not rule.negate
        return verdict


def _git_ignored(paths: list[str]) -> set[str] | None:
    """The paths git ignores, or None when git cannot say (no git, not in a work tree)."""
    git = shutil.which("git")
    if git is None or not paths:
        return None if git is None else set()
    where = os.path.dirname(os.path.abspath(paths[0]))
    try:
        inside = subprocess.run(
            [git, "-C", where, "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
        if inside.returncode != 0 or inside.stdout.strip() != b"true":
            return None
        answer = subprocess.run(
            [git, "-C", where, "check-ignore", "--stdin", "-z"],
            input=b"\0".join(os.path.abspath(p).encode("utf-8", "surrogateescape") for p in paths),
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if answer.returncode not in (0, 1):  # 1: nothing ignored; 128: git could not tell
        return None
    return {
        os.path.abspath(item.decode("utf-8", "surrogateescape"))
        for item in answer.stdout.split(b"\0")
        if item
    }


# ---------------------------------------------------------------------------- walking


ExcludesFor = Callable[[str], tuple[str, ...]]


def _walk(root: str, excludes_for: ExcludesFor, reader: GitignoreReader | None) -> Iterator[str]:
    """YAML files under `root`, sorted, without excluded or (by `reader`) ignored ones."""
    for directory, subdirectories, files in os.walk(root):
        directory = os.path.normpath(directory)  # `specs/a.yaml`, not `./specs/a.yaml`
        patterns = excludes_for(directory)
        kept = []
        for name in sorted(subdirectories):
            path = os.path.join(directory, name)
            if name in SKIPPED_DIRECTORIES or excluded(path, patterns):
                continue
            if reader is not None and reader.ignored(path, is_directory=True):
                continue
            kept.append(name)
        subdirectories[:] = kept
        for name in sorted(files):
            if not name.lower().endswith(SUFFIXES):
                continue
            path = os.path.join(directory, name)
            if excluded(path, patterns):
                continue
            try:
                if not stat.S_ISREG(os.stat(path).st_mode):
                    continue  # a FIFO or device: opening it could block
            except OSError:
                continue  # a dangling link
            if reader is not None and reader.ignored(path, is_directory=False):
                continue
            yield path


def _drop_ignored(paths: list[str], root: str) -> list[str]:
    ignored = _git_ignored(paths)
    if ignored is None:
        reader = GitignoreReader(root)
        return [p for p in paths if not reader.ignored_here_or_above(p)]
    return [p for p in paths if os.path.abspath(p) not in ignored]


def find_files(
    paths: Iterable[str],
    excludes_for: ExcludesFor = lambda directory: (),
    force_exclude: bool = False,
    respect_gitignore: bool = True,
) -> Found:
    """Every file to check, in command-line order, each once."""
    found = Found()
    use_git = respect_gitignore and shutil.which("git") is not None
    targets: list[Target] = []
    for path in paths:
        if path == STDIN or not os.path.isdir(path):
            # Missing or unreadable files are reported when read.
            parent = os.path.dirname(os.path.abspath(path))
            if force_exclude and path != STDIN and excluded(path, excludes_for(parent)):
                continue
            targets.append(Target(path, True))
            continue
        if force_exclude and excluded(path, excludes_for(os.path.abspath(path))):
            continue
        reader = GitignoreReader(path) if respect_gitignore and not use_git else None
        walked = list(_walk(path, excludes_for, reader))
        if use_git:
            walked = _drop_ignored(walked, path)
        if not walked:
            found.errors.append(f"{path}: no *.yaml or *.yml files to check in this directory")
        targets.extend(Target(file_path, False) for file_path in walked)
    if force_exclude and respect_gitignore:
        files = [t.path for t in targets if t.explicit and os.path.isfile(t.path)]
        kept = set(_drop_ignored(files, os.curdir)) | {
            t.path for t in targets if t.explicit and not os.path.isfile(t.path)
        }
        targets = [t for t in targets if not t.explicit or t.path in kept]
    seen: set[str] = set()
    for target in targets:
        key = target.path if target.path == STDIN else os.path.realpath(target.path)
        if key not in seen:
            seen.add(key)
            found.targets.append(target)
    return found


# ---------------------------------------------------------------------------- non-specs

# Cheap first test on the bytes: a spec has a `layers:` key somewhere.
_LAYERS_KEY = re.compile(rb"""(?:^|[\s{,])["']?layers["']?\s*:""", re.MULTILINE)


def is_non_spec(data: bytes) -> bool:
    """Whether a found file is YAML that is not a convcalc spec, judged from its whole shape
    (`looks_like_spec`): a top-level `layers` that holds layers, and an `input` or no foreign key.

    A file that cannot be read as YAML is not called a non-spec when it mentions `layers:` (it
    may be a broken spec, so it is checked and reported); without `layers:` it is skipped.
    """
    if not _LAYERS_KEY.search(data):
        return True
    if len(data) > MAX_BYTES or b"\x00" in data:
        return False
    try:
        root = parse_yaml(data.decode("utf-8-sig"), "")
    except (UnicodeDecodeError, YamlProblem):
        return False
    return not isinstance(root, RawMap) or not looks_like_spec(root, TOP_LEVEL_KEYS)
