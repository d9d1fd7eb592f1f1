"""``DESK_APP_SCREENSHOT``: the program, started as usual, saves its window's picture and closes.

The Windows build under Wine (scripts/windows-build.sh) takes its screenshot of the installed
program this way; here the same in a process of its own, on the offscreen platform.
"""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_program_saves_its_window_and_closes(sqlite_url, reference_issue, tmp_path, qapp):
    from PySide6.QtGui import QImage

    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    open_database(sqlite_url)
    repository.save_issue(reference_issue)
    close_database()
    target = tmp_path / "截图 #1.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESK_APP_DATA_DIR=str(tmp_path / "数据"), DESK_APP_SCREENSHOT=str(target))
    done = subprocess.run(
        [sys.executable, "-m", "desk_app", "--database", sqlite_url],
        env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"desk-app: screenshot saved to {target}" in done.stdout
    image = QImage(str(target))
    assert image.width() >= 800 and image.height() >= 500
