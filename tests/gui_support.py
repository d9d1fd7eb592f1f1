"""Fixtures and helpers for the GUI tests: a main window on a fresh database, scripted dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest


@dataclass
class FakeDialogs:
    """Stands in for desk_app.gui.dialogs.Dialogs: answers from a script, records what was said."""

    answers: list[bool] = field(default_factory=list)  # for ask(); default yes
    choice: int | None = None  # for choose(); default: the last (close)
    save_path: Path | None = None
    open_paths: list[Path] = field(default_factory=list)
    said: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, text)
    opened: list[Path] = field(default_factory=list)
    settings_script: Callable | None = None  # for export_settings(): does what the clerk does in the dialog
    backups_script: Callable | None = None  # for backups(): does what the clerk does in 「备份与恢复」
    conflict_script: Callable | None = None  # for resolve_conflict(): the same; without one the clerk cancels
    conflicts: list[dict] = field(default_factory=list)  # what each conflict dialog showed
    reasons: list[str | None] = field(default_factory=list)  # for ask_reason(); default: 取消 (None)
    change_logs: list[list[tuple[str, ...]]] = field(default_factory=list)  # the rows each 修改记录 showed
    folder_path: Path | None = None  # for open_folder()
    preview_answers: list[bool] = field(default_factory=list)  # for import_preview(); default 导入
    previews: list[str] = field(default_factory=list)  # what each 导入预览 showed
    report_script: Callable | None = None  # for import_report(): does what the clerk does in 「导入结果」
    reports: list[str] = field(default_factory=list)  # what each 导入结果 showed
    print_script: Callable | None = None  # for print_setup(): picks the printer (a PDF file in tests); None cancels
    print_dialogs: list[dict] = field(default_factory=list)  # what each print dialog showed
    review_script: Callable | None = None  # for review(): plays the clerk in the dialog; without one the clerk applies
    help_windows: list = field(default_factory=list)  # the 使用说明 windows opened

    def export_settings(self) -> bool:
        """The real 「导出设置」 dialog, shown but never exec()'d: ``settings_script(dialog)`` plays the clerk."""
        from desk_app.gui.export_settings import ExportSettingsDialog

        self.said.append(("export_settings", "导出设置", ""))
        dialog = ExportSettingsDialog(None, self)
        dialog.show()
        try:
            if self.settings_script is not None:
                self.settings_script(dialog)
            return dialog.result() == dialog.DialogCode.Accepted and dialog.saved is not None
        finally:
            dialog.close()
            dialog.deleteLater()

    def help(self, shortcuts: list[str]):  # noqa: ANN201
        """The real 「使用说明」 window: it is not modal, so it is simply shown (and recorded)."""
        from desk_app.gui.help import TITLE, HelpWindow

        window = HelpWindow(shortcuts)
        window.show()
        self.said.append(("help", TITLE, window.plain_text()))
        self.help_windows.append(window)
        return window

    def backups(self, restore: Callable) -> None:
        """The real 「备份与恢复」 dialog, shown but never exec()'d: ``backups_script(dialog)`` plays the clerk."""
        from desk_app.gui.backups import BackupDialog

        self.said.append(("backups", "备份与恢复", ""))
        dialog = BackupDialog(None, self, restore)
        dialog.show()
        try:
            if self.backups_script is not None:
                self.backups_script(dialog)
        finally:
            dialog.close()
            dialog.deleteLater()

    def resolve_conflict(self, key, differences, kept) -> list[str] | None:  # noqa: ANN001
        """The real 「这一期已被其他同事修改」 dialog, shown but never exec()'d: ``conflict_script(dialog)`` plays the clerk."""
        from desk_app.gui.conflict import TITLE, ConflictDialog

        self.said.append(("resolve_conflict", TITLE, str(kept)))
        dialog = ConflictDialog(key, differences, kept)
        dialog.show()
        self.conflicts.append({"paths": list(dialog.paths), "kept": kept})
        try:
            if self.conflict_script is not None:
                self.conflict_script(dialog)
            return dialog.chosen_paths() if dialog.result() == dialog.DialogCode.Accepted else None
        finally:
            dialog.close()
            dialog.deleteLater()

    def ask_reason(self, title: str, text: str, ok: str = "确定") -> str | None:
        """The real reason dialog, shown but never exec()'d: the scripted reason is typed, then 确定 if it allows."""
        from desk_app.gui.locking import ReasonDialog

        self.said.append(("ask_reason", title, text))
        reason = self.reasons.pop(0) if self.reasons else None
        dialog = ReasonDialog(title, text, ok)
        dialog.show()
        try:
            if reason is None:
                return None
            dialog.editor.setPlainText(reason)
            return dialog.reason() if dialog.ok_button.isEnabled() else ""
        finally:
            dialog.close()
            dialog.deleteLater()

    def open_folder(self, title: str, folder: Path) -> Path | None:
        return self.folder_path

    def import_preview(self, recognitions) -> bool:  # noqa: ANN001
        """The real 「导入预览」, shown but never exec()'d; answered from ``preview_answers`` (default 导入)."""
        from desk_app.gui.importing import ImportPreviewDialog

        dialog = ImportPreviewDialog(recognitions)
        dialog.show()
        try:
            self.said.append(("import_preview", dialog.windowTitle(), dialog.text()))
            self.previews.append(dialog.text())
            answer = self.preview_answers.pop(0) if self.preview_answers else True
            assert not answer or dialog.import_button.isEnabled(), "导入 clicked while disabled"
            return answer
        finally:
            dialog.close()
            dialog.deleteLater()

    def import_report(self, report) -> bool:  # noqa: ANN001
        """The real 「导入结果」, shown but never exec()'d: ``report_script(dialog)`` plays the clerk."""
        from desk_app.gui.importing import ImportReportDialog

        dialog = ImportReportDialog(report, self)
        dialog.show()
        try:
            self.said.append(("import_report", dialog.windowTitle(), dialog.text()))
            self.reports.append(dialog.text())
            if self.report_script is not None:
                script, self.report_script = self.report_script, None  # once: a second report is only read
                script(dialog)
            return dialog.look
        finally:
            dialog.close()
            dialog.deleteLater()

    def print_setup(self, printer, page_count: int) -> bool:  # noqa: ANN001
        """The real 「打印」 dialog, shown but never exec()'d; ``print_script(printer)`` chooses the printer."""
        from desk_app.gui.printing import make_print_dialog

        self.said.append(("print_setup", "打印", ""))
        dialog = make_print_dialog(printer, page_count)
        dialog.show()
        try:
            shown = {"title": dialog.windowTitle(), "copies": printer.copyCount(), "pages": (dialog.minPage(), dialog.maxPage())}
            self.print_dialogs.append(shown)
            if self.print_script is None:
                return False
            self.print_script(printer)
            return True
        finally:
            dialog.close()
            dialog.deleteLater()

    def change_log(self, title: str, changes: list) -> None:
        """The real 修改记录 dialog, shown but never exec()'d; its cells are kept in ``change_logs``."""
        from desk_app.gui.change_log import ChangeLogDialog

        self.said.append(("change_log", title, ""))
        dialog = ChangeLogDialog(title, changes)
        dialog.show()
        try:
            table = dialog.table
            self.change_logs.append(
                [tuple(dialog.cell(r, c) for c in range(table.columnCount())) for r in range(table.rowCount())]
            )
        finally:
            dialog.close()
            dialog.deleteLater()

    def review(self, dialog) -> bool:  # noqa: ANN001
        """A prepared dialog of changes, shown but never exec()'d: ``review_script(dialog)`` plays the clerk."""
        self.said.append(("review", dialog.windowTitle(), dialog.shown_text()))
        dialog.show()
        try:
            if self.review_script is not None:
                self.review_script(dialog)
            else:
                dialog.accept()
            return dialog.result() == dialog.DialogCode.Accepted
        finally:
            dialog.close()
            dialog.deleteLater()

    def ask(self, title: str, text: str, yes: str = "确定", no: str = "取消") -> bool:
        self.said.append(("ask", title, text))
        return self.answers.pop(0) if self.answers else True

    def choose(self, title: str, text: str, choices: list[str], warning: bool = False) -> int | None:
        self.said.append(("choose", title, text))
        return len(choices) - 1 if self.choice is None else self.choice

    def inform(self, title: str, text: str) -> None:
        self.said.append(("inform", title, text))

    def warn(self, title: str, text: str, details: str = "") -> None:
        self.said.append(("warn", title, text))

    def error(self, title: str, text: str, details: str = "") -> None:
        self.said.append(("error", title, text))

    def save_file(self, title: str, suggested: Path, filters: str) -> Path | None:
        self.said.append(("save_file", title, str(suggested)))
        return self.save_path

    def open_files(self, title: str, folder: Path, filters: str) -> list[Path]:
        return list(self.open_paths)

    def open_path(self, path: Path) -> bool:
        self.opened.append(path)
        return True

    def kinds(self) -> list[str]:
        return [kind for kind, _title, _text in self.said]

    def last(self, kind: str) -> tuple[str, str]:
        for k, title, text in reversed(self.said):
            if k == kind:
                return title, text
        raise AssertionError(f"no {kind} dialog; said: {self.said}")


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def stored_reference(sqlite_db, reference_issue):
    """The reference issue stored in a fresh SQLite database."""
    from desk_app.storage import repository

    repository.save_issue(reference_issue)
    return reference_issue


