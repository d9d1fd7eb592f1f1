"""A writer killed with SIGKILL at any moment, mid-transaction included, loses nothing it committed (issue 7).

A writer process (tests/storage_writer.py) saves issues in a loop and says after each commit
what it committed; it is killed at a random moment, again and again. After every kill the
SQLite file must pass ``PRAGMA integrity_check`` and hold every edit reported committed
(for each issue the newest; the one being saved at the kill may or may not have made it).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage_writer import KEYS, edit, key_of

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).parent / "storage_writer.py"
ROUNDS = 30
TIME_LIMIT = 35.0  # seconds: no new round after this, whatever ROUNDS says
FEWEST_ROUNDS = 10
LONGEST_DELAY = 0.3  # seconds between the writer's "ready" and the kill


def whole_lines(output: str) -> list[str]:
    """The lines the writer finished writing (a kill may cut the last one short)."""
    return output.split("\n")[:-1]


def database_checks(path: Path) -> tuple[str, list]:
    with sqlite3.connect(path) as connection:
        integrity = "\n".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
        dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
    return integrity, dangling


def test_a_writer_killed_at_random_moments_leaves_a_whole_database_with_every_committed_edit(sqlite_url, reference_issue):
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database, sqlite_path

    path = sqlite_path(sqlite_url)
    open_database(sqlite_url)
    repository.save_issue(reference_issue)
    close_database()

    seed = random.randrange(2**32)
    rng = random.Random(seed)
    newest: dict = {}  # issue key → (round, edit) of the newest edit known to be committed
    rounds = kills_mid_save = saves = 0
    started = time.monotonic()
    while rounds < ROUNDS and time.monotonic() - started < TIME_LIMIT:
        context = f"seed {seed}, round {rounds}"
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), sqlite_url, str(rounds)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )  # fmt: skip
        try:
            assert writer.stdout.readline() == "ready\n", f"{context}: {writer.communicate(timeout=30)[1]}"
            time.sleep(rng.uniform(0, LONGEST_DELAY))
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
            # Read on through the same buffered streams: readline() above may already hold the lines that
            # followed "ready", and communicate() reads the raw pipe past them (lines lost, edits misjudged).
            with writer.stdout, writer.stderr:
                output, errors = writer.stdout.read(), writer.stderr.read()
        finally:
            if writer.poll() is None:
                writer.kill()
                writer.communicate()
        assert writer.returncode == -signal.SIGKILL, f"{context}: the writer ended by itself:\n{errors}"

        lines = whole_lines(output)
        committed = [int(line.split()[2]) for line in lines if line.startswith("committed ")]
        saves += len(committed)
        for number in committed:
            newest[key_of(number)] = (rounds, number)
        in_flight = int(lines[-1].split()[2]) if lines and lines[-1].startswith("saving ") else None
        kills_mid_save += in_flight is not None

        assert database_checks(path) == ("ok", []), context
        open_database(sqlite_url)
        try:
            assert repository.load_issue(reference_issue.key) == reference_issue, context
            for number in range(KEYS):
                key = key_of(number)
                allowed = {"the newest committed": edit(*newest[key], reference_issue) if key in newest else None}
                if in_flight is not None and key_of(in_flight) == key:
                    allowed["the one being saved at the kill"] = edit(rounds, in_flight, reference_issue)
                stored = repository.load_issue(key) if repository.issue_exists(key) else None
                assert stored in allowed.values(), f"{context}: {key} is neither {' nor '.join(allowed)}"
                being_saved = allowed.get("the one being saved at the kill")
                if being_saved is not None and stored == being_saved:
                    newest[key] = (rounds, in_flight)  # it made it: from now on it must stay
                # (an issue not stored yet is None: it must not be taken for the one being saved, of another key)
        finally:
            close_database()
        rounds += 1

    assert rounds >= FEWEST_ROUNDS, f"only {rounds} rounds in {TIME_LIMIT} s"
    assert saves > rounds  # the writer got going in most rounds
    assert kills_mid_save >= 1, f"seed {seed}: no kill landed during a save"
