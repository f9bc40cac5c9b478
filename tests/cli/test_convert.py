"""`convcalc convert FILE --to convcalc`: the converted spec checks to the same figures as the
original, on every Darknet and Caffe fixture; written atomically, never over its input."""

from __future__ import annotations

from pathlib import Path

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_path
from tests.conftest import invoke

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ORIGINALS = sorted(
    str(path.relative_to(FIXTURES))
    for path in (*FIXTURES.glob("darknet/cfg/*.cfg"), *FIXTURES.glob("caffe/**/*.prototxt"))
    if "hdf5" not in str(path)  # their input shape is in the data: nothing to convert
)
FAST = ("darknet/cfg/yolov3-tiny.cfg", "caffe/BVLC_caffe/bvlc_googlenet/deploy.prototxt")


def report(path: str) -> NetworkReport:
    network, _ = load_path(path)
    assert network is not None
    return calculate_network(network, CalculationSettings())


def figures(checked: NetworkReport) -> list[tuple[object, ...]]:
    return [
        (
            layer.spec.name,
            layer.spec.kind,
            layer.output_shape,
            layer.params,
            layer.buffers,
            layer.macs,
            layer.framework_params,
            layer.receptive_field,
        )
        for layer in checked.layers
    ]


def round_trip(original: str, tmp_path: Path) -> None:
    converted = tmp_path / "converted.yaml"
    result = invoke("convert", str(FIXTURES / original), "-o", str(converted))
    assert result.exit_code in (0, 1), result.output  # 1: the original has a passed-over layer
    before, after = report(str(FIXTURES / original)), report(str(converted))
    assert figures(after) == figures(before)
    assert after.totals == before.totals
    # The engine's findings too (the importer's own, about what it passed over, stay with the
    # original: the converted spec holds an identity layer in its place).
    assert [(d.code, d.layer, d.message) for d in after.diagnostics] == [
        (d.code, d.layer, d.message) for d in before.diagnostics
    ]


def test_every_fixture_is_converted() -> None:
    assert len(ORIGINALS) == 45 + 15


@pytest.mark.parametrize("original", FAST)
def test_a_converted_spec_checks_to_the_same_figures(original: str, tmp_path: Path) -> None:
    round_trip(original, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("original", [o for o in ORIGINALS if o not in FAST])
def test_every_converted_fixture_checks_to_the_same_figures(original: str, tmp_path: Path) -> None:
    round_trip(original, tmp_path)


def test_convert_writes_to_standard_output_by_default_with_its_source() -> None:
    result = invoke("convert", str(FIXTURES / "darknet/cfg/yolov3-tiny.cfg"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# Converted by `convcalc convert` from ")
    assert "framework: darknet" in lines and "input: [416, 416, 3]" in lines
    assert lines[lines.index("layers:") + 1].endswith("# line 25")


def test_convert_never_writes_over_its_input(tmp_path: Path) -> None:
    original = tmp_path / "net.cfg"
    text = (FIXTURES / "darknet/cfg/yolov3-tiny.cfg").read_text(encoding="utf-8")
    original.write_text(text, encoding="utf-8")
    result = invoke("convert", str(original), "-o", str(original))
    assert result.exit_code == 2 and "does not overwrite its inputs" in result.stderr
    assert original.read_text(encoding="utf-8") == text


def test_a_failed_conversion_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    output = tmp_path / "out.yaml"
    output.write_text("before\n", encoding="utf-8")
    broken = tmp_path / "broken.prototxt"
    broken.write_text("layer {\n", encoding="utf-8")
    result = invoke("convert", str(broken), "-o", str(output))
    assert result.exit_code == 1 and "CC001" in result.stderr
    assert output.read_text(encoding="utf-8") == "before\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["broken.prototxt", "out.yaml"]


def test_a_convcalc_spec_is_not_converted(tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text("input: [8, 8, 3]\nlayers: [relu]\n", encoding="utf-8")
    result = invoke("convert", str(spec))
    assert result.exit_code == 2 and "use --from" in result.stderr
