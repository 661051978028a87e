"""Loading one model row by its id, as cheaply as the database answers it.

`Model.get_by_id(x)` builds and renders a query every time: on a scan that loads an item, a bin
and a PO, that costs more CPU than the lookups themselves. `by_id(Model, x)` runs one fixed
statement per model (built once) and makes the same model instance peewee would: every column
converted by its field, nothing marked dirty. It reads the row as it is now, never a cached
copy, so another station's change is always seen.
"""

from collections.abc import Callable
from typing import TypeVar

from peewee import Model

from app.db.models import database

M = TypeVar("M", bound=Model)

# Model -> (statement, [(field name, converter)]), built on first use.
_plans: dict[type, tuple[str, list[tuple[str, Callable]]]] = {}


def _plan(model: type[Model]) -> tuple[str, list[tuple[str, Callable]]]:
    plan = _plans.get(model)
    if plan is None:
        meta = model._meta
        fields = meta.sorted_fields
        columns = ", ".join(f'"{field.column_name}"' for field in fields)
        sql = (f'SELECT {columns} FROM "{meta.table_name}" '
               f'WHERE "{meta.primary_key.column_name}" = ?')
        plan = _plans[model] = (sql, [(field.name, field.python_value) for field in fields])
    return plan


def by_id(model: type[M], id_: int) -> M:
    """The row of `model` with primary key `id_`, as `model.get_by_id(id_)` returns it; raises
    `model.DoesNotExist` when there is none."""
    instance = by_id_or_none(model, id_)
    if instance is None:
        raise model.DoesNotExist(f"{model.__name__} {id_} does not exist.")
    return instance


def by_id_or_none(model: type[M], id_: int, for_update: bool = False) -> M | None:
    """The row of `model` with primary key `id_`, or None. `for_update` locks it until the
    transaction ends (SELECT ... FOR UPDATE: the caller asks only where the database has row
    locks)."""
    sql, fields = _plan(model)
    row = database.execute_sql(sql + " FOR UPDATE" if for_update else sql, (id_,)).fetchone()
    if row is None:
        return None
    instance = model(__no_default__=1, **{name: convert(value) for (name, convert), value
                                          in zip(fields, row, strict=True)})
    instance._dirty.clear()
    return instance
