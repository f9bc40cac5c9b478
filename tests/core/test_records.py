"""convcalc's records against the standard library's dataclasses, the behaviour they replace:
each test builds the same class both ways and expects the same answer."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any, ClassVar

import pytest

from convcalc.core import records
from convcalc.core.records import FrozenInstanceError, field, fields, frozen, mutable, replace


def _point_classes(**options: Any) -> tuple[type, type]:
    """The same class, as a dataclass and as a record."""

    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"x": "int", "y": "str", "tags": "list[str]", "unit": ClassVar[str]},
            "y": "a",
            "tags": field(default_factory=list),
            "unit": "px",
        }

    standard = dict(body(), tags=dataclasses.field(default_factory=list))
    reference = dataclasses.dataclass(**options)(type("Point", (), standard))
    record_options = {key: value for key, value in options.items() if key != "frozen"}
    decorator = frozen if options.get("frozen") else mutable
    ours = decorator(**record_options)(type("Point", (), body()))
    return reference, ours


ALL_KINDS = [{"frozen": True}, {"frozen": True, "slots": True}, {}, {"slots": True}]


@pytest.mark.parametrize("options", ALL_KINDS)
def test_construction_defaults_repr_and_equality_match_dataclasses(options: dict[str, Any]) -> None:
    reference, ours = _point_classes(**options)
    for args, kwargs in [((1,), {}), ((1, "b"), {}), ((), {"x": 2, "tags": ["t"]})]:
        expected, made = reference(*args, **kwargs), ours(*args, **kwargs)
        assert repr(made) == repr(expected)
        assert made == ours(*args, **kwargs)
        assert made != ours(99)
        assert made != expected  # another class, as two dataclasses are never equal
    assert ours(1).tags is not ours(1).tags  # a fresh default per instance
    assert [f.name for f in fields(ours)] == [f.name for f in dataclasses.fields(reference)]
    assert ours.__match_args__ == reference.__match_args__
    assert ours.unit == "px"  # ClassVar: no field
    for wrong in [(), (1, "b", [], "extra")]:
        with pytest.raises(TypeError):
            reference(*wrong)
        with pytest.raises(TypeError):
            ours(*wrong)


@pytest.mark.parametrize("options", ALL_KINDS[:2])
def test_frozen_records_refuse_assignment_and_hash_as_dataclasses(options: dict[str, Any]) -> None:
    reference, ours = _point_classes(**options)
    made = ours(1, "b", ("t",))
    assert hash(made) == hash(reference(1, "b", ("t",)))  # the tuple of the fields
    with pytest.raises(FrozenInstanceError):
        made.x = 2
    with pytest.raises(AttributeError):  # what callers of dataclasses catch
        del made.y
    assert made.x == 1


@pytest.mark.parametrize("options", ALL_KINDS[2:])
def test_mutable_records_assign_and_are_unhashable_as_dataclasses(options: dict[str, Any]) -> None:
    reference, ours = _point_classes(**options)
    made = ours(1)
    made.x = 5
    assert made.x == 5
    assert ours.__hash__ is reference.__hash__ is None


@pytest.mark.parametrize("options", ALL_KINDS)
def test_slots_as_dataclasses(options: dict[str, Any]) -> None:
    reference, ours = _point_classes(**options)
    assert hasattr(ours(1), "__dict__") == hasattr(reference(1), "__dict__")
    assert getattr(ours, "__slots__", None) == getattr(reference, "__slots__", None)


@pytest.mark.parametrize("options", ALL_KINDS)
def test_pickle_and_copy_round_trip(options: dict[str, Any]) -> None:
    _, ours = _point_classes(**options)
    globals()["Point"] = ours  # pickle finds a class by its module and name
    ours.__module__ = __name__
    try:
        made = ours(3, "c", ["t"])
        for again in (pickle.loads(pickle.dumps(made)), copy.copy(made), copy.deepcopy(made)):
            assert again == made
            assert type(again) is ours
    finally:
        del globals()["Point"]


def test_replace_changes_fields_and_runs_post_init() -> None:
    calls = []

    @frozen(slots=True)
    class Window:
        size: int
        stride: int = 1

        def __post_init__(self) -> None:
            calls.append(self.size)

    window = Window(3)
    wider = replace(window, size=5)
    assert (wider.size, wider.stride, window.size) == (5, 1, 3)
    assert calls == [3, 5]
    with pytest.raises(TypeError, match="no field 'padding'"):
        replace(window, padding=1)


def test_inherited_fields_come_first_and_a_class_keeps_its_own_methods() -> None:
    @frozen
    class Base:
        name: str
        size: int = 0

        def __repr__(self) -> str:
            return f"<{self.name}>"

    @frozen
    class Child(Base):
        extra: tuple[int, ...] = ()

    class Plain(Base):  # a subclass without the decorator, as the layer kinds are
        pass

    child = Child("c", 1, (2,))
    assert [f.name for f in fields(Child)] == ["name", "size", "extra"]
    assert repr(Base("b")) == "<b>"
    assert repr(child).endswith("Child(name='c', size=1, extra=(2,))")  # its own, as dataclasses do
    assert Plain("p") == Plain("p")
    assert Plain("p") != Base("p")


def test_a_field_left_out_of_equality_and_repr() -> None:
    @frozen
    class Spec:
        name: str
        document: object = field(default=None, compare=False, repr=False)

    assert Spec("a", document=1) == Spec("a", document=2)
    assert hash(Spec("a", document=1)) == hash(Spec("a"))
    assert (
        repr(Spec("a", document=1))
        == "test_a_field_left_out_of_equality_and_repr.<locals>.Spec(name='a')"
    )


def test_a_field_without_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b'"):

        @frozen
        class Wrong:
            a: int = 0
            b: int  # type: ignore[misc]


def test_fields_of_something_else_is_refused() -> None:
    with pytest.raises(TypeError):
        fields(object())


@pytest.mark.parametrize("options", ALL_KINDS)
def test_the_compiled_init_binds_as_the_first_instances_did(options: dict[str, Any]) -> None:
    reference, ours = _point_classes(**options)
    calls = [((1,), {}), ((1, "b"), {"tags": ["t"]}), ((), {"x": 2, "y": "c"})]
    wrong_calls = [((), {}), ((1, "b", [], "extra"), {}), ((1,), {"x": 1}), ((1,), {"z": 0})]
    for _ in range(records.COMPILE_AFTER + 2):  # the shared __init__, then the compiled one
        for args, kwargs in calls:
            assert repr(ours(*args, **kwargs)) == repr(reference(*args, **kwargs))
        for args, kwargs in wrong_calls:
            with pytest.raises(TypeError):
                ours(*args, **kwargs)
    assert ours.__init__.__qualname__ == "Point.__init__"  # compiled by now
