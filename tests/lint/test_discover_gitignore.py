"""convcalc's own `.gitignore` reader (used when git cannot be asked) against git itself.

The truth is `git check-ignore` on the same tree: the reader must agree with it on nested files,
negation, directory patterns, `**`, bracket classes and escapes, match in linear time whatever the
patterns, and stop at a documented number of patterns.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import invoke

from convcalc.lint import discover
from convcalc.lint.discover import GitignoreReader, compile_gitignore, find_files
from convcalc.lint.targets import IgnorePatternLimit

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
CLEAN = "input: [8, 8, 3]\nlayers: [relu]\n"


def git_ignored(root: Path, paths: list[str]) -> set[str]:
    answer = subprocess.run(
        ["git", "-C", str(root), "check-ignore", "--no-index", "--stdin"],
        input="\n".join(paths),
        capture_output=True,
        text=True,
        check=False,
    )
    assert answer.returncode in (0, 1), answer.stderr
    return set(answer.stdout.splitlines())


def reader_ignored(root: Path, paths: list[str]) -> set[str]:
    reader = GitignoreReader(str(root))
    return {path for path in paths if reader.ignored_here_or_above(str(root / path))}


def make_tree(root: Path, gitignores: dict[str, str], paths: list[str]) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(CLEAN, encoding="utf-8")
    for directory, text in gitignores.items():
        (root / directory).mkdir(parents=True, exist_ok=True)
        (root / directory / ".gitignore").write_text(text, encoding="utf-8")


PATHS = [
    "a.yaml",
    "b.yml",
    "aaaab.yaml",
    "zeta.yaml",
    "Zeta.yaml",
    "9lives.yaml",
    "#hash.yaml",
    "!bang.yaml",
    "space .yaml",
    "star*.yaml",
    "build/x.yaml",
    "build/keep.yaml",
    "gen/deep/er/x.yaml",
    "gen/keep.yaml",
    "logs/a/b/c/trace.yaml",
    "src/logs/x.yaml",
    "docs/a/z/b/spec.yaml",
    "docs/b/spec.yaml",
    "nested/inner.yaml",
    "nested/skip.yaml",
    "nested/again/skip.yaml",
    "nested/again/back.yaml",
    "out/ab.yaml",
    "out/a/b.yaml",
]
GITIGNORES = {
    ".": "\n".join(
        [
            "# a comment",
            "*a*a*a*b.yaml",
            "[[:upper:]]*.yaml",
            "[[:digit:]]*",
            "\\#hash.yaml",
            "\\!bang.yaml",
            "space\\ .yaml",
            "star\\*.yaml",
            "build/",
            "!build/keep.yaml",  # cannot come back: its directory is excluded
            "gen/**",
            "!gen/keep.yaml",  # comes back: `gen/**` excludes what is inside, not `gen`
            "/logs/**/trace.yaml",
            "docs/**/b/spec.yaml",
            "out/a[!/]b.yaml",
            "trailing.yaml   ",
        ]
    )
    + "\n",
    "nested": "skip.yaml\n",
    "nested/again": "!skip.yaml\nback.yaml\n",
}


@needs_git
def test_the_reader_agrees_with_git_on_every_kind_of_pattern(tmp_path: Path) -> None:
    make_tree(tmp_path, GITIGNORES, PATHS)
    by_git = git_ignored(tmp_path, PATHS)
    assert reader_ignored(tmp_path, PATHS) == by_git
    # The tree means something: some paths are ignored, some kept, both through negation.
    assert {"gen/deep/er/x.yaml", "nested/skip.yaml", "build/keep.yaml"} <= by_git
    assert {"gen/keep.yaml", "nested/again/skip.yaml", "a.yaml"}.isdisjoint(by_git)


# Random patterns and paths over a small alphabet, so that patterns and names often meet.
_PATTERN_PIECES = ["a", "b", "*", "?", "**/", "/", "[ab]", "[!a]", "[[:alpha:]]", "\\*", "."]
_NAME_PIECES = ["a", "b", "ab", "ba", "*", "."]


def _random_pattern(rng: random.Random) -> str:
    text = "".join(rng.choice(_PATTERN_PIECES) for _ in range(rng.randint(1, 5)))
    text = text.replace("//", "/")
    if rng.random() < 0.2:
        text = "!" + text
    if rng.random() < 0.15:
        text += "/"
    return text


def _random_name(rng: random.Random) -> str:
    name = "".join(rng.choice(_NAME_PIECES) for _ in range(rng.randint(1, 3)))
    return name if name.strip(".") else "a"  # not `.` or `..`


def _random_path(rng: random.Random) -> str:
    return "/".join(_random_name(rng) for _ in range(rng.randint(1, 3))) + ".yaml"


@needs_git
@pytest.mark.parametrize("seed", range(12))
def test_the_reader_agrees_with_git_on_random_patterns(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    paths = sorted({_random_path(rng) for _ in range(40)})
    # A file and a directory cannot share a name: keep the paths that fit in one tree.
    kept: list[str] = []
    for path in paths:
        stems = {"/".join(p.split("/")[:i]) for p in kept for i in range(1, p.count("/") + 1)}
        if path not in stems and not any(k.startswith(path + "/") for k in kept):
            kept.append(path)
    directories = sorted({p.rsplit("/", 1)[0] for p in kept if "/" in p})
    gitignores = {".": "\n".join(_random_pattern(rng) for _ in range(6)) + "\n"}
    if directories:
        gitignores[rng.choice(directories)] = "\n".join(_random_pattern(rng) for _ in range(3))
    make_tree(tmp_path, gitignores, kept)
    assert reader_ignored(tmp_path, kept) == git_ignored(tmp_path, kept), gitignores


def test_many_stars_against_a_long_name_match_without_backtracking() -> None:
    # Python's backtracking engine took minutes on the plain translation; bounded-time guard.
    code = (
        "from convcalc.lint.discover import compile_gitignore\n"
        "runs = compile_gitignore('*a*a*a*a*a*a*b\\n')\n"
        "name = 'a' * 100 + '.yaml'\n"
        "print([bool(run.regex.match(name)) for run in runs * 1000])\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "True" not in answer.stdout
    [run] = compile_gitignore("*a*a*a*a*a*a*b\n")
    assert run.regex.match("a" * 100 + "b")


def test_a_posix_class_gives_no_python_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        [run] = compile_gitignore("[[:alpha:]][[:digit:]].yaml\n")
    assert run.regex.match("x1.yaml") and not run.regex.match("11.yaml")


def test_a_posix_class_through_the_command_line_prints_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".gitignore").write_text("[[:alpha:]]*.yaml\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "1.yaml").write_text(CLEAN, encoding="utf-8")
    monkeypatch.setattr(discover.shutil, "which", lambda name: None)  # convcalc's reader
    answer = subprocess.run(
        [sys.executable, "-W", "default", "-m", "convcalc", "check", "--format", "concise", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr
    assert "Warning" not in answer.stderr
    assert "1 file" in answer.stdout


def test_ignore_patterns_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discover.shutil, "which", lambda name: None)
    (tmp_path / ".gitignore").write_text(
        "".join(f"rule{n}.yaml\n" for n in range(101)), encoding="utf-8"
    )
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    with pytest.raises(IgnorePatternLimit):
        find_files([str(tmp_path)], max_ignore_patterns=100)
    assert len(find_files([str(tmp_path)], max_ignore_patterns=101).targets) == 1
    result = invoke("check", "--format", "concise", "--max-ignore-patterns", "100", str(tmp_path))
    assert result.exit_code == 2
    assert "--max-ignore-patterns" in result.stderr
    assert "Traceback" not in result.output
    assert invoke("check", "--format", "concise", str(tmp_path)).exit_code == 0


def test_the_ignore_pattern_limit_is_a_configuration_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discover.shutil, "which", lambda name: None)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".convcalc.yaml").write_text("max-ignore-patterns: 1\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("x.yaml\ny.yaml\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    result = invoke("check", "--format", "concise", ".")
    assert result.exit_code == 2
    assert "more than 1 ignore patterns" in result.stderr
    assert invoke("check", "--format", "concise", "--max-ignore-patterns", "2", ".").exit_code == 0


# The full count is what the one-matcher design is for (about 5 s); a few hundred check the same
# matching in the fast loop.
@pytest.mark.parametrize("count", [300, pytest.param(20_000, marks=pytest.mark.slow)])
def test_many_exclude_patterns_are_matched_as_one(tmp_path: Path, count: int) -> None:
    for n in range(50):
        (tmp_path / f"spec{n}.yaml").write_text(CLEAN, encoding="utf-8")
    patterns = (*(f"legacy{n}*/*.yaml" for n in range(count)), "spec4*.yaml")
    kept = find_files([str(tmp_path)], excludes_for=lambda directory: patterns).targets
    assert len(kept) == 50 - 11  # spec4 and spec40..spec49


@needs_git
def test_a_broken_gitignore_is_read_as_git_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unclosed brackets, a lone `!` and `\`, invalid UTF-8, runs of stars, very long lines.
    (tmp_path / ".gitignore").write_bytes(
        b"[abc\n!\n\\\n\xff\xfe.yaml\nx***y/****z\n"
        + b"*" * 100_000
        + b"x\n"
        + b"?" * 100_000
        + b"\nb.yaml\n"
    )
    paths = ["a.yaml", "b.yaml"]
    make_tree(tmp_path, {}, paths)
    assert reader_ignored(tmp_path, paths) == git_ignored(tmp_path, paths) == {"b.yaml"}
    monkeypatch.setattr(discover.shutil, "which", lambda name: None)
    result = invoke("check", "--format", "concise", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "no problems in 1 file" in result.stdout
