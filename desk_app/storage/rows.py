"""The statements a save runs, written as SQL here instead of built by peewee.

peewee makes each statement from its expression tree, value by value: for a save of a whole
issue (a dozen statements, a few hundred values) that took twice as long as the database took
to run them (benchmarks/bench_import.py). The text made here is a join of names and
placeholders; the values still go through each field's ``db_value`` as peewee's own would, and
an inserted row gets the model's defaults for the fields not given, as with ``Model.insert``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import peewee

from .models import database_proxy

_MOST_PARAMETERS = 900  # a statement's placeholders: under every SQLite's limit (999 before 3.32)


def _name(name: str) -> str:
    return f'"{name}"'  # both SQLite and PostgreSQL; the models' names are lower case


def _converter(field: peewee.Field):  # noqa: ANN202
    """The field's db_value, or None where it would only coerce a text to a text (most of the values written)."""
    return None if isinstance(field, peewee.TextField | peewee.CharField) else field.db_value


def _fields(model: type[peewee.Model], names: Sequence[str]) -> list[peewee.Field]:
    return [model._meta.fields[name] for name in names]


def _equal(fields: Sequence[peewee.Field], joined_by: str = " AND ") -> str:
    """``"a" = ?`` for each field, joined (a WHERE's conditions, an UPDATE's assignments)."""
    mark = database_proxy.obj.param
    return joined_by.join(f"{_name(field.column_name)} = {mark}" for field in fields)


def insert_rows(model: type[peewee.Model], names: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Insert ``rows`` (values in the order of the field ``names``) with as few multi-row INSERTs as fit."""
    rows = list(rows)
    if not rows:
        return
    database = database_proxy.obj
    fields = _fields(model, names)
    converters = [_converter(field) for field in fields]
    one_row = "(" + ", ".join([database.param] * len(fields)) + ")"
    start = f"INSERT INTO {_name(model._meta.table_name)} ({', '.join(_name(f.column_name) for f in fields)}) VALUES "
    per_statement = max(1, _MOST_PARAMETERS // len(fields))
    for first in range(0, len(rows), per_statement):
        chunk = rows[first : first + per_statement]
        params = [
            value if convert is None else convert(value) for row in chunk for convert, value in zip(converters, row, strict=True)
        ]
        database.execute_sql(start + ", ".join([one_row] * len(chunk)), params)


def insert_row(model: type[peewee.Model], values: Mapping[str, object]) -> int:
    """Insert one row (the model's defaults for the fields not in ``values``); returns its id."""
    database = database_proxy.obj
    values = dict(values)
    for field, default in model._meta.defaults.items():
        if field.name not in values:
            values[field.name] = default() if callable(default) else default
    fields = _fields(model, list(values))
    sql = (
        f"INSERT INTO {_name(model._meta.table_name)} ({', '.join(_name(f.column_name) for f in fields)})"
        f" VALUES ({', '.join([database.param] * len(fields))})"
    )
    params = [field.db_value(value) for field, value in zip(fields, values.values())]
    if isinstance(database, peewee.PostgresqlDatabase):
        return database.execute_sql(sql + ' RETURNING "id"', params).fetchone()[0]
    return database.execute_sql(sql, params).lastrowid


def update_row(model: type[peewee.Model], values: Mapping[str, object], where: Mapping[str, object]) -> int:
    """``UPDATE … SET values WHERE`` every field in ``where`` equals its value; returns the rows changed."""
    database = database_proxy.obj
    set_fields, where_fields = _fields(model, list(values)), _fields(model, list(where))
    sql = f"UPDATE {_name(model._meta.table_name)} SET {_equal(set_fields, ', ')} WHERE {_equal(where_fields)}"
    params = [f.db_value(v) for f, v in zip(set_fields, values.values())]
    params += [f.db_value(v) for f, v in zip(where_fields, where.values())]
    return database.execute_sql(sql, params).rowcount


def delete_rows(model: type[peewee.Model], field_name: str, value: object) -> None:
    """``DELETE FROM … WHERE field = value``."""
    database = database_proxy.obj
    field = model._meta.fields[field_name]
    database.execute_sql(f"DELETE FROM {_name(model._meta.table_name)} WHERE {_equal([field])}", [field.db_value(value)])


def delete_rows_under(model: type[peewee.Model], link: str, parent_field: str, value: object) -> None:
    """Delete the rows of ``model`` whose ``link`` (a foreign key) points at a row whose ``parent_field`` is ``value``."""
    database = database_proxy.obj
    foreign_key = model._meta.fields[link]
    parent = foreign_key.rel_model
    field = parent._meta.fields[parent_field]
    database.execute_sql(
        f"DELETE FROM {_name(model._meta.table_name)} WHERE {_name(foreign_key.column_name)} IN"
        f" (SELECT {_name(parent._meta.primary_key.column_name)} FROM {_name(parent._meta.table_name)}"
        f" WHERE {_equal([field])})",
        [field.db_value(value)],
    )


def ids_in_order(model: type[peewee.Model], field_name: str, value: object, order: str = "position") -> list[int]:
    """The ids of the rows of ``model`` whose ``field_name`` is ``value``, ordered by ``order``."""
    database = database_proxy.obj
    field = model._meta.fields[field_name]
    sql = (
        f"SELECT {_name(model._meta.primary_key.column_name)} FROM {_name(model._meta.table_name)}"
        f" WHERE {_equal([field])} ORDER BY {_name(model._meta.fields[order].column_name)}"
    )
    return [row_id for (row_id,) in database.execute_sql(sql, [field.db_value(value)]).fetchall()]


def select_one(model: type[peewee.Model], where: Mapping[str, object]) -> peewee.Model | None:
    """The whole row whose fields in ``where`` equal their values, as a model instance (its values
    converted by the fields), or None."""
    fields = _fields(model, list(where))
    query = model.raw(
        f"SELECT * FROM {_name(model._meta.table_name)} WHERE {_equal(fields)} LIMIT 1",
        *(f.db_value(v) for f, v in zip(fields, where.values())),
    )
    return next(iter(query), None)
