"""The frozen model as plain JSON values and back, checked field by field on the way in.

An object is the list of its fields in declaration order; a date is its EDTF text (parsed
again, and it must read back the same); a tuple is a list; None stays None. Decoding
accepts only exactly that shape: the right number of fields, `str` where a string is
declared (never a number), `int` that is not a bool and fits 64 bits. Anything else raises
Invalid. The encoder and decoder of each class are built once from its type hints, so a
field added to the model is carried by the cache without code here.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

from generator import model
from generator.dates import DateError, EventDate, parse_date

INT_RANGE = (-(1 << 63), 1 << 63)


class Invalid(Exception):
    """A value that is not what this version of the model writes."""


def _str(value: object) -> str:
    if type(value) is not str:
        raise Invalid
    return value


def _int(value: object) -> int:
    if type(value) is not int or not INT_RANGE[0] <= value < INT_RANGE[1]:
        raise Invalid
    return value


def _date(value: object) -> EventDate:
    try:
        parsed = parse_date(_str(value))
    except DateError:
        raise Invalid from None
    if parsed.text != value:
        raise Invalid
    return parsed


def _decoder_of(hint: Any) -> Callable[[object], Any]:
    """The checking decoder of one declared type."""
    if hint is str:
        return _str
    if hint is int:
        return _int
    if hint is EventDate:
        return _date
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        item = _decoder_of(arguments[0])

        def sequence(value: object) -> tuple:
            if type(value) is not list:
                raise Invalid
            return tuple(map(item, value))
        return sequence
    if origin in (typing.Union, types.UnionType) and type(None) in arguments:
        inner = _decoder_of(next(a for a in arguments if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if dataclasses.is_dataclass(hint):
        return decoder(typing.cast(type, hint))
    raise TypeError(f"the codec has no rule for {hint!r}")


def _encoder_of(hint: Any) -> Callable[[Any], object]:
    """The encoder of one declared type."""
    if hint in (str, int):
        return lambda value: value
    if hint is EventDate:
        return lambda value: value.text
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        item = _encoder_of(arguments[0])
        return lambda value: [item(v) for v in value]
    if origin in (typing.Union, types.UnionType):
        inner = _encoder_of(next(a for a in arguments if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if dataclasses.is_dataclass(hint):
        return encoder(typing.cast(type, hint))
    raise TypeError(f"the codec has no rule for {hint!r}")


def _fields(cls: type) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls, vars(model))
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]


@functools.cache
def decoder(cls: type) -> Callable[[object], Any]:
    """Build an object of `cls` from the list of its fields, checking every one."""
    fields = [_decoder_of(hint) for _, hint in _fields(cls)]
    count = len(fields)

    def decode(value: object) -> Any:
        if type(value) is not list or len(value) != count:
            raise Invalid
        return cls(*[field(item) for field, item in zip(fields, value, strict=True)])
    return decode


@functools.cache
def encoder(cls: type) -> Callable[[Any], list]:
    """The list of an object's fields, each encoded."""
    fields = [(name, _encoder_of(hint)) for name, hint in _fields(cls)]

    def encode(value: Any) -> list:
        return [field(getattr(value, name)) for name, field in fields]
    return encode
