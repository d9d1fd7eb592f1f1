"""The garbage collector is held during the start only: the window and an import of files collect as usual."""

from __future__ import annotations

import contextlib
import gc
import io
import time
from pathlib import Path

import pytest

from app_process import App, store_before_start

DATA = Path(__file__).parent / "data"


@pytest.fixture
def collector_state():
    """The real collector state and desk_app.collector's flag, put back afterwards."""
    from desk_app import collector

    was_enabled = gc.isenabled()
    yield collector
    collector._held = False
    gc.unfreeze()
    (gc.enable if was_enabled else gc.disable)()


def test_hold_stops_collection_and_release_freezes_what_exists_and_collects_again(collector_state):
    gc.enable()
    collector_state.hold()
    assert not gc.isenabled()
    gc.unfreeze()
    collector_state.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # the start's objects are never scanned again
    collector_state.release()  # twice: nothing more
    assert gc.isenabled()


def test_release_does_not_switch_on_a_collector_someone_else_switched_off(collector_state):
    gc.disable()
    collector_state.hold()  # already off: not ours to switch on
    collector_state.release()
    assert not gc.isenabled()


def test_an_import_of_files_collects_as_usual(collector_state, sqlite_url):
    from desk_app.cli import main

    gc.enable()
    collector_state.hold()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--database", sqlite_url, "import", str(DATA / "bulletin.json")]) == 0
    assert gc.isenabled()


@pytest.mark.slow
def test_the_window_collects_as_usual_once_started(sqlite_url, reference_issue, tmp_path):
    store_before_start(sqlite_url, reference_issue)
    app = App(sqlite_url, tmp_path / "数据")
    try:
        deadline = time.monotonic() + 20
        state = app.state()
        while not (state["listed"] and state["collecting"]) and time.monotonic() < deadline:
            time.sleep(0.05)
            state = app.state()
        assert state["listed"] == 1
        assert state["collecting"], "the garbage collector was not released after the first paint"
        app.send(cmd="quit")
        assert app.wait() == 0
    finally:
        app.ensure_stopped()
