"""What counts as a spec: found files are judged from their whole shape (skipped and counted when
they are not, or are ambiguous); a named file that is clearly something else gets one message.

The foreign files in tests/fixtures/foreign/ have the shape of real configs: Ultralytics' YOLOv8
and YOLOv5 model configs, and a Hydra training config with ResNet-18's `layers: [2, 2, 2, 2]`
(before this check, such a config gave 7 errors and exit 1 in `convcalc check .`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import invoke

from convcalc.lint.targets import is_non_spec

FOREIGN = Path(__file__).resolve().parents[1] / "fixtures" / "foreign"
CLEAN = "input: [227, 227, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"


@pytest.mark.parametrize(
    ("text", "non_spec"),
    [
        (CLEAN, False),
        ("input: [8, 8, 3]\nlayers: [relu, {type: conv, filters: 8, kernel: 3}]\n", False),
        ("input: [8, 8, 3]\nlayers: []\n", False),  # a spec with nothing in it yet
        # No input, but nothing foreign: a spec that misses its input (reported when checked).
        ("layers:\n  - {type: conv, kernel: 3}\n", False),
        ("name: net\nblocks: {}\nlayers: [relu]\n", False),
        # Ambiguous or clearly not a spec: skipped.
        ("layers: [2, 2, 2, 2]\n", True),
        ("input: 224\nlayers: [2, 2]\noptimizer: sgd\n", True),  # an input, but no layers
        ("model: resnet\nlayers: [2, 2, 2, 2]\n", True),
        ("layers: 4\n", True),
        ("layers: {encoder: 6, decoder: 6}\n", True),
        ("layers:\n  - {units: 128}\n  - {units: 10}\n", True),  # no `type`
        ("layers:\n  - [64, 3]\n", True),
        ("model: mlp\nlayers:\n  - {type: linear, units: 10}\n", True),  # foreign key, no input
    ],
)
def test_what_counts_as_a_spec(text: str, non_spec: bool) -> None:
    assert is_non_spec(text.encode("utf-8")) is non_spec


@pytest.mark.parametrize("name", ["hydra_train.yaml"])
def test_foreign_configs_are_skipped_in_a_repository_wide_check(name: str, tmp_path: Path) -> None:
    shutil.copy(FOREIGN / name, tmp_path / name)
    (tmp_path / "net.yaml").write_text(CLEAN, encoding="utf-8")
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "no problems in 1 file (1 non-spec YAML file skipped)"


@pytest.mark.parametrize(
    ("name", "found"),
    [
        # Abridged from yolov8.yaml, it concatenates a 320×320 map with a 160×160 one.
        ("ultralytics_yolov8.yaml", ":17:5: CC220 error model.5: `concat`"),
        ("yolov5_depth_multiple.yaml", ":13:6: CC015 error model.3: row 3 reads row 17"),
    ],
)
def test_ultralytics_configs_are_read_as_such_in_a_repository_wide_check(
    name: str, found: str, tmp_path: Path
) -> None:
    shutil.copy(FOREIGN / name, tmp_path / name)
    (tmp_path / "net.yaml").write_text(CLEAN, encoding="utf-8")
    result = invoke("check", "--format", "concise", str(tmp_path))
    assert result.exit_code == 1, result.output  # checked, not skipped: its real mistake shows
    assert f"{tmp_path / name}{found}" in result.stdout


@pytest.mark.parametrize("name", ["ultralytics_yolov8.yaml", "yolov5_depth_multiple.yaml"])
def test_an_ultralytics_config_read_as_a_spec_gets_one_message_saying_what_it_is(
    name: str,
) -> None:
    result = invoke("check", "--format", "concise", "--from", "convcalc", str(FOREIGN / name))
    assert result.exit_code == 1  # an error in a file named to be checked
    (line,) = [line for line in result.stdout.splitlines() if " CC" in line]
    assert " CC008 error this is an Ultralytics (YOLO) model config" in line
    assert "convcalc reads it as one without `--from convcalc`" in line


def test_named_keras_model_config_gets_one_message() -> None:
    text = "class_name: Sequential\nconfig:\n  name: mlp\n  layers:\n    - class_name: Dense\n"
    result = invoke("check", "--format", "concise", "-", stdin=text)
    assert result.exit_code == 1
    (line,) = [line for line in result.stdout.splitlines() if " CC" in line]
    assert "CC008 error this is a Keras model config" in line


def test_named_hydra_config_gets_one_message_not_seven() -> None:
    result = invoke("check", "--format", "concise", str(FOREIGN / "hydra_train.yaml"))
    assert result.exit_code == 1
    (line,) = [line for line in result.stdout.splitlines() if " CC" in line]
    assert "CC008 error this is not a convcalc spec: it has no `input`" in line
    assert "`layers` is a list of numbers" in line


def test_skip_non_specs_skips_named_foreign_configs() -> None:
    """The Hydra config is skipped; the Ultralytics configs are read by their importer (and
    their abridged rows do not fit together: exit code 1)."""
    paths = [str(path) for path in sorted(FOREIGN.glob("*.yaml"))]
    result = invoke("check", "--skip-non-specs", *paths)
    assert result.exit_code == 1
    assert "(1 non-spec YAML file skipped)" in result.stdout


def test_a_spec_with_mistakes_still_gets_a_message_per_mistake() -> None:
    # Has an input: read as a spec, even with a foreign key and a bad layer.
    text = "input: [8, 8, 3]\nbackbone: []\nhead: []\nlayers: [2]\n"
    result = invoke("check", "--format", "concise", "-", stdin=text)
    codes = [line.split()[1] for line in result.stdout.splitlines() if " CC" in line]
    assert codes.count("CC003") == 2 and "CC004" in codes and "CC008" not in codes
