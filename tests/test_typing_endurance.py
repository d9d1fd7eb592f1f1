"""A clerk types for a long time: the program stays alive and every keystroke reaches the database.

PySide6 6.12.0 on Python 3.11 loses a reference to None with every void call and to True/False
with every signal emitted from Python; a long issue typed into aborted the program after ~140
characters (``Fatal Python error: none_dealloc``). This runs the real program in its own process.
"""

from __future__ import annotations

import string
import time

import pytest

from app_process import App, store_before_start

pytestmark = pytest.mark.slow

KEY_PRESSES = 5000
BURST = 25  # characters typed at once; the program then has a moment for its preview and save timers
PAUSE_S = 0.06
FIELDS = [  # one of each kind of field, on four tabs
    "headline",
    "dynamics.groups[0].entries[9].text",
    "inspection.intro",
    "distribution.report",
    "reform.authorization.title",
]


def test_five_thousand_key_presses_into_a_long_issue(sqlite_url, long_issue, tmp_path):
    from desk_app.gui.binding import get_value
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    first_revision = store_before_start(sqlite_url, long_issue).revision

    typed = {path: "" for path in FIELDS}
    letters = string.ascii_letters + string.digits
    app = App(sqlite_url, tmp_path / "数据")
    try:
        for burst in range(KEY_PRESSES // BURST):
            path = FIELDS[burst % len(FIELDS)]
            text = "".join(letters[(burst * 7 + i) % len(letters)] for i in range(BURST))
            app.send(cmd="type", path=path, text=text, clear=not typed[path])  # real key events, one per character
            typed[path] += text
            time.sleep(PAUSE_S)
        state = app.state()
        app.send(cmd="quit")
        code = app.wait(timeout=60)
    finally:
        app.ensure_stopped()
    assert code == 0, app.stderr()
    assert sum(map(len, typed.values())) == KEY_PRESSES
    assert state["previews"] >= 50, state  # the preview followed the typing (about one a burst)

    open_database(sqlite_url)
    try:
        stored, revision = repository.load_issue_with_revision(long_issue.key)
    finally:
        close_database()
    for path, text in typed.items():
        assert get_value(stored, path) == text, path
    saves = revision - first_revision
    assert saves >= 20  # saved as typed, not only at the end
    print(f"{KEY_PRESSES} key presses: {state['previews']} previews, {saves} saves, exit code {code}")
