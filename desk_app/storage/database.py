"""Which database the program works on, and opening it.

The default is a SQLite file in the user's data folder; any peewee URL can be
given instead (``sqlite:///path``, ``postgresql://user@host/db``) so that several
clerks can share one PostgreSQL server.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee

from .models import database_proxy

APP_NAME = "window-weekly"
DATA_DIR_ENV = "DESK_APP_DATA_DIR"  # tests and portable installs point this elsewhere
DATABASE_FILE = "bulletins.sqlite3"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",  # readers never block the writer; a crash loses nothing committed
    "foreign_keys": 1,
    "busy_timeout": 5000,  # ms: wait for another writer instead of failing at once
    "synchronous": "normal",  # safe with WAL, and typing-speed saves stay cheap
}


class DatabaseError(Exception):
    """The database cannot be used; the message says why, in words for a clerk."""


def data_dir() -> Path:
    """The user's data folder (created if needed); ``DESK_APP_DATA_DIR`` overrides it."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_path

        path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url() -> str:
    return "sqlite:///" + (data_dir() / DATABASE_FILE).as_posix()


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL, or None for other databases."""
    parsed = urlparse(url)
    if parsed.scheme != "sqlite":
        return None
    # sqlite:///relative.db → "relative.db"; sqlite:////abs/x.db and sqlite:///C:/x.db stay absolute.
    raw = unquote(parsed.path)
    if raw.startswith("/") and len(raw) > 2 and raw[2] == ":":
        raw = raw[1:]  # /C:/Users/… on Windows
    elif raw.startswith("/") and not raw.startswith("//"):
        raw = raw[1:]
    elif raw.startswith("//"):
        raw = raw[1:]
    return Path(raw)


def make_database(url: str | None = None) -> peewee.Database:
    """A peewee database for ``url`` (default: the local file), not yet connected."""
    url = url or default_url()
    path = sqlite_path(url)
    if path is not None:
        if str(path) in ("", "."):
            raise DatabaseError(f"the SQLite URL names no file: {url}")
        if path.parent and not path.parent.exists():
            raise DatabaseError(f"the folder of the database does not exist: {path.parent}")
        return peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)
    scheme = urlparse(url).scheme
    if scheme in ("postgres", "postgresql"):
        url = "postgresql" + url[len(scheme) :]
    from playhouse import db_url

    try:
        return db_url.connect(url)
    except (RuntimeError, ValueError) as exc:
        raise DatabaseError(f"cannot use database URL {url!r}: {exc}") from exc


def open_database(url: str | None = None, *, migrate: bool = True) -> peewee.Database:
    """Connect the models to ``url`` and bring its schema up to date."""
    from .migrations import ensure_schema

    database = make_database(url)
    database_proxy.initialize(database)
    try:
        database.connect(reuse_if_open=True)
    except peewee.OperationalError as exc:
        raise DatabaseError(f"cannot open the database: {exc}") from exc
    if migrate:
        ensure_schema(database)
    return database


def close_database() -> None:
    database = database_proxy.obj
    if database is not None and not database.is_closed():
        database.close()
