"""Shared fixtures: every test gets its own data folder and database; nothing touches a real user's files.

Two layers keep the user's files safe. Each test gets its own data folder (``isolated_data_dir``).
Under that, the whole run has a temporary home: HOME, the XDG folders and their Windows
counterparts point into it from the start of the session, so a test that loses its data folder
(a ``monkeypatch.undo()``, a subprocess started without it) still writes only there. At the end
the run fails if anything appeared, changed or vanished in the real user data folder.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
POSTGRES_URL_ENV = "DESK_APP_TEST_POSTGRES_URL"
APP_NAME = "window-weekly"  # desk_app.storage.database.APP_NAME (not imported: nothing of the program runs yet)
DATA_DIR_ENV = "DESK_APP_DATA_DIR"

# Where a user's files live, for platformdirs, Qt and Path.home(); all of them point into the temporary home.
HOME_VARIABLES = ("HOME", "USERPROFILE")
XDG_VARIABLES = {
    "XDG_DATA_HOME": ".local/share",
    "XDG_CONFIG_HOME": ".config",
    "XDG_CACHE_HOME": ".cache",
    "XDG_STATE_HOME": ".local/state",
}
WINDOWS_VARIABLES = {"APPDATA": "AppData/Roaming", "LOCALAPPDATA": "AppData/Local"}
# platformdirs asks Windows itself (not APPDATA) for these folders unless told otherwise by these.
WINDOWS_OVERRIDES = {"WIN_PD_OVERRIDE_APPDATA": "APPDATA", "WIN_PD_OVERRIDE_LOCAL_APPDATA": "LOCALAPPDATA"}
# Read-only things of the real home the tests rely on (fonts installed for the user only, their
# fontconfig), linked into the temporary one so that moving the home hides nothing.
BORROWED = {"XDG_DATA_HOME": ("fonts",), "XDG_CONFIG_HOME": ("fontconfig",)}
REDIRECTED = (*HOME_VARIABLES, *XDG_VARIABLES, *WINDOWS_VARIABLES, *WINDOWS_OVERRIDES, DATA_DIR_ENV)

_saved_environment: dict[str, str | None] = {}
_temporary_home: Path | None = None
_watched: dict[Path, dict[str, tuple]] = {}  # real folder → its snapshot at the start of the run
_intrusions: list[str] = []


def real_user_folders() -> list[Path]:
    """The folders of the user running the tests that the program writes into, from the current environment.

    The program's data folder (database, log, settings.json, and the GUI's settings.ini, which
    desk_app/gui/app_settings.py keeps beside them rather than in Qt's own places), and the folder
    ``DESK_APP_DATA_DIR`` names if the user set it. Computed without creating anything.
    """
    from platformdirs import user_data_path

    folders = [user_data_path(APP_NAME, appauthor=False)]  # ensure_exists is off by default
    if os.environ.get(DATA_DIR_ENV):
        folders.append(Path(os.environ[DATA_DIR_ENV]))
    return folders


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder`` (relative path → kind, size, mtime, content hash); {} if it does not exist.

    Only reads: the check must not itself create the folder it watches.
    """
    entries: dict[str, tuple] = {}
    if not folder.is_dir():
        return entries
    entries["."] = ("folder",)
    for parent, folder_names, file_names in os.walk(folder):
        for name in folder_names:
            entries[Path(parent, name).relative_to(folder).as_posix()] = ("folder",)
        for name in file_names:
            path = Path(parent, name)
            try:
                status = path.stat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as exc:  # vanished or unreadable meanwhile: still a difference worth seeing
                entries[path.relative_to(folder).as_posix()] = ("unreadable", str(exc))
                continue
            entries[path.relative_to(folder).as_posix()] = ("file", status.st_size, status.st_mtime_ns, digest)
    return entries


