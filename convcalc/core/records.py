"""Records: what `dataclasses.dataclass` gives convcalc (frozen or not, slots or not), built at a
fraction of its import cost.

On Python 3.10 and 3.11, `dataclass` compiles five or six methods from source for every class
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`); for the 66 classes
a `check` imports that was about 105 ms of CPU, a third of a run. Here only `__init__` is
compiled, and only for a class that makes many instances (see COMPILE_AFTER); the other methods
are shared functions that read the class's fields. Equality, hashing, repr,
immutability, `__match_args__`, pickling and copying behave as dataclasses' do, with the same
results (a frozen record hashes as the tuple of its compared fields, as a dataclass does).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    # Python 3.10 has no typing.dataclass_transform, and typing_extensions is no dependency:
    # only the type checker reads it.
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        return lambda decorated: decorated


_T = TypeVar("_T")
_MISSING: Any = object()  # no default given; also a default_factory's argument, not passed


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen record."""


class Field:
    """One field of a record: its name and default, as `fields()` returns them."""

    __slots__ = ("compare", "default", "default_factory", "name", "repr")

    def __init__(
        self, default: Any, default_factory: Any, compare: bool = True, repr: bool = True
    ) -> None:
        self.name = ""  # set when its class is built
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] = _MISSING,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """A field with a default made per instance, or left out of equality or repr."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, compare, repr)


def fields(record: Any) -> tuple[Field, ...]:
    """A record's (or a record class's) fields, in order."""
    found: tuple[Field, ...] | None = getattr(record, "__record_fields__", None)
    if found is None:
        raise TypeError("must be called with a record class or instance")
    return found


def replace(record: _T, /, **changes: Any) -> _T:
    """A copy of a record with some fields changed (its `__init__` runs, as for a new one)."""
    names: tuple[str, ...] = record.__record_names__  # type: ignore[attr-defined]
    values = [changes.pop(name) if name in changes else getattr(record, name) for name in names]
    if changes:
        raise TypeError(f"{type(record).__qualname__} has no field {next(iter(changes))!r}")
    return record.__class__(*values)


@overload
def frozen(cls: type[_T], /) -> type[_T]: ...
@overload
def frozen(*, slots: bool = False) -> Callable[[type[_T]], type[_T]]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: type[_T] | None = None, /, *, slots: bool = False) -> Any:
    """`@dataclass(frozen=True)`, or with `slots=True`: fields that cannot be assigned."""
    if cls is None:
        return lambda cls: _build(cls, frozen=True, slots=slots)
    return _build(cls, frozen=True, slots=slots)


@overload
def mutable(cls: type[_T], /) -> type[_T]: ...
@overload
def mutable(*, slots: bool = False) -> Callable[[type[_T]], type[_T]]: ...
@dataclass_transform(field_specifiers=(field, Field))
def mutable(cls: type[_T] | None = None, /, *, slots: bool = False) -> Any:
    """`@dataclass`: a record whose fields can be assigned (and which cannot be hashed)."""
    if cls is None:
        return lambda cls: _build(cls, frozen=False, slots=slots)
    return _build(cls, frozen=False, slots=slots)


def _is_class_variable(annotation: object) -> bool:
    # Annotations are strings here (`from __future__ import annotations`), as dataclasses too
    # recognises them.
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _build(cls: type[_T], frozen: bool, slots: bool) -> type[_T]:
    namespace = cls.__dict__
    by_name: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for inherited in base.__dict__.get("__record_fields__", ()):
            by_name[inherited.name] = inherited
    own: list[str] = []
    for name, annotation in namespace.get("__annotations__", {}).items():
        if _is_class_variable(annotation):
            continue
        value = namespace.get(name, _MISSING)
        declared = value if isinstance(value, Field) else Field(value, _MISSING)
        declared.name = name
        by_name.pop(name, None)  # redeclared: it moves to the end, as in dataclasses
        by_name[name] = declared
        own.append(name)
    record_fields = tuple(by_name.values())
    defaulted = ""
    for record_field in record_fields:
        if record_field.default is not _MISSING or record_field.default_factory is not _MISSING:
            defaulted = record_field.name
        elif defaulted:
            raise TypeError(f"non-default argument {record_field.name!r} follows default argument")

    if slots:
        cls = _slotted(cls, own, by_name)
    else:
        for name in own:  # a class attribute keeps a plain default, as dataclasses leaves it
            declared = by_name[name]
            if declared.default is _MISSING:
                if name in namespace:
                    delattr(cls, name)
            else:
                setattr(cls, name, declared.default)

    names = tuple(record_field.name for record_field in record_fields)
    compared = tuple(record_field.name for record_field in record_fields if record_field.compare)
    shown = tuple(record_field.name for record_field in record_fields if record_field.repr)
    _install(
        cls,
        {
            "__record_fields__": record_fields,
            "__record_names__": names,
            "__record_key__": _key(compared),
            "__record_shown__": shown,
            "__match_args__": names,
        },
    )
    _set_new(cls, "__init__", _lazy_init(cls, frozen))
    _set_new(cls, "__repr__", _repr)
    _set_new(cls, "__eq__", _eq)
    explicit_hash = "__hash__" in namespace and not (
        namespace["__hash__"] is None and "__eq__" in namespace
    )
    if not explicit_hash:
        _install(cls, {"__hash__": _hash if frozen else None})
    if frozen:
        guarded = frozenset(names)

        def __setattr__(self: Any, name: str, value: Any) -> None:
            if type(self) is cls or name in guarded:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            object.__setattr__(self, name, value)

        def __delattr__(self: Any, name: str) -> None:
            if type(self) is cls or name in guarded:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            object.__delattr__(self, name)

        _install(cls, {"__setattr__": __setattr__, "__delattr__": __delattr__})
    if slots:
        _install(cls, {"__getstate__": _getstate, "__setstate__": _setstate})
    return cls


def _slotted(cls: type[_T], own: list[str], by_name: dict[str, Field]) -> type[_T]:
    """The class made again with a slot for each of its own fields (slots must exist when a
    class is created); its defaults live in its fields instead of class attributes."""
    namespace = dict(cls.__dict__)
    inherited_slots = {
        slot for base in cls.__mro__[1:] for slot in base.__dict__.get("__slots__", ())
    }
    namespace["__slots__"] = tuple(name for name in own if name not in inherited_slots)
    for name in (*own, "__dict__", "__weakref__"):
        namespace.pop(name, None)
    rebuilt: type[_T] = type(cls.__name__, cls.__bases__, namespace)
    rebuilt.__qualname__ = cls.__qualname__
    return rebuilt


def _install(cls: type, attributes: dict[str, Any]) -> None:
    """Attributes the type checker cannot see set (the methods a record gets, its fields)."""
    for name, value in attributes.items():
        setattr(cls, name, value)


def _set_new(cls: type, name: str, method: Callable[..., Any]) -> None:
    """A method the class does not define itself (a class's own `__repr__` is kept)."""
    if name not in cls.__dict__:
        setattr(cls, name, method)


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The compared fields' values as a tuple (attrgetter of one name returns it bare)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self.__class__.__record_key__  # from the class: a lambda would bind to self
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__.__record_key__(self))


