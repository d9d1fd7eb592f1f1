"""Numbered schema migrations, kept as files in ``db/migrations``.

The schema version is stored in the database. A database at an older version is
upgraded one numbered step at a time, each step in a transaction; a database
newer than this program is refused and never touched.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from types import ModuleType

import peewee

from desk_app.resources import resource_path

from .models import SchemaVersion
from .transactions import run_writing

_MIGRATION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


class DatabaseTooNew(Exception):
    def __init__(self, found: int, supported: int):
        self.found, self.supported = found, supported
        super().__init__(
            f"the database has schema version {found}, newer than this program understands ({supported}); "
            "update the program — the database was not changed"
        )

    def message_zh(self) -> str:
        return (
            f"数据库的结构版本为 {self.found}，比本程序支持的版本 {self.supported} 新。"
            "请安装新版程序后再打开；数据库未作任何改动。"
        )


def migrations_dir() -> Path:
    return resource_path("db/migrations")


@cache
def available_migrations() -> dict[int, Path]:
    found = {}
    for path in migrations_dir().iterdir():
        match = _MIGRATION_FILE.match(path.name)
        if match:
            found[int(match.group(1))] = path
    return dict(sorted(found.items()))


def latest_version() -> int:
    return max(available_migrations(), default=0)


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"desk_app_migration_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def frozen_model(
    database: peewee.Database,
    table: str,
    fields: dict[str, peewee.Field],
    indexes: tuple = (),
) -> type[peewee.Model]:
    """A throwaway model describing a table as a migration saw it (not the live models)."""
    meta = type("Meta", (), {"database": database, "table_name": table, "indexes": indexes})
    return type(f"Frozen_{table}", (peewee.Model,), {"Meta": meta, **fields})


def current_version(database: peewee.Database) -> int:
    if not database.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = SchemaVersion.select(peewee.fn.MAX(SchemaVersion.version)).scalar()
    return row or 0


def _lock_for_migration(database: peewee.Database) -> None:
    """Two clerks starting at once must not both migrate a shared database (on SQLite BEGIN IMMEDIATE sees to it)."""
    if isinstance(database, peewee.PostgresqlDatabase):
        database.execute_sql("SELECT pg_advisory_xact_lock(7423101)")


def ensure_schema(database: peewee.Database) -> int:
    """Bring the schema up to date; returns its version. Refuses a newer database."""
    supported = latest_version()
    version = current_version(database)
    if version > supported:
        raise DatabaseTooNew(version, supported)
    if version == supported:
        return version  # the common case: one cheap query at start-up
    return run_writing(lambda: _migrate(database, supported), database)


def _migrate(database: peewee.Database, supported: int) -> int:
    """The missing steps, in the caller's write transaction."""
    _lock_for_migration(database)
    database.create_tables([SchemaVersion])
    version = current_version(database)  # another process may have migrated meanwhile
    if version > supported:
        raise DatabaseTooNew(version, supported)
    for number, path in available_migrations().items():
        if number <= version:
            continue
        _load(path).upgrade(database)
        SchemaVersion.delete().execute()
        SchemaVersion.create(version=number)
        version = number
    return version