def differences(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    lines = [f"appeared: {name}" for name in sorted(after.keys() - before.keys())]
    lines += [f"vanished: {name}" for name in sorted(before.keys() - after.keys())]
    lines += [f"changed: {name}" for name in sorted(before.keys() & after.keys()) if before[name] != after[name]]
    return lines


def _point_home_at(home: Path) -> None:
    """HOME and friends → ``home`` (os.environ, so subprocesses inherit it; PATH and the rest stay)."""
    real_xdg = {
        name: Path(os.environ.get(name) or Path.home() / relative) for name, relative in XDG_VARIABLES.items()
    }
    for name in HOME_VARIABLES:
        os.environ[name] = str(home)
    for name, relative in {**XDG_VARIABLES, **WINDOWS_VARIABLES}.items():
        folder = home / relative
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(folder)
    if sys.platform == "win32":
        for override, variable in WINDOWS_OVERRIDES.items():
            os.environ[override] = os.environ[variable]
    else:
        for override in WINDOWS_OVERRIDES:
            os.environ.pop(override, None)
    # Without a test's own folder the program falls back to the temporary home, never the user's setting.
    os.environ.pop(DATA_DIR_ENV, None)
    for variable, names in BORROWED.items():
        for name in names:
            real = real_xdg[variable] / name
            if real.exists():
                try:
                    (Path(os.environ[variable]) / name).symlink_to(real, target_is_directory=real.is_dir())
                except OSError:  # Windows without the right to make links: those fonts are not in XDG folders there
                    pass


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Before anything computes a path: note the real folders' contents, then move the home."""
    global _temporary_home
    for folder in real_user_folders():
        _watched[folder] = snapshot(folder)
    _saved_environment.update({name: os.environ.get(name) for name in REDIRECTED})
    _temporary_home = Path(tempfile.mkdtemp(prefix="desk-app-test-home-"))
    _point_home_at(_temporary_home)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if the real user folders are not as they were when it started."""
    for folder, before in _watched.items():
        _intrusions.extend(f"{folder}: {line}" for line in differences(before, snapshot(folder)))
    if _intrusions and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # noqa: ANN001
    if _intrusions:
        terminalreporter.section("the tests touched the real user data folder", sep="!", red=True, bold=True)
        for line in _intrusions:
            terminalreporter.line(line, red=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    global _temporary_home
    if _temporary_home is None:
        return
    for name, value in _saved_environment.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(_temporary_home, ignore_errors=True)
    _temporary_home = None


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The program's data folder (default database, log, settings) is a fresh temporary one."""
    folder = tmp_path / "用户 数据"  # Chinese and a space, as on a clerk's PC
    folder.mkdir()
    monkeypatch.setenv("DESK_APP_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def reference_json() -> str:
    return (DATA / "bulletin.json").read_text(encoding="utf-8")


@pytest.fixture
def reference_data(reference_json: str) -> dict:
    return json.loads(reference_json)


@pytest.fixture
def reference_issue(reference_json: str):
    from desk_app.domain.exchange import loads

    return loads(reference_json)


@pytest.fixture
def expected_body() -> str:
    return (DATA / "expected-body.txt").read_text(encoding="utf-8")


@pytest.fixture
def make_data(reference_data: dict):
    """A deep copy of the reference issue's JSON data, to change for one test."""

    def make() -> dict:
        return copy.deepcopy(reference_data)

    return make


def _postgres_url() -> str | None:
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_URL_ENV} is not set: .ci/run must start PostgreSQL for the tests")
    return url


def _reset_postgres(url: str) -> None:
    from desk_app.storage.database import make_database

    database = make_database(url)
    database.connect()
    database.execute_sql("DROP SCHEMA public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind the program supports."""
    if request.param == "sqlite":
        return "sqlite:///" + (tmp_path / "周报 测试.sqlite3").as_posix()
    url = _postgres_url()
    if not url:
        pytest.skip(f"PostgreSQL: set {POSTGRES_URL_ENV} (the test command starts a server)")
    _reset_postgres(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return "sqlite:///" + (tmp_path / "周报 测试.sqlite3").as_posix()


@pytest.fixture
def db(database_url: str) -> Iterator[str]:
    """The models bound to a fresh database (SQLite and PostgreSQL); yields its URL."""
    from desk_app.storage.database import close_database, open_database

    open_database(database_url)
    yield database_url
    close_database()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[str]:
    """The models bound to a fresh SQLite database only; yields its URL."""
    from desk_app.storage.database import close_database, open_database

    open_database(sqlite_url)
    yield sqlite_url
    close_database()


def lengthen(issue, times: int = 5):  # noqa: ANN001, ANN201
    """The issue with every 窗口工作动态 group's entries repeated ``times`` times (a long issue, ~100 fields)."""
    longer = copy.deepcopy(issue)
    for group in longer.dynamics.groups:
        group.entries = [copy.deepcopy(entry) for _ in range(times) for entry in group.entries]
    return longer


@pytest.fixture
def long_issue(reference_issue):  # noqa: ANN001, ANN201
    return lengthen(reference_issue)