def open_window(qtbot, dialogs):  # noqa: ANN001, ANN201
    """A main window as a start makes it: the list loaded, shown and exposed (closed by qtbot at the end)."""
    from desk_app.gui.main_window import MainWindow

    win = MainWindow(dialogs)
    qtbot.addWidget(win)
    win.load_list()
    with qtbot.waitExposed(win):
        win.show()
    return win


@pytest.fixture
def window(qtbot, sqlite_db, dialogs) -> Iterator:
    """The main window on the test's own database (add stored_reference first for data)."""
    win = open_window(qtbot, dialogs)
    yield win
    win.close()


def field(win, path: str):
    """The widget of ``path`` (building its tab)."""
    widget = win.editor.focus_field(path)
    assert widget is not None, f"no widget for {path}"
    return widget


def type_into(qtbot, win, path: str, text: str, clear: bool = True):
    """Type into a field with real key events, as a clerk would."""
    from PySide6.QtCore import Qt

    widget = field(win, path)
    if clear:
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)
    return widget


def type_text(qtbot, widget, text: str) -> None:
    """ASCII as key presses; Chinese as an input method commits it (QTest cannot press 中)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def stored(key_text: str = "2023-6"):
    from desk_app.domain.model import IssueKey
    from desk_app.storage import repository

    return repository.load_issue(IssueKey.parse(key_text))


def body_lines(text: str) -> list[str]:
    """Non-empty lines with all whitespace removed."""
    return ["".join(line.split()) for line in text.splitlines() if line.strip()]


def import_and_wait(qtbot, win, begin: Callable[[], None], timeout: int = 20000):  # noqa: ANN001, ANN201
    """Begin an import (a menu key, a click) and wait until the workflow has finished; returns its report."""
    from PySide6.QtWidgets import QApplication

    workflow = win._importing()
    win.activateWindow()  # a scripted dialog shown before may still be the active window: shortcuts go to the window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    with qtbot.waitSignal(workflow.finished, timeout=timeout) as blocker:
        begin()
    assert not workflow.busy
    return blocker.args[0]
