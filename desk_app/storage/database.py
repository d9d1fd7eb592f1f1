"""Which database the program works on, and opening it.

The default is a SQLite file in the user's data folder; any peewee URL can be
given instead (``sqlite:///path``, ``postgresql://user@host/db``) so that several
clerks can share one PostgreSQL server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

# peewee imports every driver it knows when it is imported (psycopg2 alone ≈19 ms, at every
# start of the GUI and the command line); a local SQLite file needs none. They are hidden from
# that one import and attached when a server URL is opened (_attach_driver).
_DRIVERS = ("psycopg2cffi", "psycopg2", "psycopg", "pymysql", "MySQLdb")


# Standard modules peewee imports at once and this program rarely uses (deferred_modules.py).
_LOADED_WHEN_USED = ("hashlib", "socket", "uuid")


def _import_peewee_without_drivers() -> None:
    if "peewee" in sys.modules:
        return
    from .deferred_modules import defer

    defer(_LOADED_WHEN_USED)
    hidden = [name for name in _DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None: "not installed", to peewee's import
    try:
        import peewee  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]  # later imports find the real driver


_import_peewee_without_drivers()
import peewee  # noqa: E402

from .integrity import FileProblem, Inspection, examine_sqlite_file, record_verified, stored_schema_version
from .models import database_proxy

APP_NAME = "window-weekly"
DATA_DIR_ENV = "DESK_APP_DATA_DIR"  # tests and portable installs point this elsewhere
DATABASE_FILE = "bulletins.sqlite3"
_opened_url: str | None = None  # what open_database was last given
_checked_at: float | None = None  # when the opened SQLite file was last found clean whole (for its stamp)

SQLITE_PRAGMAS = {
    "journal_mode": "wal",  # readers never block the writer; a crash loses nothing committed
    "foreign_keys": 1,
    "busy_timeout": 5000,  # ms: wait for another writer instead of failing at once
    "synchronous": "normal",  # safe with WAL, and typing-speed saves stay cheap
}


class DatabaseError(Exception):
    """The database cannot be used; the message says why, in words for a clerk (``message_zh`` in Chinese)."""

    def __init__(self, message: str, message_zh: str | None = None):
        super().__init__(message)
        self.message_zh = message_zh or message


class DatabaseDamaged(DatabaseError):
    """The SQLite file is damaged, empty, not a database, read-only…: it was not written to."""

    def __init__(self, problem: FileProblem):
        super().__init__(problem.message(), problem.message_zh())
        self.problem = problem


def is_disk_full(exc: BaseException) -> bool:
    """SQLite's "database or disk is full", or the OS's ENOSPC."""
    text = str(exc).lower()
    return "disk is full" in text or "no space" in text or getattr(exc, "errno", None) == 28


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
    return sqlite_url(data_dir() / DATABASE_FILE)


def sqlite_url(path: Path) -> str:
    """The ``sqlite:///`` URL of a file, which ``sqlite_path`` turns back into ``path``.

    Only what a URL would read otherwise is escaped: ``#`` (a fragment), ``?`` (a query) and
    ``%`` itself; Chinese and spaces stay as they are, readable in logs and messages. A user
    name such as ``张#1`` puts a ``#`` into every path of the data folder on Windows.
    """
    text = path.as_posix().replace("%", "%25").replace("#", "%23").replace("?", "%3F")
    return "sqlite:///" + text


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


def mask_password(url: str) -> str:
    """``postgresql://clerk:secret@host/db`` → ``postgresql://clerk:***@host/db``, for logs and messages."""
    parsed = urlparse(url)
    if parsed.password is None:
        return url
    netloc = parsed.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return parsed._replace(netloc=f"{user}:***@{netloc[1]}").geturl()


def make_database(url: str | None = None) -> peewee.Database:
    """A peewee database for ``url`` (default: the local file), not yet connected."""
    url = url or default_url()
    path = sqlite_path(url)
    if path is not None:
        if str(path) in ("", "."):
            raise DatabaseError(f"the SQLite URL names no file: {url}")
        if path.parent and not path.parent.exists():
            raise DatabaseError(
                f"the folder of the database does not exist: {path.parent}", f"数据库所在的文件夹“{path.parent}”不存在。"
            )
        return peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)
    scheme = urlparse(url).scheme
    if scheme in ("postgres", "postgresql"):
        url = "postgresql" + url[len(scheme) :]
    _attach_driver(url)
    from playhouse import db_url

    try:
        # A password with @ # / ? must be percent-encoded in a URL; the driver wants it decoded.
        return db_url.connect(url, unquote_password=True, unquote_user=True)
    except (RuntimeError, ValueError) as exc:
        shown = mask_password(url)
        raise DatabaseError(f"cannot use database URL {shown!r}: {str(exc).replace(url, shown)}") from exc


