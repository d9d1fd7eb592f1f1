"""The test run never touches a real user's files: a temporary home for the whole run, and a final check that can fail.

The final check is proved by running pytest (in a subprocess, with tests/conftest.py) on tiny
generated test files that write into a stand-in for the real user data folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import conftest

ROOT = Path(__file__).resolve().parent.parent
GUARD_HEADING = "the tests touched the real user data folder"


def test_the_run_has_a_temporary_home_that_subprocesses_inherit(monkeypatch):
    home = conftest._temporary_home
    assert home is not None and Path.home() == home
    for variable in (*conftest.XDG_VARIABLES, *conftest.WINDOWS_VARIABLES, "USERPROFILE"):
        assert Path(os.environ[variable]).is_relative_to(home), variable
    for real in conftest._watched:
        assert not real.is_relative_to(home)

    child = subprocess.run(
        [sys.executable, "-c", "import json, os, pathlib; print(json.dumps([dict(os.environ), str(pathlib.Path.home())]))"],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )  # fmt: skip
    environment, child_home = json.loads(child.stdout)
    assert Path(child_home) == home
    assert environment["PATH"] == os.environ["PATH"]
    assert environment.get(conftest.POSTGRES_URL_ENV) == os.environ.get(conftest.POSTGRES_URL_ENV)

    # A test that loses its own data folder falls back to the temporary home, not the user's.
    from desk_app.storage.database import data_dir

    monkeypatch.delenv(conftest.DATA_DIR_ENV)
    assert data_dir().is_relative_to(home)


def test_the_users_own_fonts_are_still_seen_from_the_temporary_home(tmp_path, monkeypatch):
    real_data = tmp_path / "real" / "share"
    (real_data / "fonts").mkdir(parents=True)
    (real_data / "fonts" / "FandolFang-Regular.otf").write_bytes(b"OTTO")
    for variable in conftest.REDIRECTED:  # so that all of them are put back after the test
        monkeypatch.setenv(variable, str(tmp_path / "unused"))
    monkeypatch.setenv("HOME", str(tmp_path / "real"))
    monkeypatch.setenv("XDG_DATA_HOME", str(real_data))
    monkeypatch.delenv("XDG_CONFIG_HOME")  # ~/.config then, which has no fontconfig folder here
    conftest._point_home_at(tmp_path / "temporary")
    linked = Path(os.environ["XDG_DATA_HOME"]) / "fonts"
    assert linked.is_symlink() and (linked / "FandolFang-Regular.otf").read_bytes() == b"OTTO"
    assert not (Path(os.environ["XDG_CONFIG_HOME"]) / "fontconfig").exists()
    assert Path.home() == tmp_path / "temporary"


def test_the_guis_settings_file_is_in_the_watched_data_folder(isolated_data_dir):
    """The final check watches the data folder; the GUI's QSettings must live there, not in Qt's own places."""
    from desk_app.gui.app_settings import app_settings

    assert Path(app_settings().fileName()).parent == isolated_data_dir


WRITE_NEW = '''
def test_writes_a_new_file():
    REAL.mkdir(parents=True, exist_ok=True)
    (REAL / "settings.json").write_text("{}", encoding="utf-8")
'''
CHANGE = '''
def test_changes_a_file():
    (REAL / "settings.json").write_text('{"export": {}}', encoding="utf-8")
'''
DELETE = '''
def test_deletes_a_file():
    (REAL / "settings.json").unlink()
'''
LOSE_THE_DATA_FOLDER = '''
def test_loses_its_data_folder_and_saves(monkeypatch):
    monkeypatch.undo()  # as tests/test_gui_export_settings.py once did: the autouse data folder is gone too
    from desk_app.settings import Settings, save_settings, settings_path

    save_settings(Settings())
    assert settings_path().is_file() and not settings_path().is_relative_to(REAL)
'''


def run_inner_pytest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, test_code: str, existing: bool):
    """pytest with this suite's conftest on one generated test file, as a user whose home is ``tmp_path/home``.

    Returns (the stand-in real data folder, the finished run).
    """
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for variable in conftest.XDG_VARIABLES:
        monkeypatch.delenv(variable, raising=False)  # derived from HOME, as on most desktops
    for variable, relative in conftest.WINDOWS_VARIABLES.items():
        monkeypatch.setenv(variable, str(home / relative))
    if sys.platform == "win32":
        for override, variable in conftest.WINDOWS_OVERRIDES.items():
            monkeypatch.setenv(override, os.environ[variable])
    monkeypatch.delenv(conftest.DATA_DIR_ENV)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # this checkout's desk_app
    [real] = conftest.real_user_folders()
    assert real.is_relative_to(home) and not real.exists()
    if existing:
        real.mkdir(parents=True)
        (real / "settings.json").write_text('{"format": "window-weekly-settings/1"}', encoding="utf-8")

    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(Path(conftest.__file__), project / "conftest.py")
    (project / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n", encoding="utf-8")
    header = f"from pathlib import Path\n\nREAL = Path({str(real)!r})\n"
    (project / "test_tiny.py").write_text(header + test_code, encoding="utf-8")
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", str(project)],
        cwd=project, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    return real, finished


@pytest.mark.parametrize(
    ("test_code", "existing", "said"),
    [
        (WRITE_NEW, False, "appeared: settings.json"),
        (CHANGE, True, "changed: settings.json"),
        (DELETE, True, "vanished: settings.json"),
    ],
    ids=["new file", "changed file", "deleted file"],
)
def test_the_final_check_fails_a_run_that_touched_the_real_folder(tmp_path, monkeypatch, test_code, existing, said):
    real, finished = run_inner_pytest(tmp_path, monkeypatch, test_code, existing)
    output = finished.stdout + finished.stderr
    assert "1 passed" in output  # the test itself passed: it is the run that fails
    assert finished.returncode == pytest.ExitCode.TESTS_FAILED, output
    assert GUARD_HEADING in output and f"{real}: {said}" in output


def test_a_test_that_loses_its_data_folder_writes_only_into_the_temporary_home(tmp_path, monkeypatch):
    real, finished = run_inner_pytest(tmp_path, monkeypatch, LOSE_THE_DATA_FOLDER, existing=False)
    output = finished.stdout + finished.stderr
    assert finished.returncode == pytest.ExitCode.OK, output
    assert GUARD_HEADING not in output
    assert not real.exists()  # nor did the check itself create it
    assert not any(Path(tmp_path / "home").iterdir())  # nothing in the stand-in home at all
