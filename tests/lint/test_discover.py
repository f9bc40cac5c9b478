"""`convcalc check PATH...`: directories, non-spec YAML, --exclude, .gitignore, the summary line.

The .gitignore reader is compared with git itself (`git check-ignore`), the reference for what a
pattern means; expected counts come from the files each test writes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import invoke

from convcalc.lint import discover
from convcalc.lint.discover import GitignoreReader, find_files
from convcalc.lint.targets import excluded, is_non_spec

CLEAN = "input: [227, 227, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
# (224 − 11)/4 + 1 = 54.25: one warning (CC103)
WARNING = "input: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
# kernel 5 on a 4×4 input: one error (CC101)
ERROR = "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n"
NOT_A_SPEC = "on: [push]\njobs:\n  test: {runs-on: ubuntu-latest}\n"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def found(*paths: str, **options: object) -> list[str]:
    return [target.path for target in find_files(paths, **options).targets]  # type: ignore[arg-type]


def relative(paths: list[str], root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


# --- walking -----------------------------------------------------------------------------------


def test_directory_is_searched_recursively_for_yaml_and_yml(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "b.yaml": CLEAN,
            "a.yml": CLEAN,
            "notes.txt": CLEAN,
            "net.yaml.bak": CLEAN,
            "deep/er/c.YAML": CLEAN,
        },
    )
    assert relative(found(str(tmp_path)), tmp_path) == ["a.yml", "b.yaml", "deep/er/c.YAML"]


def test_tool_and_vcs_directories_are_not_entered(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "ok.yaml": CLEAN,
            ".git/x.yaml": CLEAN,
            ".venv/lib/y.yaml": CLEAN,
            "node_modules/pkg/z.yaml": CLEAN,
            "__pycache__/w.yaml": CLEAN,
        },
    )
    assert relative(found(str(tmp_path)), tmp_path) == ["ok.yaml"]


def test_a_file_found_twice_is_checked_once(tmp_path: Path) -> None:
    write(tmp_path, {"a.yaml": CLEAN})
    paths = found(str(tmp_path / "a.yaml"), str(tmp_path), str(tmp_path / "." / "a.yaml"))
    assert len(paths) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_directory_is_not_opened(tmp_path: Path) -> None:
    write(tmp_path, {"ok.yaml": CLEAN})
    os.mkfifo(tmp_path / "pipe.yaml")
    # Opening the FIFO would block this test forever: it must be left out.
    assert relative(found(str(tmp_path)), tmp_path) == ["ok.yaml"]


def test_exclude_matches_a_name_or_the_end_of_a_path() -> None:
    assert excluded("specs/legacy/a.yaml", ["legacy"])
    assert excluded("specs/legacy/a.yaml", ["legacy/*.yaml"])
    assert excluded("specs/x.draft.yaml", ["*.draft.yaml"])
    assert excluded("/abs/specs/old/a.yaml", ["specs/old"])
    assert not excluded("specs/legacy2/a.yaml", ["legacy"])
    assert not excluded("specs/a.yaml", ["b.yaml"])


def test_exclude_option_prunes_directories_and_files(tmp_path: Path) -> None:
    write(tmp_path, {"keep.yaml": CLEAN, "legacy/a.yaml": ERROR, "x.draft.yaml": ERROR})
    result = invoke("check", "--exclude", "legacy", "--exclude", "*.draft.yaml", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "no problems in 1 file"  # keep.yaml only


def test_a_named_file_is_checked_even_when_excluded(tmp_path: Path) -> None:
    write(tmp_path, {"legacy/a.yaml": ERROR})
    named = str(tmp_path / "legacy/a.yaml")
    assert invoke("check", "--exclude", "legacy", named).exit_code == 1
    result = invoke("check", "--exclude", "legacy", "--force-exclude", named)
    assert "in 0 files" in result.stdout


# --- non-spec YAML -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "non_spec"),
    [
        (NOT_A_SPEC, True),
        ("- a\n- list\n", True),
        ("", True),
        ("just text\n", True),
        ("config:\n  layers: 3\n", True),  # `layers`, but not at the top
        (CLEAN, False),
        ('{"input": [8, 8, 3], "layers": [relu]}', False),
        ("input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 8\n", False),  # broken spec
        (b"layers: \xff\xfe\n", False),  # not UTF-8 but mentions layers: reported
        ("key: [unclosed\n", True),  # broken, no `layers`: someone else's file
    ],
)
def test_what_counts_as_a_non_spec(text: str | bytes, non_spec: bool) -> None:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    assert is_non_spec(data) is non_spec


def test_non_spec_yaml_in_a_directory_is_skipped_and_counted(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "net.yaml": WARNING,
            ".github/workflows/ci.yml": NOT_A_SPEC,
            "compose.yaml": "services: {}\n",
            "list.yaml": "- a\n",
        },
    )
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "0 errors, 1 warning, 0 info in 1 file (3 non-spec YAML files skipped)"
    )


def test_broken_yaml_that_mentions_layers_is_still_checked(tmp_path: Path) -> None:
    write(tmp_path, {"broken.yaml": "input: [8, 8, 3]\nlayers:\n  - {type: conv\n"})
    result = invoke("check", "--format", "concise", str(tmp_path))
    assert result.exit_code == 1
    assert " CC001 error " in result.stdout


def test_a_named_non_spec_file_is_checked(tmp_path: Path) -> None:
    write(tmp_path, {"ci.yml": NOT_A_SPEC})
    result = invoke("check", str(tmp_path / "ci.yml"))
    assert result.exit_code == 1
    assert " CC002 error " in result.stdout  # no `input`, no `layers`


def test_skip_non_specs_skips_named_files_too(tmp_path: Path) -> None:
    write(tmp_path, {"ci.yml": NOT_A_SPEC, "net.yaml": CLEAN})
    result = invoke(
        "check", "--skip-non-specs", str(tmp_path / "ci.yml"), str(tmp_path / "net.yaml")
    )
    assert result.exit_code == 0
    assert "in 1 file (1 non-spec YAML file skipped)" in result.stdout


def test_stdin_is_always_checked() -> None:
    result = invoke("check", "--skip-non-specs", "-", stdin=NOT_A_SPEC)
    assert result.exit_code == 1


def test_a_directory_without_yaml_files_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, {"readme.txt": "no specs here"})
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 2
    assert "no *.yaml or *.yml files" in result.stderr


# --- the summary line --------------------------------------------------------------------------


def test_one_run_reports_every_problem_then_one_summary_line(tmp_path: Path) -> None:
    # 3 errors in two files, 1 warning, 38 clean specs, 5 non-specs: "2 of 40 files".
    files = {f"clean/{i:02d}.yaml": CLEAN for i in range(37)}
    files["bad/one.yaml"] = ERROR
    files["bad/two.yaml"] = (
        "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n"
        "  - {type: conv, from: input, filters: 8, kernel: 6}\n"
    )
    files["warn.yaml"] = WARNING
    files.update({f"other/{i}.yaml": NOT_A_SPEC for i in range(5)})
    write(tmp_path, files)
    # two.yaml: two branches from the input, each with a kernel larger than it (CC101 twice).
    result = invoke("check", "--format", "concise", str(tmp_path))
    lines = result.stdout.splitlines()
    assert (
        lines[-1] == "3 errors, 1 warning, 0 info in 2 of 40 files (5 non-spec YAML files skipped)"
    )
    assert len(lines) == 5  # one line per diagnostic, then the summary
    assert result.exit_code == 1


# --- .gitignore --------------------------------------------------------------------------------

GITIGNORE = """\
# comment
build/
*.tmp.yaml
!keep.tmp.yaml
/rooted.yaml
deep/**/gen/
sub/only-here.yaml
\\#hash.yaml
"""
LAYOUT = [
    "a.yaml",
    "build/x.yaml",
    "src/build/y.yaml",
    "one.tmp.yaml",
    "keep.tmp.yaml",
    "src/two.tmp.yaml",
    "rooted.yaml",
    "src/rooted.yaml",
    "deep/gen/a.yaml",
    "deep/a/b/gen/c.yaml",
    "sub/only-here.yaml",
    "other/sub/only-here.yaml",
    "#hash.yaml",
    "nested/inner.yaml",
    "nested/skip.yaml",
]


def make_tree(root: Path) -> None:
    write(root, {name: CLEAN for name in LAYOUT})
    write(root, {".gitignore": GITIGNORE, "nested/.gitignore": "skip.yaml\n"})


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )


@needs_git
def test_the_gitignore_reader_agrees_with_git(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert git(tmp_path, "init", "-q").returncode == 0
    answer = git(tmp_path, "check-ignore", "--no-index", *LAYOUT)
    by_git = set(answer.stdout.splitlines())
    reader = GitignoreReader(str(tmp_path))

    def ignored(name: str) -> bool:
        # git ignores a file when it or one of its directories is ignored
        parts = name.split("/")
        for depth in range(1, len(parts)):
            if reader.ignored(str(tmp_path.joinpath(*parts[:depth])), is_directory=True):
                return True
        return reader.ignored(str(tmp_path / name), is_directory=False)

    by_reader = {name for name in LAYOUT if ignored(name)}
    assert by_reader == by_git
    assert "a.yaml" not in by_git and "keep.tmp.yaml" not in by_git  # the test means something


@needs_git
def test_directories_respect_gitignore_through_git(tmp_path: Path) -> None:
    make_tree(tmp_path)
    git(tmp_path, "init", "-q")
    by_git = set(git(tmp_path, "check-ignore", "--no-index", *LAYOUT).stdout.splitlines())
    assert set(relative(found(str(tmp_path)), tmp_path)) == set(LAYOUT) - by_git


@needs_git
def test_directories_respect_gitignore_without_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path)
    git(tmp_path, "init", "-q")
    by_git = set(git(tmp_path, "check-ignore", "--no-index", *LAYOUT).stdout.splitlines())
    monkeypatch.setattr(discover.shutil, "which", lambda name: None)  # no git on this machine
    assert set(relative(found(str(tmp_path)), tmp_path)) == set(LAYOUT) - by_git


def test_gitignore_outside_a_work_tree_is_read_from_the_directory_down(tmp_path: Path) -> None:
    # No .git anywhere under tmp_path: convcalc reads the .gitignore files itself.
    write(
        tmp_path, {"specs/.gitignore": "out/\n", "specs/a.yaml": CLEAN, "specs/out/b.yaml": CLEAN}
    )
    assert relative(found(str(tmp_path / "specs")), tmp_path) == ["specs/a.yaml"]


@needs_git
def test_force_exclude_applies_gitignore_to_named_files(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "gen/\n", "gen/a.yaml": ERROR})
    git(tmp_path, "init", "-q")
    named = str(tmp_path / "gen/a.yaml")
    assert found(named) == [named]
    assert found(named, force_exclude=True) == []
