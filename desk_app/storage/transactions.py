"""Write transactions that wait for other writers instead of failing (issue 13 item 2).

On SQLite a write transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock
before its first read. A plain (deferred) ``BEGIN`` that reads and then writes cannot wait
for another writer — SQLite refuses the upgrade at once with "database is locked" rather
than risk a deadlock, so the busy timeout never applies. With IMMEDIATE the wait happens
at ``BEGIN``, under the busy timeout. What still fails busy (a writer holding the lock
longer than that, a WAL recovery) is retried with a short back-off, within a bounded total
time. PostgreSQL gets a normal transaction; its serialization failures and deadlocks are
retried the same way.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

import peewee

from .models import database_proxy

T = TypeVar("T")

WRITE_RETRY_SECONDS = 10.0  # no new attempt once this long has passed since the first began
FIRST_BACKOFF_SECONDS = 0.05
LONGEST_BACKOFF_SECONDS = 1.0

SQLITE_BUSY = 5
SQLITE_LOCKED = 6
POSTGRES_RETRYABLE = {"40001", "40P01"}  # serialization_failure, deadlock_detected
BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` says another connection was in the way (worth trying again), not that the write is wrong."""
    driver_error = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error  # peewee wraps it
    code = getattr(driver_error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)  # the low byte: BUSY_SNAPSHOT, BUSY_RECOVERY… too
    if getattr(driver_error, "pgcode", None) in POSTGRES_RETRYABLE:
        return True
    message = str(driver_error).lower()
    return any(text in message for text in BUSY_MESSAGES)


def write_transaction(database: peewee.Database):  # noqa: ANN201 (a peewee context manager)
    """A transaction for writing: ``BEGIN IMMEDIATE`` on SQLite, a normal one elsewhere; a savepoint when nested."""
    if isinstance(database, peewee.SqliteDatabase) and not database.in_transaction():
        return database.atomic("IMMEDIATE")  # peewee 4: atomic()'s argument is SqliteDatabase.begin()'s lock_type
    return database.atomic()


def run_writing(work: Callable[[], T], database: peewee.Database | None = None, patience: float | None = None) -> T:
    """``work()`` in a write transaction, tried again while the database is busy (for at most about ``patience``
    seconds, WRITE_RETRY_SECONDS unless given).

    Inside a transaction already begun, ``work`` runs in a savepoint and is not retried here:
    only the outermost transaction can be begun again, so retrying is its owner's business.
    """
    database = database_proxy.obj if database is None else database

    def written() -> T:
        with write_transaction(database):
            return work()

    if database.in_transaction():
        return written()
    return retry_while_busy(written, patience)


def retry_while_busy(attempt: Callable[[], T], patience: float | None = None) -> T:
    """``attempt()``, tried again with a growing pause while it fails because the database is busy
    (for at most about ``patience`` seconds, WRITE_RETRY_SECONDS unless given); other errors at once."""
    patience = WRITE_RETRY_SECONDS if patience is None else patience
    started = time.monotonic()
    backoff = FIRST_BACKOFF_SECONDS
    while True:
        try:
            return attempt()
        except peewee.DatabaseError as error:
            if not is_busy(error) or time.monotonic() - started + backoff > patience:
                raise
        # Jittered: two writers that failed together do not come back together.
        time.sleep(backoff * random.uniform(0.5, 1.5))
        backoff = min(backoff * 2, LONGEST_BACKOFF_SECONDS)
