"""Every question and message the GUI puts to the clerk, behind one small interface.

The main window only talks to a :class:`Dialogs`; tests hand it a scripted one,
so no test ever reaches a modal ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

    from desk_app.domain.merge import Difference
    from desk_app.domain.model import IssueKey
    from desk_app.reading.recognition import Recognition

    from .importing import ImportReport

# QMessageBox, QFileDialog and QDesktopServices are imported when first used: not at start-up.


def _role():  # noqa: ANN202
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox.ButtonRole


class Dialogs:
    """Modal dialogs on ``parent``, with Chinese button texts."""

    def __init__(self, parent: QWidget | None = None):
        self.parent = parent

    def _box(self, icon: str, title: str, text: str, details: str = "") -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(getattr(QMessageBox.Icon, icon), title, text, QMessageBox.StandardButton.NoButton, self.parent)
        if details:
            box.setDetailedText(details)
        return box

    def ask(self, title: str, text: str, yes: str = "确定", no: str = "取消") -> bool:
        """A yes/no question; the safe answer (no) is the default."""
        box = self._box("Question", title, text)
        yes_button = box.addButton(yes, _role().AcceptRole)
        no_button = box.addButton(no, _role().RejectRole)
        box.setDefaultButton(no_button)
        box.setEscapeButton(no_button)
        box.exec()
        return box.clickedButton() is yes_button

    def choose(self, title: str, text: str, choices: list[str], warning: bool = False) -> int | None:
        """One of several buttons; returns its index, None when closed (the last choice is 'close')."""
        box = self._box("Warning" if warning else "Information", title, text)
        buttons = [box.addButton(c, _role().ActionRole) for c in choices]
        box.setEscapeButton(buttons[-1])
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else None

    def inform(self, title: str, text: str) -> None:
        box = self._box("Information", title, text)
        box.addButton("确定", _role().AcceptRole)
        box.exec()

    def warn(self, title: str, text: str, details: str = "") -> None:
        box = self._box("Warning", title, text, details)
        box.addButton("确定", _role().AcceptRole)
        box.exec()

    def error(self, title: str, text: str, details: str = "") -> None:
        box = self._box("Critical", title, text, details)
        box.addButton("确定", _role().AcceptRole)
        box.exec()

    def save_file(self, title: str, suggested: Path, filters: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(self.parent, title, str(suggested), filters)
        return Path(name) if name else None

    def open_files(self, title: str, folder: Path, filters: str) -> list[Path]:
        from PySide6.QtWidgets import QFileDialog

        names, _ = QFileDialog.getOpenFileNames(self.parent, title, str(folder), filters)
        return [Path(n) for n in names]

    def open_folder(self, title: str, folder: Path) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name = QFileDialog.getExistingDirectory(self.parent, title, str(folder))
        return Path(name) if name else None

    def import_preview(self, recognitions: list[Recognition]) -> bool:
        """「导入预览」 of a few files before anything is saved: True for 导入, False for 取消."""
        from .importing import ImportPreviewDialog  # only when importing: not at start-up

        dialog = ImportPreviewDialog(recognitions, self.parent)
        try:
            return dialog.exec() == dialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def import_report(self, report: ImportReport) -> bool:
        """「导入结果」 (copy, save as text); True when the clerk asks to look at the files held for a look."""
        from .importing import ImportReportDialog  # only when importing: not at start-up

        dialog = ImportReportDialog(report, self, self.parent)
        try:
            dialog.exec()
            return dialog.look
        finally:
            dialog.deleteLater()

    def export_settings(self) -> bool:
        """「导出设置」; True when the clerk saved new settings."""
        from .export_settings import ExportSettingsDialog  # only when opened: not at start-up

        dialog = ExportSettingsDialog(self.parent, self)
        try:
            return dialog.exec() == dialog.DialogCode.Accepted and dialog.saved is not None
        finally:
            dialog.deleteLater()  # not kept as a child of the main window

    def help(self, shortcuts: list[str]) -> QWidget:
        """「使用说明」: shown beside the main window (not modal), returned so it can be raised again."""
        from .help import HelpWindow  # only when opened: not at start-up

        window = HelpWindow(shortcuts, self.parent)
        window.show()
        return window

    def backups(self, restore: Callable[[Path], bool]) -> None:
        """「备份与恢复」; ``restore(path)`` replaces the database by a backup."""
        from .backups import BackupDialog  # only when opened: not at start-up

        dialog = BackupDialog(self.parent, self, restore)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def resolve_conflict(self, key: IssueKey, differences: list[Difference], kept: Path | None) -> list[str] | None:
        """「这一期已被其他同事修改」: the paths where the clerk keeps their own version; None for 取消 (keep the other clerk's)."""
        from .conflict import ConflictDialog  # only on a conflict: not at start-up

        dialog = ConflictDialog(key, differences, kept, self.parent)
        try:
            return dialog.chosen_paths() if dialog.exec() == dialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def ask_reason(self, title: str, text: str, ok: str = "确定") -> str | None:
        """A reason typed by the clerk (确定 only once something is written); None for 取消."""
        from .locking import ReasonDialog

        dialog = ReasonDialog(title, text, ok, self.parent)
        try:
            return dialog.reason() if dialog.exec() == dialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def change_log(self, title: str, changes: list) -> None:
        """「修改记录」 of an issue: ``changes`` are storage.change_log.Change, newest first."""
        from .change_log import ChangeLogDialog

        dialog = ChangeLogDialog(title, changes, self.parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def print_setup(self, printer, page_count: int) -> bool:  # noqa: ANN001 - a QPrinter
        """「打印」: Qt's print dialog on ``printer`` (printer, copies, which of ``page_count`` pages); True for 打印."""
        from .printing import make_print_dialog  # QtPrintSupport only when printing

        dialog = make_print_dialog(printer, page_count, self.parent)
        try:
            return dialog.exec() == dialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def review(self, dialog: QDialog) -> bool:
        """A prepared dialog of changes (「整理标点」, 「加入部门报送」), modal; True when the clerk applies them."""
        try:
            return dialog.exec() == dialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def open_path(self, path: Path) -> bool:
        """Open a file or folder with the program the system uses for it (Word/WPS, Explorer)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
