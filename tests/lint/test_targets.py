"""Files named on the command line are found without the directory walker: the same targets
`discover.find_files` finds for them, and a run over files never imports pathspec or git's
subprocess machinery (start-up)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import invoke, loaded_by_run

from convcalc.lint.discover import find_files
from convcalc.lint.targets import explicit_files, walks
from convcalc.load import files, yaml_source

ROOT = Path(__file__).resolve().parents[2]


def test_explicit_files_are_what_find_files_finds_for_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("layers: []\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "a.yaml")
    paths = [
        str(tmp_path / "a.yaml"),
        "-",
        str(tmp_path / "link.yaml"),  # the same file again: once
        "zoo:resnet18",
        str(tmp_path / "missing.yaml"),  # reported when read
        "-",
    ]
    assert explicit_files(paths) == find_files(paths)


def test_a_directory_or_force_exclude_needs_the_walker(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("layers: []\n", encoding="utf-8")
    assert not walks([str(tmp_path / "a.yaml"), "-", "zoo:resnet18"], force_exclude=False)
    assert walks([str(tmp_path / "a.yaml")], force_exclude=True)
    assert walks([str(tmp_path)], force_exclude=False)


def test_checking_a_file_does_not_load_the_walker() -> None:
    arguments = ["check", "--format", "json", "specs/vgg16.yaml"]
    watched = ["pathspec", "subprocess", "convcalc.lint.discover"]
    assert loaded_by_run(arguments, watched) == []


def test_a_found_spec_is_read_once_and_reported_as_a_named_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telling whether a found file is a spec reads its YAML; loading it takes that reading (a
    second one was a fifth of a directory run), and the findings, their lines and columns, are
    those of the same file named on the command line, broken YAML included."""
    good = "input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 4, kernel: 9}\n"
    broken = "input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 8\n"
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    named = invoke("check", "--format", "concise", *sorted(map(str, tmp_path.iterdir())))
    reads: list[str] = []
    parse = yaml_source.parse_yaml

    def counted(text: str, source: str, *args: object) -> object:
        reads.append(source)
        return parse(text, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(yaml_source, "parse_yaml", counted)
    monkeypatch.setattr(files, "parse_yaml", counted)
    found = invoke("check", "--format", "concise", str(tmp_path))
    assert sorted(reads) == sorted(map(str, tmp_path.iterdir()))
    assert found.exit_code == named.exit_code == 1
    assert found.stdout == named.stdout
    assert ":3:" in found.stdout and "CC001" in found.stdout and "CC101" in found.stdout