def _attach_driver(url: str) -> None:
    """Give peewee the server driver it was not given at its import (see _import_peewee_without_drivers).

    What peewee's own import does for psycopg2 (and PyMySQL); nothing when the driver is not
    installed, so that peewee says "driver not found" as it would have.
    """
    scheme = urlparse(url).scheme.split("+", 1)[0]
    if scheme.startswith("postgres") and peewee.psycopg2 is None and peewee.psycopg is None:
        try:
            import psycopg2
            from psycopg2 import extensions, extras
        except ImportError:
            return
        extras.register_uuid()
        peewee.psycopg2, peewee.pg_extensions, peewee.Json_pg2 = psycopg2, extensions, extras.Json
        adapter = peewee.Psycopg2Adapter  # its transaction states are class attributes set at import
        adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
        adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
        adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
    elif scheme == "mysql" and peewee.mysql is None:
        try:
            import pymysql
        except ImportError:
            return
        peewee.mysql = pymysql


class FileCheck:
    """``inspect_sqlite_file`` of the database ``url`` names, started on a thread at once.

    Its ``quick_check`` reads the whole file (about a second for 10,000 issues on a slow PC) and
    runs in SQLite's C code, which lets other threads run: the GUI imports Qt meanwhile and hands
    the answer to ``open_database``. The file is only read, never written, as in open_database.
    """

    def __init__(self, url: str | None = None):
        import threading

        self.path = sqlite_path(url or default_url())
        self._inspection = Inspection(None)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="database-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if self.path is not None:
                self._inspection = _inspect_for_opening(self.path)
        except BaseException as exc:  # noqa: BLE001 - raised again where open_database would have raised it
            self._error = exc

    def inspection(self) -> Inspection:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._inspection

    def problem(self) -> FileProblem | None:
        return self.inspection().problem


def _inspect_for_opening(path: Path) -> Inspection:
    """The check before opening for writing; a file stamped clean and untouched since is not read whole."""
    return examine_sqlite_file(path, trust_verified=True)


def open_database(url: str | None = None, *, migrate: bool = True, check: FileCheck | None = None) -> peewee.Database:
    """Connect the models to ``url`` and bring its schema up to date.

    A SQLite file is examined read-only first: a damaged, empty, foreign or read-only file,
    or one newer than this program, is refused before anything could write to it (even
    switching to WAL rewrites the header). An upgrade of a file holding data is backed up first.
    ``check``: that examination, started earlier (FileCheck) for the same URL.
    """
    from .migrations import DatabaseTooNew, ensure_schema, latest_version

    url = url or default_url()
    path = sqlite_path(url)
    database = make_database(url)
    new_file = path is not None and not path.exists()
    if path is not None:
        inspection = check.inspection() if check is not None and check.path == path else _inspect_for_opening(path)
        if inspection.problem is not None:
            raise DatabaseDamaged(inspection.problem)
        version = stored_schema_version(path)
        if version > latest_version():
            raise DatabaseTooNew(version, latest_version())
        if migrate and 0 < version < latest_version():
            from .backups import BackupError, make_backup

            try:
                make_backup(path, "migration")
            except BackupError as exc:
                raise DatabaseError(f"not upgrading without a backup: {exc}", f"升级数据库前的备份没有成功，未作升级。{exc.message_zh}") from exc
    database_proxy.initialize(database)
    global _opened_url, _checked_at
    _opened_url = url
    _checked_at = inspection.checked_at if path is not None else None
    try:
        _connect(database)
        if migrate:
            ensure_schema(database)
        if new_file and os.name != "nt":
            path.chmod(0o600)  # the clerks' data: the owner's only (SQLite gives -wal/-shm the same)
    except peewee.OperationalError as exc:
        database.close()
        if is_disk_full(exc):
            raise DatabaseError(f"cannot open the database: the disk is full ({exc})", "无法打开数据库：磁盘已满。请腾出磁盘空间后再试。") from exc
        raise DatabaseError(f"cannot open the database: {exc}", f"无法打开数据库：{exc}") from exc
    return database


def _connect(database: peewee.Database) -> None:
    """Connect and set the pragmas, trying again for a while when another connection is in the way.

    Switching a file to WAL needs it to itself, and SQLite refuses that at once, without waiting, when
    this connection has read the header while another holds a write lock (waiting could deadlock):
    two programs starting together on a new file met it as "database is locked".
    """
    from .transactions import retry_while_busy

    def attempt() -> None:
        try:
            database.connect(reuse_if_open=True)
        except peewee.OperationalError:
            database.close()  # the connection opened before its pragma failed
            raise

    retry_while_busy(attempt)


def opened_url() -> str | None:
    """The URL ``open_database`` was last given (the default spelled out), to reopen it after a restore."""
    return _opened_url


def opened_sqlite_path() -> Path | None:
    """The SQLite file the program works on, or None on a server database."""
    return sqlite_path(_opened_url) if _opened_url else None


def close_database() -> None:
    """Close the connection; a SQLite file that was found clean when opened is stamped so (record_verified)."""
    global _checked_at
    database = database_proxy.obj
    if database is not None and not database.is_closed():
        database.close()
        path = opened_sqlite_path()
        if path is not None and _checked_at is not None:
            record_verified(path, _checked_at)
    _checked_at = None
