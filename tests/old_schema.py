"""Issues written as older schema versions stored them, for the migration tests (the live models have more columns)."""

from __future__ import annotations

import peewee


def insert_issue_row(issue) -> int:  # noqa: ANN001
    """The issue's own row with the columns of versions 1 and 2 (no status, issued_at, issued_by); returns its id."""
    from desk_app.storage import repository
    from desk_app.storage.models import database_proxy

    columns = repository._scalar_columns(issue)
    names = [*columns, "created_at", "updated_at", "revision"]
    values = [*columns.values(), "2023-02-27 10:00:00", "2023-02-27 10:00:00", 1]
    database = database_proxy.obj
    marks = ", ".join(database.param for _ in names)
    postgres = isinstance(database, peewee.PostgresqlDatabase)
    returning = " RETURNING id" if postgres else ""
    cursor = database.execute_sql(f"INSERT INTO issue ({', '.join(names)}) VALUES ({marks}){returning}", values)
    return cursor.fetchone()[0] if postgres else cursor.lastrowid
