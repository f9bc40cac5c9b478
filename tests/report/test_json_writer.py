"""The JSON writer writes exactly the bytes of the standard library's
`json.dumps(value, indent=2, ensure_ascii=False)`, by its own faster path."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from typing import Any

import pytest

from convcalc.report.json_writer import Items, JsonArrayWriter, json_text


class _Level(int, enum.Enum):
    HIGH = 2


VALUES: list[Any] = [
    {},
    [],
    0,
    -(2**70),
    "text",
    None,
    [True, False, None],
    {"a": [1, 2.5, {"x": None, "y": True}], 'é\n"\\': "ü\u2028\x00\x7f"},
    [float("nan"), float("inf"), float("-inf"), 1e300, -0.0, 0.1, 5e-324],
    (1, (2, ()), {}),
    {"nested": [[], {}, [[{"deep": [1]}]]]},
    {1: "int key", None: "null key"},  # keys json.dumps converts to strings
    {"enum": _Level.HIGH, "bool": [True]},  # an int subclass
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("level", [0, 1, 3])
def test_json_text_is_json_dumps(value: Any, level: int) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
    assert json_text(value, level) == expected


def test_refused_values_are_refused_as_json_dumps_refuses_them() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_text({"set": {1}})


def test_array_writer_writes_the_bytes_of_the_whole_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    writer = JsonArrayWriter()
    for item in VALUES:
        writer.add(item)
    writer.close()
    assert capsys.readouterr().out == json.dumps(VALUES, indent=2, ensure_ascii=False) + "\n"


def test_a_document_longer_than_a_block_is_still_json_dumps() -> None:
    """Large arrays are joined block by block (memory); the text is unchanged, and a value only
    json.dumps writes, found after the first block, still leaves the document to json.dumps."""
    layers = [{"name": f"conv{i}", "shape": [i, i, 16], "ok": i % 2 == 0} for i in range(5000)]
    assert json_text({"layers": layers}, 1) == json.dumps(
        {"layers": layers}, indent=2, ensure_ascii=False
    ).replace("\n", "\n  ")
    late = [*layers, {1: "int key"}]
    assert json_text(late) == json.dumps(late, indent=2, ensure_ascii=False)


def test_array_writer_writes_a_large_item_block_by_block_in_the_same_bytes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    large = {"layers": [{"name": f"conv{i}", "shape": [i, i, 16]} for i in range(5000)]}
    writer = JsonArrayWriter()
    for item in (large, {"x": 1}, large):
        writer.add(item)
    writer.close()
    expected = json.dumps([large, {"x": 1}, large], indent=2, ensure_ascii=False) + "\n"
    assert capsys.readouterr().out == expected


def test_array_writer_writes_nothing_of_an_item_json_dumps_refuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    writer = JsonArrayWriter()
    with pytest.raises(TypeError):
        writer.add({"set": {1}})
    assert capsys.readouterr().out == ""


def _plain(value: Any) -> bool:
    """Whether the value is made of the types a streamed item may hold (convcalc's reports)."""
    if isinstance(value, dict):
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    return value is None or type(value) in (str, int, float, bool)


@pytest.mark.parametrize("value", [value for value in VALUES if _plain(value)])
def test_a_streamed_item_with_lazy_items_is_written_as_its_list(
    value: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    writer = JsonArrayWriter()
    writer.add_streamed({"before": 1, "items": Items(iter([value, value])), "empty": Items(())})
    writer.add_streamed(value)
    writer.close()
    expected = [{"before": 1, "items": [value, value], "empty": []}, value]
    assert capsys.readouterr().out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_a_streamed_items_text_is_written_before_its_later_items_are_made(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A large report is never held whole: by the time an item is made, the text of the items
    long before it has been written (and the items themselves let go)."""
    written_when_made: list[int] = []
    written = 0

    def layers() -> Iterator[dict[str, Any]]:
        nonlocal written
        for index in range(5000):
            written += len(capsys.readouterr().out)  # read: taken out of the capture
            written_when_made.append(written)
            yield {"name": f"conv{index}", "shape": [index, index, 16]}

    writer = JsonArrayWriter()
    writer.add_streamed({"layers": Items(layers())})
    assert written_when_made[0] > 0  # the array's opening
    assert written_when_made[-1] > written_when_made[0]
    # Written in several blocks along the way, not once at the end.
    assert len(set(written_when_made)) > 3
