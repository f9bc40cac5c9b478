"""Which files `convcalc check PATH...` checks.

A file named on the command line (or `-`) is always checked. A directory is walked recursively
for `*.yaml` and `*.yml`, skipping version-control and tool directories, files matching an
`--exclude` glob and files that git ignores: `git check-ignore` answers inside a git work tree,
and a small `.gitignore` reader stands in when git is missing or the directory is not in one.
`--force-exclude` applies the same exclusions to files named on the command line. Whether a
found file is a spec at all is decided later, from its content (see `targets.is_non_spec`).
Imported only by a run that walks a directory (see `targets`).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import warnings
from collections.abc import Callable, Iterable, Iterator

import pathspec

from convcalc.core import limits
from convcalc.core.printable import printable
from convcalc.core.records import frozen
from convcalc.lint.targets import Found, IgnorePatternLimit, Target, excluded
from convcalc.load.files import STDIN, InputError, read_regular
from convcalc.load.formats import SUFFIXES
from convcalc.load.zoo import is_zoo

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


# ---------------------------------------------------------------------------- excludes


# ---------------------------------------------------------------------------- .gitignore

# Ignore patterns read from one tree's `.gitignore` files (`--max-ignore-patterns`): matching
# costs time in proportion to the patterns times the files.
MAX_IGNORE_PATTERNS = limits.DEFAULT.ignore_patterns  # a run's own is limits.current()
# A longer pattern is passed over: paths are at most 4,096 bytes (PATH_MAX on Linux).
MAX_PATTERN_LENGTH = 4096
# git's bracket classes, which Python's regular expressions lack, as the ASCII ranges they mean.
_POSIX_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "xdigit": "0-9a-fA-F",
    "space": " \t\n\r\f\v",
    "blank": " \t",
}
_POSIX_CLASS = re.compile(r"\[:([a-z]+):\]")
# The pieces of a regex pathspec writes for one path segment: `*`, `?`, a bracket class, an
# escaped or a plain character. Anything else (`/`, groups, anchors) ends a segment.
_STAR = "[^/]*"
_REGEX_TOKEN = re.compile(r"\[\^/\]\*|\[\^/\]|\[\^?\]?[^\]]*\]|\\.|[^\[\\]|\[")
_SEGMENT_END = frozenset("/()$^|?+.")
# Three or more stars mean what two mean, in git (pathspec takes time in their square).
_STARS = re.compile(r"(?<!\\)\*{3,}")


def _posix_classes(line: str) -> str | None:
    """`[[:alpha:]]` as `[a-zA-Z]`; None for a class git does not know (the line matches
    nothing)."""
    unknown = False

    def replace(match: re.Match[str]) -> str:
        nonlocal unknown
        ranges = _POSIX_CLASSES.get(match.group(1))
        if ranges is None:
            unknown = True
            return ""
        return ranges

    replaced = _POSIX_CLASS.sub(replace, line)
    return None if unknown else replaced


def _linear(regex: str, counter: list[int]) -> str:
    """pathspec's regex for one pattern, rewritten to match in linear time, as git does.

    `*a*a*b` becomes nested `[^/]*` loops that Python's backtracking engine tries in every
    combination. Each star and the fixed-length piece after it, up to the next star of the same
    segment, is matched once at its leftmost place and never retried (a lookahead captured and
    then consumed, which works on every Python): for a glob the leftmost place is always a right
    one. Besides: a negated class never matches `/` (as in git), and `dir/**` matches what is
    inside `dir`, not `dir` itself.
    """
    # pathspec's regex matches a path or anything below it; each directory on the way is asked
    # here on its own (a file as `a/b`, a directory as `a/b/`), so match the whole path.
    # The endings of pathspec 1.x, then of 0.12.
    for path_or_below in ("(?:(?P<ps_d>/)|$)", "(?:(?P<ps_d>/).*)?$"):
        if regex.endswith(path_or_below):
            regex = regex.removesuffix(path_or_below) + "/?$"
    for directory_or_below in ("(?P<ps_d>/)", "(?P<ps_d>/).*$"):
        if regex.endswith(directory_or_below):  # a directory pattern: `build/`
            regex = regex.removesuffix(directory_or_below) + "/$"
    if regex.endswith("/.*$"):
        regex = regex.removesuffix(".*$") + ".+$"  # `dir/**`: what is inside, not `dir` itself
    elif regex.endswith("/") and not regex.endswith("\\/"):
        regex += ".+$"
    regex = regex.replace("(?P<ps_d>/)", "/")
    if not regex.startswith("^"):
        regex = "^.*?" + regex  # pathspec searches a regex without an anchor (`*/`)
    tokens = [
        "[^/" + token[2:] if token.startswith("[^") and token not in (_STAR, "[^/]") else token
        for token in _REGEX_TOKEN.findall(regex)
    ]
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token != _STAR:
            out.append(token)
            index += 1
            continue
        piece_end = index + 1
        while (
            piece_end < len(tokens)
            and tokens[piece_end] != _STAR
            and tokens[piece_end] not in _SEGMENT_END
        ):
            piece_end += 1
        piece = "".join(tokens[index + 1 : piece_end])
        if piece_end < len(tokens) and tokens[piece_end] == _STAR and not piece:
            pass  # `**` inside a segment is one `*`: the next star stands for both
        elif piece_end < len(tokens) and tokens[piece_end] == _STAR:
            counter[0] += 1
            name = f"_p{counter[0]}"
            out.append(f"(?=(?P<{name}>[^/]*?{piece}))(?P={name})")
        else:
            out.append(token + piece)
        index = piece_end
    return "".join(out)


@frozen(slots=True)
class _Run:
    """Consecutive patterns of one `.gitignore` with the same verdict, as one regex."""

    regex: re.Pattern[str]
    ignore: bool  # False for `!pattern`


def compile_gitignore(text: str) -> list[_Run]:
    """The patterns of one `.gitignore`, last first (the last matching pattern decides)."""
    counter = [0]
    runs: list[tuple[bool, list[str]]] = []
    for line in text.splitlines():
        if len(line) > MAX_PATTERN_LENGTH:
            continue  # longer than any path it could match; pathspec would take seconds
        translated = _posix_classes(_STARS.sub("**", line))
        if translated is None:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pathspec's deprecations are not the user's
                [pattern] = pathspec.GitIgnoreSpec.from_lines([translated]).patterns
        except ValueError:
            continue  # a pattern git cannot use either (a lone `!`): it matches nothing
        if pattern.include is None or pattern.regex is None:
            continue  # a comment, a blank line, or a malformed pattern: matches nothing
        regex = _linear(pattern.regex.pattern, counter)
        if translated.rstrip().endswith("/**/") and regex.endswith("/$"):
            regex = regex.removesuffix("/$") + "/.+/$"  # `a/**/`: directories inside `a`
        if runs and runs[-1][0] == pattern.include:
            runs[-1][1].append(regex)
        else:
            runs.append((pattern.include, [regex]))
    compiled = []
    for ignore, regexes in reversed(runs):
        try:
            joined = re.compile("|".join(f"(?:{regex})" for regex in regexes), re.DOTALL)
        except re.error:  # a pattern pathspec accepts but Python cannot compile: one at a time
            joined = re.compile("|".join(f"(?:{r})" for r in regexes if _compiles(r)) or "(?!)")
        compiled.append(_Run(joined, ignore))
    return compiled


def _compiles(regex: str) -> bool:
    try:
        re.compile(regex)
    except re.error:
        return False
    return True


def _pattern_count(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip() and not line.startswith("#"))


class GitignoreReader:
    """`.gitignore` files read by convcalc itself, for when git cannot be asked.

    The patterns are parsed by pathspec (git's rules: negation, directory patterns, anchoring,
    `**`, escapes) and compiled once per file; deeper files override shallower ones.
    """

    def __init__(self, root: str, max_patterns: int = MAX_IGNORE_PATTERNS) -> None:
        # Outside a git work tree, .gitignore files from `root` down are read, none above it.
        self.root = os.path.abspath(root)
        self.max_patterns = max_patterns
        self.notes: list[str] = []  # .gitignore files that could not be read, and why
        self._patterns_read = 0
        self._rules: dict[str, list[_Run]] = {}
        self._tops: dict[str, str] = {}

    def _rules_in(self, directory: str) -> list[_Run]:
        if directory not in self._rules:
            path = os.path.join(directory, ".gitignore")
            text = ""
            if os.path.lexists(path):
                try:
                    text = read_regular(path, limits.current().file_bytes).decode(
                        "utf-8", errors="replace"
                    )
                except InputError as error:
                    self.notes.append(f"ignore file not read: {error}")
            self._patterns_read += _pattern_count(text)
            if self._patterns_read > self.max_patterns:
                raise IgnorePatternLimit(
                    f"{printable(path)}: more than {self.max_patterns:,} ignore patterns in "
                    "this tree; raise the limit with --max-ignore-patterns or "
                    "`max-ignore-patterns` in the configuration"
                )
            self._rules[directory] = compile_gitignore(text)
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
        for directory in chain:  # innermost first: deeper files override
            relative = os.path.relpath(path, directory).replace(os.sep, "/")
            subject = relative + "/" if is_directory else relative
            for run in self._rules_in(directory):  # last pattern first
                if run.regex.match(subject):
                    return run.ignore
        return False


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


def _walk(
    root: str, excludes_for: ExcludesFor, reader: GitignoreReader | None, notes: list[str]
) -> Iterator[str]:
    """YAML files under `root`, sorted, without excluded or (by `reader`) ignored ones; what is
    passed over for another reason is said in `notes`."""
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:
            notes.append(f"skipped {printable(directory)}: {error.strerror or error}")
            continue
        directory = os.path.normpath(directory)  # `specs/a.yaml`, not `./specs/a.yaml`
        patterns = excludes_for(directory)
        subdirectories = []
        for entry in entries:
            path = os.path.join(directory, entry.name)
            try:
                is_directory = entry.is_dir(follow_symlinks=False)
            except OSError as error:
                notes.append(f"skipped {printable(path)}: {error.strerror or error}")
                continue
            if is_directory:
                if entry.name in SKIPPED_DIRECTORIES or excluded(path, patterns):
                    continue
                if reader is not None and reader.ignored(path, is_directory=True):
                    continue
                subdirectories.append(path)
                continue
            if not entry.name.lower().endswith(SUFFIXES) or excluded(path, patterns):
                continue
            try:
                mode = os.stat(path).st_mode  # through a symbolic link, as the reader will
            except OSError as error:
                reason = "a broken or looping link" if entry.is_symlink() else error.strerror
                notes.append(f"skipped {printable(path)}: {reason}")
                continue
            if stat.S_ISDIR(mode):
                continue  # a link to a directory named like a spec: not followed
            if not stat.S_ISREG(mode):
                notes.append(f"skipped {printable(path)}: not a regular file (a FIFO or device)")
                continue
            if reader is not None and reader.ignored(path, is_directory=False):
                continue
            yield path
        pending.extend(reversed(subdirectories))  # depth first, in name order


def _drop_ignored(
    paths: list[str], root: str, max_ignore_patterns: int, notes: list[str]
) -> list[str]:
    ignored = _git_ignored(paths)
    if ignored is None:
        reader = GitignoreReader(root, max_ignore_patterns)
        kept = [p for p in paths if not reader.ignored_here_or_above(p)]
        notes.extend(reader.notes)
        return kept
    return [p for p in paths if os.path.abspath(p) not in ignored]


def find_files(
    paths: Iterable[str],
    excludes_for: ExcludesFor = lambda directory: (),
    force_exclude: bool = False,
    respect_gitignore: bool = True,
    max_ignore_patterns: int = MAX_IGNORE_PATTERNS,
) -> Found:
    """Every file to check, in command-line order, each once.

    Raises IgnorePatternLimit when the `.gitignore` files read hold too many patterns.
    """
    found = Found()
    use_git = respect_gitignore and shutil.which("git") is not None
    targets: list[Target] = []
    for path in paths:
        if path == STDIN or is_zoo(path) or not os.path.isdir(path):
            # Missing or unreadable files are reported when read.
            parent = os.path.dirname(os.path.abspath(path))
            outside = path == STDIN or is_zoo(path)  # no file on disk to exclude
            if force_exclude and not outside and excluded(path, excludes_for(parent)):
                continue
            targets.append(Target(path, True))
            continue
        if force_exclude and excluded(path, excludes_for(os.path.abspath(path))):
            continue
        reader = (
            GitignoreReader(path, max_ignore_patterns)
            if respect_gitignore and not use_git
            else None
        )
        walked = list(_walk(path, excludes_for, reader, found.notes))
        if use_git:
            walked = _drop_ignored(walked, path, max_ignore_patterns, found.notes)
        elif reader is not None:
            found.notes.extend(reader.notes)
        if not walked:
            found.errors.append(f"{path}: no *.yaml or *.yml files to check in this directory")
        targets.extend(Target(file_path, False) for file_path in walked)
    if force_exclude and respect_gitignore:
        files = [t.path for t in targets if t.explicit and os.path.isfile(t.path)]
        kept = set(_drop_ignored(files, os.curdir, max_ignore_patterns, found.notes)) | {
            t.path for t in targets if t.explicit and not os.path.isfile(t.path)
        }
        targets = [t for t in targets if not t.explicit or t.path in kept]
    seen: set[str] = set()
    for target in targets:
        path = target.path
        key = path if path == STDIN or is_zoo(path) else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.targets.append(target)
    return found
