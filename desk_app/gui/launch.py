"""Starting the GUI: logging, crash handler, translations, database, main window.

``python -m desk_app [--database URL] [--smoke-test]`` comes here. Only QtCore,
QtGui and QtWidgets are imported (start-up time and the bundle's size).
Environment hooks for tests and benchmarks, off in normal use:
``DESK_APP_STARTUP_MARKER=1`` prints a line when the window is first painted;
``DESK_APP_TEST_HOOK=stdin`` reads commands from standard input (test_hook.py);
``DESK_APP_SHOW_TAB=N`` opens tab N (0–5) at start, for screenshots.
"""

from __future__ import annotations

import logging
import os
import sys

STARTUP_MARKER_ENV = "DESK_APP_STARTUP_MARKER"
TEST_HOOK_ENV = "DESK_APP_TEST_HOOK"
STARTUP_MARKER = "desk-app: window shown"

log = logging.getLogger("desk_app.gui")


def _application():  # noqa: ANN202
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("窗口工作周报")
    app.setApplicationDisplayName("窗口工作周报")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    # Qt's own texts (context menus, file dialogs, buttons) in Chinese.
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    return app


def _install_startup_marker(window) -> None:  # noqa: ANN001
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: ANN001, ANN202, N802
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                print(STARTUP_MARKER, flush=True)
                if os.environ.get(STARTUP_MARKER_ENV) == "quit":  # for profiling start-up
                    QTimer.singleShot(0, watched.close)
            return False

    window._first_paint = FirstPaint(window)
    window.installEventFilter(window._first_paint)


def _open_database(url: str | None) -> str | None:
    """Open the database; None when it worked, else what to tell the clerk."""
    from desk_app.storage.database import DatabaseError, open_database
    from desk_app.storage.migrations import DatabaseTooNew

    try:
        open_database(url)
    except DatabaseTooNew as exc:
        return exc.message_zh()
    except DatabaseError as exc:
        return f"无法打开数据库“{url or '本机默认数据库'}”。\n\n{exc}"
    except Exception as exc:  # driver errors: wrong host, password, …
        log.exception("opening %s failed", url)
        return f"无法连接数据库“{url}”。请检查地址、用户名和密码，以及网络。\n\n{exc}"
    return None


def _import_before_qt() -> None:
    """The pure-Python modules the window needs, imported before PySide6.

    Once PySide6 is imported, its import hook reads the source of every module
    imported (or re-imported by name, ``import peewee``) for the first time, to
    see whether it uses PySide: a few milliseconds for these and what they import.
    """
    import desk_app.domain.rules  # noqa: F401
    import desk_app.gui.binding  # noqa: F401
    import desk_app.storage.repository  # noqa: F401


def _skip_unused_drivers(url: str | None) -> None:
    """A local SQLite database needs no PostgreSQL or MySQL driver; peewee would import them (≈12 ms) anyway."""
    if (url is None or url.startswith("sqlite:")) and "peewee" not in sys.modules:
        for name in ("psycopg2", "psycopg2cffi", "psycopg", "pymysql"):
            sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "not installed" to importers


def run_gui(database_url: str | None = None, smoke_test: bool = False) -> int:
    if smoke_test:
        from .smoke import run_smoke_test

        return run_smoke_test()

    _skip_unused_drivers(database_url)
    from .crash import CrashHandler, setup_logging

    log_file = setup_logging()
    log.info("starting (database %s)", database_url or "default")
    failure = _open_database(database_url)
    _import_before_qt()
    app = _application()
    if failure is not None:
        from .dialogs import Dialogs

        Dialogs().error("无法打开数据库", failure)
        return 1

    from .main_window import MainWindow

    window = MainWindow()
    CrashHandler(window.flush, window.dialogs.error).install()
    if os.environ.get(STARTUP_MARKER_ENV):
        _install_startup_marker(window)
    window.start()
    show_tab = os.environ.get("DESK_APP_SHOW_TAB", "")
    if show_tab.isdigit():
        window.editor.tabs.setCurrentIndex(int(show_tab))
    window.show()
    if os.environ.get(TEST_HOOK_ENV) == "stdin":
        from .test_hook import StdinCommands

        window._test_hook = StdinCommands(window)
    status = app.exec()
    from desk_app.storage.database import close_database

    close_database()
    log.info("closed (log %s)", log_file)
    return status
