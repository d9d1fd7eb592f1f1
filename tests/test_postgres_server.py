"""The storage really runs on PostgreSQL when the test command has started a server.

``DESK_APP_TEST_POSTGRES_URL`` is set by ``scripts/bootstrap.py test``; without it these
tests are skipped locally and fail under CI, like the PostgreSQL variants of the storage
tests they vouch for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import peewee
import pytest

from desk_app.domain.model import IssueKey
from desk_app.storage import repository
from desk_app.storage.database import close_database, open_database
from desk_app.storage.migrations import current_version, latest_version
from desk_app.storage.models import database_proxy

POSTGRES_URL_ENV = "DESK_APP_TEST_POSTGRES_URL"
KEY = IssueKey(2023, 6)


@pytest.fixture
def postgres_url() -> str:
    """The test server's URL, with an empty public schema."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_URL_ENV} is not set: the test command must start PostgreSQL")
        pytest.skip(f"PostgreSQL: set {POSTGRES_URL_ENV} (scripts/bootstrap.py test starts a server)")
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        connection.close()
    return url


@pytest.fixture
def other_clerk(postgres_url: str) -> Iterator:
    """A second, independent connection to the same server (another clerk's PC)."""
    import psycopg2

    connection = psycopg2.connect(postgres_url)
    yield connection
    connection.close()


@pytest.fixture
def program(postgres_url: str) -> Iterator[peewee.Database]:
    database = open_database(postgres_url)
    yield database
    close_database()


def test_the_postgres_variant_of_the_db_fixture_is_postgresql(db):
    """The parametrised ``db`` fixture binds the models to the server it names, not to SQLite."""
    database = database_proxy.obj
    if db.startswith("postgres"):
        assert isinstance(database, peewee.PostgresqlDatabase)
        version = database.execute_sql("SELECT version()").fetchone()[0]
        assert version.startswith("PostgreSQL")
    else:
        assert isinstance(database, peewee.SqliteDatabase)


def test_open_migrates_and_the_reference_issue_round_trips(program, other_clerk, reference_issue):
    assert isinstance(program, peewee.PostgresqlDatabase)
    assert current_version(program) == latest_version()
    assert {"issue", "dynamics_group", "dynamics_entry"} <= set(program.get_tables())

    repository.save_issue(reference_issue)
    assert repository.load_issue(KEY) == reference_issue

    with other_clerk.cursor() as cursor:  # what is on the server, read past the program
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"
        cursor.execute("SELECT serial, headline FROM issue WHERE year = 2023 AND number = 6")
        assert cursor.fetchone() == (426, "政务服务工作")
        cursor.execute("SELECT count(*) FROM dynamics_entry")
        assert cursor.fetchone()[0] == sum(len(g.entries) for g in reference_issue.dynamics.groups)


def test_two_connections_see_each_others_commits_and_only_those(program, other_clerk, reference_issue):
    repository.save_issue(reference_issue)  # committed by the program…
    with other_clerk.cursor() as cursor:  # …and seen by the other clerk
        cursor.execute("SELECT serial FROM issue WHERE year = 2023 AND number = 6")
        assert cursor.fetchone() == (426,)

        cursor.execute("UPDATE issue SET serial = 427, revision = revision + 1 WHERE year = 2023 AND number = 6")
        assert repository.load_issue(KEY).masthead.serial == 426  # not committed yet: not seen
        other_clerk.commit()
    assert repository.load_issue(KEY).masthead.serial == 427


def test_a_save_over_another_clerks_newer_commit_is_a_conflict(program, other_clerk, reference_issue):
    repository.save_issue(reference_issue)
    mine, revision = repository.load_issue_with_revision(KEY)
    with other_clerk, other_clerk.cursor() as cursor:
        cursor.execute("UPDATE issue SET headline = '别人改的', revision = revision + 1 WHERE year = 2023 AND number = 6")
    mine.headline = "我改的"
    with pytest.raises(repository.ConflictError):
        repository.save_issue(mine, expected_revision=revision)
    assert repository.load_issue(KEY).headline == "别人改的"
