"""The repository works as a pre-commit hook: `pre-commit try-repo` on a copy of this checkout.

pre-commit installs the hook into a fresh virtual environment with pip, so this test needs
pre-commit itself (in the `test` extra), git and the package index; it is skipped when pre-commit
or git is missing. It runs on a committed copy of the files the hook needs, so uncommitted changes
in the work tree are tested too (`try-repo` on the work tree itself would only see committed
files). About ten seconds, most of them pip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "convcalc")


def test_hook_manifest() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "convcalc"
    assert hook["types"] == ["yaml"]
    assert hook["language"] == "python"
    assert hook["entry"].startswith("convcalc check")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed")
    source = tmp_path / "convcalc-hook"
    source.mkdir()
    for name in HOOK_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(ROOT / name, source / name)
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "hook")

    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    # kernel 5 on a 4×4 input: CC101 at 3:5; the workflow file is not a spec and is skipped
    (project / "models/bad.yaml").write_text(
        "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n", encoding="utf-8"
    )
    (project / "models/good.yaml").write_text(
        "input: [8, 8, 3]\nlayers: [relu]\n", encoding="utf-8"
    )
    (project / "ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(source), "convcalc"]
    result = subprocess.run(
        [*command, "--all-files", "--color", "never"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # the hook failed, as it should
    assert "models/bad.yaml:3:5: CC101 error" in output
    assert "1 error, 0 warnings, 0 info in 1 of 2 files (1 non-spec YAML file skipped)" in output

    (project / "models/bad.yaml").unlink()
    git(project, "add", "-A")
    result = subprocess.run(
        [*command, "--all-files", "--color", "never"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
