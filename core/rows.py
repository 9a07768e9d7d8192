"""Build new table-model objects cheaply, for the rows a worker creates by the thousand.

`Model(**values)` on a SQLModel table model sets every field through SQLModel's
and pydantic's `__setattr__` and SQLAlchemy's attribute events, one by one: for
the five or six rows an inbound text creates (case, event, clock, reply, ...)
that was a quarter of a worker's time per text. A new object only needs its
values in its `__dict__` before it is added to a session: that is what the
insert reads. Later changes go through the usual attribute events.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, TypeVar

from sqlalchemy.orm import configure_mappers, instrumentation
from sqlmodel import SQLModel

Row = TypeVar("Row", bound=SQLModel)


def new(model: type[Row], **values: Any) -> Row:
    """Return a new, not yet added, `model` object with these values and the fields' defaults for the rest."""
    unknown = values.keys() - _defaults(model).keys() - _required(model)
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    # A required field may come later (a clock gets its case's id once the case is written):
    # the database refuses a row that still lacks one.
    # As SQLAlchemy makes the objects it loads: SQLModel's __new__ prepares pydantic's private
    # attributes, the class manager the instance state.
    row = instrumentation.manager_of_class(model).new_instance()
    fields = {name: factory() for name, factory in _defaults(model).items()}
    fields.update(values)
    row.__dict__.update(fields)
    object.__setattr__(row, "__pydantic_fields_set__", set(values))
    object.__setattr__(row, "__pydantic_extra__", None)
    return row


@cache
def _defaults(model: type[SQLModel]) -> dict[str, Any]:
    # Each optional field's default as a zero-argument callable (a factory, or the constant).
    defaults = {}
    for name, field in model.model_fields.items():
        if field.is_required():
            continue
        if field.default_factory is not None:
            defaults[name] = field.default_factory
        else:
            defaults[name] = lambda value=field.default: _fresh(value)
    return defaults


def _fresh(value: Any) -> Any:
    # A mutable default is copied for each row, as pydantic does.
    return copy.copy(value) if isinstance(value, list | dict | set) else value


@cache
def _required(model: type[SQLModel]) -> frozenset[str]:
    configure_mappers()  # what the ORM's own constructor does before a class's first object
    return frozenset(name for name, field in model.model_fields.items() if field.is_required())
