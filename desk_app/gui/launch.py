"""Starting the GUI: logging, crash handler, translations, database, main window.

``python -m desk_app [--database URL] [--smoke-test]`` comes here. Only QtCore,
QtGui and QtWidgets are imported (start-up time and the bundle's size).
Environment hooks for tests and benchmarks, off in normal use:
``DESK_APP_STARTUP_MARKER=1`` prints a line when the window is first painted (with the issue open)
and one when the work after it is done;
``DESK_APP_TEST_HOOK=stdin`` reads commands from standard input (test_hook.py);
``DESK_APP_SHOW_TAB=N`` opens tab N (0–5) at start, for screenshots.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from desk_app.storage.integrity import FileProblem

STARTUP_MARKER_ENV = "DESK_APP_STARTUP_MARKER"
TEST_HOOK_ENV = "DESK_APP_TEST_HOOK"
STARTUP_MARKER = "desk-app: window shown"
READY_MARKER = "desk-app: ready"
QT_TRANSLATIONS_FOLDER = "qt_translations"  # in the bundle (build.spec puts qtbase_zh_CN.qm there)

log = logging.getLogger("desk_app.gui")


def _application():  # noqa: ANN202
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("窗口工作周报")
    app.setApplicationDisplayName("窗口工作周报")
    _set_icon(app)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_qt_translations(app)
    return app


def install_qt_translations(app):  # noqa: ANN001, ANN201
    """Qt's own texts (file dialog, message box buttons, context menus, print dialog) in Chinese.

    The installed translator (kept as a child of ``app``), or None when qtbase_zh_CN.qm is nowhere:
    the bundle's qt_translations/ (build.spec), else PySide6's own translations folder.
    """
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from desk_app.resources import resource_path

    translator = QTranslator(app)
    for folder in (str(resource_path(QT_TRANSLATIONS_FOLDER)), QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            return translator
    log.warning("Qt's Chinese translations (qtbase_zh_CN.qm) not found: Qt's own buttons stay in English")
    translator.deleteLater()
    return None


def _set_icon(app) -> None:  # noqa: ANN001
    """Title bar and taskbar: our icon (Windows would show a blank one, the .exe's is not the window's)."""
    from PySide6.QtGui import QIcon

    from desk_app.resources import resource_path

    icon = resource_path("resources/desk-app.ico")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def _what_is_open(window) -> str:  # noqa: ANN001
    """「2023-7 editable」: the issue open and whether its first field takes typing (for benchmarks)."""
    session = window.session
    if session is None or session.stored_key is None:
        return "none"
    page = window.editor.current_page()
    first = page._order[0] if page._order else None
    editable = first is not None and first.isEnabled() and first.isVisibleTo(window) and not getattr(first, "isReadOnly", lambda: False)()
    return f"{session.stored_key} {'editable' if editable else 'not-editable'}"


def _install_startup_marker(window) -> None:  # noqa: ANN001
    """Print 「desk-app: window shown KEY editable」 at the first paint, 「desk-app: ready KEY rows=N」 once the
    work left for after it (the list, the preview) is done."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: ANN001, ANN202, N802
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                print(f"{STARTUP_MARKER} {_what_is_open(watched)}", flush=True)
                if os.environ.get(STARTUP_MARKER_ENV) == "quit":  # for profiling start-up
                    QTimer.singleShot(0, watched.close)
            return False

    window._first_paint = FirstPaint(window)
    window.installEventFilter(window._first_paint)


def _mark_ready(window) -> None:  # noqa: ANN001
    key = window.session.stored_key if window.session else None
    print(f"{READY_MARKER} {key or 'none'} rows={window.model.rowCount()} preview={len(window.preview_text())}", flush=True)


class OpenFailure(NamedTuple):
    message_zh: str
    problem: FileProblem | None = None  # a damaged file that a backup could replace