def _getstate(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in self.__record_names__)


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for name, value in zip(self.__record_names__, state, strict=True):
        object.__setattr__(self, name, value)


# Instances a class makes with the shared `__init__` before its own is compiled: compiling costs
# about as much as a hundred shared calls, and most classes make only a few instances in a run.
COMPILE_AFTER = 32


def _lazy_init(cls: type, frozen: bool) -> Callable[..., None]:
    """An `__init__` that binds the arguments itself for the class's first instances, then
    compiles the class's own (as fast as dataclasses') and replaces itself with it."""
    made = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal made
        made += 1
        if made > COMPILE_AFTER:
            compiled = _compile_init(cls, frozen)
            _install(cls, {"__init__": compiled})
            compiled(self, *args, **kwargs)
        else:
            _bind(cls, frozen, self, args, kwargs)

    return __init__


def _bind(
    cls: type, frozen: bool, record: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    """What the compiled `__init__` does, field by field, with the same errors."""
    record_fields: tuple[Field, ...] = cls.__record_fields__  # type: ignore[attr-defined]
    method = f"{cls.__qualname__}.__init__()"
    if len(args) > len(record_fields):
        raise TypeError(
            f"{method} takes {len(record_fields) + 1} positional arguments "
            f"but {len(args) + 1} were given"
        )
    assign = object.__setattr__ if frozen else setattr
    missing = []
    for position, record_field in enumerate(record_fields):
        name = record_field.name
        if position < len(args):
            if name in kwargs:
                raise TypeError(f"{method} got multiple values for argument {name!r}")
            value = args[position]
        elif name in kwargs:
            value = kwargs.pop(name)
        elif record_field.default_factory is not _MISSING:
            value = record_field.default_factory()
        elif record_field.default is not _MISSING:
            value = record_field.default
        else:
            missing.append(name)
            continue
        assign(record, name, value)
    if missing:
        raise TypeError(f"{method} missing {len(missing)} required argument(s): {missing}")
    if kwargs:
        raise TypeError(f"{method} got an unexpected keyword argument {next(iter(kwargs))!r}")
    if hasattr(cls, "__post_init__"):
        record.__post_init__()


def _compile_init(cls: type, frozen: bool) -> Callable[..., None]:
    """`__init__(self, a, b=default, ...)`, as dataclasses writes it."""
    globals_: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    parameters = []
    body = []
    for record_field in cls.__record_fields__:  # type: ignore[attr-defined]
        name = record_field.name
        value = name
        if record_field.default_factory is not _MISSING:
            globals_[f"_factory_{name}"] = record_field.default_factory
            parameters.append(f"{name}=_MISSING")
            value = f"_factory_{name}() if {name} is _MISSING else {name}"
        elif record_field.default is not _MISSING:
            globals_[f"_default_{name}"] = record_field.default
            parameters.append(f"{name}=_default_{name}")
        else:
            parameters.append(name)
        if frozen:
            body.append(f"    _set(_record_self, {name!r}, {value})")
        else:
            body.append(f"    _record_self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    _record_self.__post_init__()")
    source = f"def __init__(_record_self, {', '.join(parameters)}):\n" + (
        "\n".join(body) or "    pass"
    )
    exec(source, globals_)  # the source is built from field names alone
    compiled: Callable[..., None] = globals_["__init__"]
    compiled.__qualname__ = f"{cls.__qualname__}.__init__"
    return compiled
