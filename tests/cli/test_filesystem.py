"""Hostile filesystems: what `check` finds, reads and refuses (issue 16's filesystem cases, issue
17's hangs). Anything that could block runs in a subprocess with a timeout: a hang fails the test
instead of stalling the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from conftest import invoke

from convcalc.lint import discover
from convcalc.lint.targets import Found
from convcalc.load import files

CLEAN = "input: [8, 8, 3]\nlayers: [relu]\n"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """convcalc in its own process, stopped after 60 s (a hang fails, it does not stall)."""
    return subprocess.run(
        [sys.executable, "-m", "convcalc", "check", "--format", "concise", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )


def no_traceback(result: Result | subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output


# --- never blocks -----------------------------------------------------------------------------


@needs_fifo
def test_config_naming_a_fifo_is_refused_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    result = run("--config", "fifo.yaml", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "fifo.yaml: not a regular file" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    no_traceback(result)


@needs_fifo
def test_a_fifo_named_gitignore_is_skipped_with_a_note(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".gitignore")
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    result = run(".", cwd=tmp_path)  # no .git here: convcalc reads .gitignore itself
    assert result.returncode == 0, result.stderr
    assert ".gitignore: not a regular file" in result.stderr
    assert "no problems in 1 file" in result.stdout


@needs_fifo
def test_a_fifo_named_config_in_a_directory_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".convcalc.yaml")
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    result = run("a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert ".convcalc.yaml: not a regular file" in result.stderr
    no_traceback(result)


@needs_fifo
def test_a_file_swapped_for_a_fifo_after_the_walk_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    real_find = discover.find_files

    def find_then_swap(*args: object, **kwargs: object) -> Found:
        found = real_find(*args, **kwargs)  # type: ignore[arg-type]
        (tmp_path / "a.yaml").unlink()
        os.mkfifo(tmp_path / "a.yaml")  # between the stat of the walk and the open
        return found

    monkeypatch.setattr("convcalc.lint.discover.find_files", find_then_swap)
    result = invoke("check", "--format", "concise", str(tmp_path))
    assert result.exit_code == 2
    assert "a.yaml: not a regular file" in result.stderr


@needs_fifo
def test_the_reader_checks_the_opened_file_not_a_stat_before(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(files.InputError, match="not a regular file"):
        files.read_regular(str(tmp_path / "pipe.yaml"), 100)


def test_dev_zero_is_refused() -> None:
    result = invoke("check", "--format", "concise", "/dev/zero")
    assert result.exit_code == 2
    assert "/dev/zero: not a regular file" in result.stderr


def test_an_empty_stdin_is_a_spec_error_not_a_hang() -> None:
    result = invoke("check", "--format", "concise", "-", stdin="")
    assert result.exit_code == 1
    assert "<stdin>" in result.stdout
    no_traceback(result)


# --- what a walk passes over, and says so -------------------------------------------------------


def test_a_directory_named_like_a_spec_is_walked_not_read(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "dir.yaml" / "inner.yaml").write_text(CLEAN, encoding="utf-8")
    result = invoke("check", "--format", "concise", str(tmp_path))
    assert result.exit_code == 0
    assert "no problems in 1 file" in result.stdout
    named = invoke("check", "--format", "concise", str(tmp_path / "dir.yaml" / "inner.yaml"))
    assert named.exit_code == 0


@needs_fifo
def test_a_fifo_found_in_a_walk_is_named_with_the_reason(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    result = run(".", cwd=tmp_path)
    assert result.returncode == 0
    assert "pipe.yaml: not a regular file (a FIFO or device)" in result.stderr


def test_symlink_loops_are_named_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a directory loop: links are not followed
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    result = invoke("check", "--format", "concise", str(tmp_path))
    assert result.exit_code == 0
    assert "no problems in 1 file" in result.stdout
    assert "loop.yaml: a broken or looping link" in result.stderr
    named = invoke("check", "--format", "concise", str(tmp_path / "loop.yaml"))
    assert named.exit_code == 2
    assert "loop.yaml:" in named.stderr
    no_traceback(named)


# An unreadable named file (exit 2, "Permission denied"): tests/cli/test_hostile.py.


def test_a_directory_without_search_permission_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root every permission is granted, and the test's Python cannot run as another user
    # here: the calls a non-root user would see refused are refused by monkeypatching.
    # `closed` has read but no search permission: its names can be listed, nothing in it opened
    # or stat'ed; `shut` cannot even be listed.
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "b.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "shut").mkdir()
    (tmp_path / "shut" / "c.yaml").write_text(CLEAN, encoding="utf-8")
    closed, shut = str(tmp_path / "closed") + os.sep, str(tmp_path / "shut")
    real_stat, real_scandir, real_open = os.stat, os.scandir, os.open

    def denied(path: object) -> PermissionError:
        return PermissionError(13, "Permission denied", str(path))

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if os.path.abspath(str(path)).startswith((closed, shut + os.sep)):
            raise denied(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def scandir(path: object) -> object:
        if os.path.abspath(str(path)) == shut:
            raise denied(path)
        return real_scandir(path)  # type: ignore[arg-type]

    def open_(path: object, *args: object, **kwargs: object) -> int:
        if os.path.abspath(str(path)).startswith((closed, shut + os.sep)):
            raise denied(path)
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    result = invoke("check", "--format", "concise", str(tmp_path))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "no problems in 1 file" in result.stdout
    assert "closed/b.yaml: Permission denied" in result.stderr
    assert "shut: Permission denied" in result.stderr


def test_a_config_lookup_that_meets_a_permission_error_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    real_stat = os.stat

    def refusing_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).endswith((".convcalc.yaml", "pyproject.toml")):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", refusing_stat)
    result = invoke("check", "--format", "concise", str(tmp_path / "a.yaml"))
    assert result.exit_code == 0, result.output


def test_a_file_removed_after_the_walk_is_named_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "gone.yaml").write_text(CLEAN, encoding="utf-8")
    real_find = discover.find_files

    def find_then_remove(*args: object, **kwargs: object) -> Found:
        found = real_find(*args, **kwargs)  # type: ignore[arg-type]
        (tmp_path / "gone.yaml").unlink()
        return found

    monkeypatch.setattr("convcalc.lint.discover.find_files", find_then_remove)
    result = invoke("check", "--format", "concise", str(tmp_path))
    assert result.exit_code == 0
    assert "no problems in 1 file" in result.stdout
    assert "gone.yaml: removed before it was read" in result.stderr


@pytest.mark.slow  # about 15 s: creating and walking the tree is the test
def test_fifty_thousand_files_in_a_tree(tmp_path: Path) -> None:
    for directory in range(50):
        sub = tmp_path / f"d{directory}"
        sub.mkdir()
        for n in range(1000):
            (sub / f"n{n}.txt").touch()  # not YAML: walked over, not read
    (tmp_path / "d7" / "a.yaml").write_text(CLEAN, encoding="utf-8")
    result = run(".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no problems in 1 file" in result.stdout


# --- many files: a line format keeps only what the summary needs ---------------------------------


def test_each_report_is_handed_on_as_made_and_only_its_diagnostics_are_kept(
    tmp_path: Path,
) -> None:
    from convcalc.commands import check
    from convcalc.core.settings import Settings
    from convcalc.lint import many_files
    from convcalc.lint.config import ConfigFinder

    error = "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n"
    for name, text in (("a.yaml", CLEAN), ("b.yaml", error)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    handed: list[str] = []

    def on_report(report: object) -> None:
        handed.append(Path(report.source).name)  # type: ignore[attr-defined]
        assert report.layers  # type: ignore[attr-defined]  # the whole report, to write now

    settings = Settings(command="check", paths=(str(tmp_path),))
    outcome = many_files.check_paths(
        settings,
        ConfigFinder(),
        check.calculate_loaded,
        on_report,
        find=check.file_finder(settings),
    )
    assert handed == ["a.yaml", "b.yaml"]
    assert [report.layers for report in outcome.reports] == [(), ()]
    assert [report.network for report in outcome.reports] == [None, None]
    assert [len(report.diagnostics) for report in outcome.reports] == [0, 1]
    result = invoke("check", "--format", "concise", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "1 error, 0 warnings, 0 info in 1 of 2 files"