def _open_database(url: str | None, check=None) -> OpenFailure | None:  # noqa: ANN001 - a database.FileCheck
    """Open the database; None when it worked, else what to tell the clerk."""
    from desk_app.storage.database import DatabaseDamaged, DatabaseError, mask_password, open_database
    from desk_app.storage.migrations import DatabaseTooNew

    try:
        open_database(url, check=check)
    except DatabaseTooNew as exc:
        return OpenFailure(exc.message_zh())
    except DatabaseDamaged as exc:
        return OpenFailure(exc.message_zh, exc.problem if exc.problem.damaged else None)
    except DatabaseError as exc:
        shown = mask_password(url or "") or "本机默认数据库"
        log.error("opening %s failed: %s", shown, exc)
        return OpenFailure(f"无法打开数据库“{shown}”。\n\n{exc.message_zh}")
    except Exception as exc:  # driver errors: wrong host, password, …
        shown = mask_password(url or "")
        log.error("opening %s failed: %s", shown, str(exc).replace(url or "\0", shown))
        return OpenFailure(f"无法连接数据库“{shown}”。请检查地址、用户名和密码，以及网络。\n\n{exc}")
    return None


def _claim_database(url: str | None):  # noqa: ANN202
    """The lock on the local database file for this window; None when another window has it (it was asked to come forward)."""
    from desk_app.storage.database import default_url, sqlite_path

    from .single_instance import InstanceLock

    path = sqlite_path(url or default_url())
    if path is None:  # a shared server: several clerks at once is its purpose
        return InstanceLock(None)
    lock = InstanceLock(path)
    if lock.acquire():
        return lock
    lock.request_raise()
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


def run_gui(database_url: str | None = None, smoke_test: bool = False) -> int:
    if smoke_test:
        from .smoke import run_smoke_test

        return run_smoke_test()

    from .crash import CrashHandler, setup_logging

    log_file = setup_logging()
    from desk_app.storage.database import mask_password

    log.info("starting (database %s)", mask_password(database_url) if database_url else "default")
    lock = _claim_database(database_url)
    if lock is None:
        app = _application()
        from .dialogs import Dialogs

        Dialogs().inform("数据已在另一个窗口中打开", "这个数据库已在另一个“窗口工作周报”窗口中打开，已切换到那个窗口。\n\n同一份数据只在一个窗口中编辑，以免互相覆盖。")
        log.info("the database is open in another window: handed over")
        return 0
    from desk_app.storage.database import FileCheck

    check = FileCheck(database_url)  # reads the whole file: on a thread, while Qt is loaded
    _import_before_qt()
    app = _application()
    failure = _open_database(database_url, check)
    if failure is not None and failure.problem is not None:
        from .backups import offer_newest_backup
        from .dialogs import Dialogs

        if offer_newest_backup(failure.problem, Dialogs()):
            failure = _open_database(database_url)
        else:
            failure = OpenFailure(failure.message_zh + "\n\n没有可用的完好备份，或未选择恢复。程序将退出；文件没有任何改动。")
    if failure is not None:
        from .dialogs import Dialogs

        Dialogs().error("无法打开数据库", failure.message_zh)
        return 1

    from .main_window import MainWindow
    from .single_instance import bring_forward

    window = MainWindow()
    CrashHandler(window.flush, window.dialogs.error).install()
    if os.environ.get(STARTUP_MARKER_ENV):
        _install_startup_marker(window)
    window.start()
    show_tab = os.environ.get("DESK_APP_SHOW_TAB", "")
    if show_tab.isdigit():
        window.editor.tabs.setCurrentIndex(int(show_tab))
    window.show()
    window._after_first_paint(lambda: lock.watch(lambda: bring_forward(window)))
    from desk_app import collector

    window._after_first_paint(collector.release)  # started: the garbage collector as usual (collector.py)
    if os.environ.get(STARTUP_MARKER_ENV):
        window._after_first_paint(lambda: _mark_ready(window))  # the last of the work after the first paint
    if os.environ.get(TEST_HOOK_ENV) == "stdin":
        from .test_hook import StdinCommands

        window._test_hook = StdinCommands(window)
    status = app.exec()
    from desk_app.storage.database import close_database

    close_database()
    lock.release()
    log.info("closed (log %s)", log_file)
    return status
