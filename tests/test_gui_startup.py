"""Start-up in its own process: what the window shows at its first paint, and what is left for right after.

Its speed is measured by benchmarks/bench_startup.py; this test keeps the structure that speed rests on
(and the honesty of the measurement): the newest issue is open in the 报头 tab at the first paint; the issue
list, the preview and the other tabs (even their modules) come after it; nothing heavy is imported before it, and PySide's
``Qt`` namespace enums (see desk_app/gui/qt_names.py) are not made before it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Runs the real start-up (``python -m desk_app``) and reports what the first paint shows, then what follows.
PROBE = r"""
import importlib.abc, importlib.util, json, sys

facts = {}

def probe(main_window):
    # Patched in as main_window is imported, so that the start-up imports in their real order.
    from PySide6 import QtCore
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, window, event):
            if event.type() == QEvent.Type.Paint and "at_paint" not in facts:
                modules = sorted(name for name, module in sys.modules.items() if module is not None)
                editor = window.editor
                fields = editor.pages[0].fields  # (editor.pages makes the pages not made yet)
                facts["at_paint"] = {
                    "open": str(window.session.stored_key) if window.session else None,
                    "title": window.windowTitle(),
                    "tab": editor.tabs.currentIndex(),
                    "masthead": {p: fields[p].value() for p in ("masthead.year", "masthead.number", "headline")},
                    "tabs_built": [bool(page.fields) for page in editor.pages],
                    "list_rows": window.model.rowCount(),
                    "preview": window.preview_text(),
                    "qt_namespace": "Qt" in vars(QtCore),
                    "modules": modules,
                }
                QTimer.singleShot(50, lambda: after(window, 200))
            return False

    def after(window, tries):
        # What the first paint left for right after it: wait for it (a slow machine may take a while).
        if tries and not (window.model.rowCount() and window.preview_text()):
            QTimer.singleShot(50, lambda: after(window, tries - 1))
            return
        facts["after"] = {"list_rows": window.model.rowCount(), "preview": window.preview_text()}
        print("PROBE " + json.dumps(facts, ensure_ascii=False), flush=True)
        window.close()

    show = main_window.MainWindow.show

    def probed_show(self):
        self._probe = FirstPaint(self)
        self.installEventFilter(self._probe)
        show(self)

    main_window.MainWindow.show = probed_show

class PatchMainWindow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "desk_app.gui.main_window":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            probe(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, PatchMainWindow())
from desk_app.cli import main
sys.exit(main(["--database", sys.argv[1]]))
"""

NOT_BEFORE_FIRST_PAINT = (
    "desk_app.domain.compose",  # the preview
    "desk_app.domain.validation",  # the problems
    "desk_app.domain.problems",
    "desk_app.domain.exchange",
    "desk_app.output",
    "desk_app.services",
    "desk_app.gui.preview",
    "desk_app.gui.test_hook",
    "desk_app.gui.pages.reform",  # the other tabs' pages
    "desk_app.gui.pages.approvals",
    "desk_app.gui.pages.dynamics",
    "desk_app.gui.pages.inspection",
    "desk_app.gui.pages.distribution",
    "playhouse",
    "logging.handlers",
    "html",
    "psycopg2",  # a SQLite database needs no PostgreSQL driver
    # the archive (查找, 统计与核对): only when first opened
    "desk_app.domain.search",
    "desk_app.domain.statistics",
    "desk_app.domain.consistency",
    "desk_app.storage.archive",
    "desk_app.gui.search",
    "desk_app.gui.statistics",
    "desk_app.gui.charts",
    "PySide6.QtCharts",
    "openpyxl",
)


def test_first_paint_shows_the_newest_issue_and_leaves_the_rest_for_after(sqlite_url, reference_issue, tmp_path):
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    open_database(sqlite_url)
    repository.save_issue(reference_issue)  # 2023-6
    reference_issue.masthead.number, reference_issue.masthead.serial = 7, reference_issue.masthead.serial + 1
    reference_issue.headline = "第七期的大标题"
    repository.save_issue(reference_issue)  # 2023-7, the newest
    close_database()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESK_APP_DATA_DIR=str(tmp_path / "数据 目录"))
    env.pop("DESK_APP_STARTUP_MARKER", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, sqlite_url], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("PROBE ")]
    assert done.returncode == 0 and lines, done.stderr
    facts = json.loads(lines[0][len("PROBE "):])

    first = facts["at_paint"]
    assert first["open"] == "2023-7"
    assert first["title"].startswith("2023年第7期")
    assert first["tab"] == 0
    assert first["masthead"] == {"masthead.year": 2023, "masthead.number": 7, "headline": "第七期的大标题"}
    assert first["tabs_built"] == [True, False, False, False, False, False]  # the others on first switch
    assert first["list_rows"] == 0 and first["preview"] == ""  # filled right after the first paint
    assert not first["qt_namespace"]
    loaded = [m for m in first["modules"] if any(m == name or m.startswith(name + ".") for name in NOT_BEFORE_FIRST_PAINT)]
    assert loaded == []

    later = facts["after"]
    assert later["list_rows"] == 2
    assert "第七期的大标题" in later["preview"]


def test_the_window_icon_is_ours_in_every_size(qapp):
    from desk_app.gui.launch import _set_icon

    _set_icon(qapp)
    sizes = {size.width() for size in qapp.windowIcon().availableSizes()}
    assert {16, 32, 48, 256} <= sizes
