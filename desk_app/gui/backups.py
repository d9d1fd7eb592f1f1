"""「备份与恢复」: the daily backup, the dialog listing backups, restoring one, and recovering a damaged database.

Backups exist for the local SQLite file only; on a shared PostgreSQL server they are the
server's job (pg_dump), and the dialog says how.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.settings import load_settings
from desk_app.storage.backups import (
    BackupError,
    BackupInfo,
    backup_folder,
    backup_if_due,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
)
from desk_app.storage.database import close_database, open_database, opened_sqlite_path, opened_url
from desk_app.storage.integrity import FileProblem
from desk_app.storage.migrations import DatabaseTooNew

if TYPE_CHECKING:
    from .dialogs import Dialogs

log = logging.getLogger(__name__)

POSTGRES_NOTE = (
    "当前使用的是共用的 PostgreSQL 服务器数据库。它的备份由服务器负责，请数据库管理员定期执行，例如：\n\n"
    "    pg_dump --format=custom --file=周报备份.dump 数据库地址\n\n"
    "恢复：pg_restore --clean --dbname=数据库地址 周报备份.dump\n\n"
    "本程序的“立即备份”和“恢复”只用于本机的数据库文件。"
)


def _size_text(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def when(info: BackupInfo) -> str:
    """「2026年12月2日 14:03:05」 (no zero padding, as dates are written in the bulletin)."""
    created = info.created
    return f"{created.year}年{created.month}月{created.day}日 {created:%H:%M:%S}"


def describe(info: BackupInfo) -> str:
    """「2026年12月2日 14:03:05 的每日备份（含 20 期，最新为2023年第20期）」"""
    issues = info.issues()
    held = f"含 {len(issues)} 期，最新为{issues[0][0]}年第{issues[0][1]}期" if issues else "不含任何一期"
    return f"{when(info)} 的{info.reason_zh}备份（{held}）"


def daily_backup() -> Path | None:
    """The once-a-day backup of the local database (after the window is on screen); None when not due."""
    database = opened_sqlite_path()
    if database is None:
        return None
    try:
        made = backup_if_due(database, keep=load_settings().backup_keep)
    except BackupError as exc:
        log.error("daily backup failed: %s", exc)
        raise
    if made is not None:
        log.info("daily backup: %s", made)
    return made


def offer_newest_backup(problem: FileProblem, dialogs: Dialogs) -> bool:
    """At start, the database is damaged: offer the newest good backup. True when it was restored."""
    good = newest_good_backup()
    if good is None:
        return False
    choice = dialogs.choose(
        "数据库已损坏",
        f"{problem.message_zh()}\n\n最新的完好备份是 {describe(good)}。\n\n"
        "用它恢复吗？损坏的文件会原样改名保留在同一文件夹，不会被删除或改写。",
        ["用这个备份恢复", "退出"],
        warning=True,
    )
    if choice != 0:
        return False
    try:
        result = restore_backup(good.path, problem.path, keep=load_settings().backup_keep)
    except BackupError as exc:
        dialogs.error("恢复失败", exc.message_zh)
        return False
    except DatabaseTooNew as exc:
        dialogs.error("恢复失败", exc.message_zh())
        return False
    kept = f"\n\n损坏的文件已保留为：\n{result.moved_aside}" if result.moved_aside else ""
    dialogs.inform("已恢复", f"已用 {describe(good)} 恢复数据库。{kept}")
    log.info("restored %s from %s (damaged file kept as %s)", problem.path, good.path, result.moved_aside)
    return True


def restore_while_open(backup: Path, dialogs: Dialogs, close_issue: Callable[[], object], reopen: Callable[[], None]) -> bool:
    """Replace the open database by ``backup``: what was typed is saved and the database backed up first."""
    database = opened_sqlite_path()
    url = opened_url()
    assert database is not None and url is not None
    close_issue()  # saves what was typed
    close_database()
    try:
        result = restore_backup(backup, database, keep=load_settings().backup_keep)
    except BackupError as exc:
        dialogs.error("恢复失败", f"{exc.message_zh}\n\n数据库没有改动。")
        return False
    except DatabaseTooNew as exc:
        dialogs.error("恢复失败", exc.message_zh())
        return False
    finally:
        open_database(url)
        reopen()
    safety = f"\n\n恢复前的数据库已另外备份为：\n{result.safety_backup}" if result.safety_backup else ""
    dialogs.inform("已恢复", f"已用备份“{backup.name}”恢复数据库。{safety}")
    log.info("restored %s from %s (safety backup %s)", database, backup, result.safety_backup)
    return True


class BackupDialog(QDialog):
    """The list of backups (date, kind, size, issues held) with 立即备份 / 恢复… / 打开备份文件夹."""

    COLUMNS = ["备份时间", "类型", "大小", "期数", "最新一期"]

    def __init__(self, parent: QWidget | None, dialogs: Dialogs, restore: Callable[[Path], bool]):
        super().__init__(parent)
        self.dialogs = dialogs
        self.restore = restore
        self.database = opened_sqlite_path()
        self.backups: list[BackupInfo] = []
        self.setWindowTitle("备份与恢复")
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("恢复…")
        self.restore_button.setToolTip("用选中的备份替换当前数据库（当前数据库会先另外备份）")
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton("打开备份文件夹")
        self.folder_button.clicked.connect(lambda: self.dialogs.open_path(backup_folder()))
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        if self.database is None:
            self.summary.setText(POSTGRES_NOTE)
            self.table.setVisible(False)
            for button in (self.backup_button, self.restore_button, self.folder_button):
                button.setEnabled(False)
            return
        self.backups = list_backups()
        keep = load_settings().backup_keep
        self.summary.setText(
            f"数据库文件：{self.database}\n备份文件夹：{backup_folder()}\n"
            f"每天第一次启动时自动备份，升级和恢复之前也会备份；保留最近 {keep} 份。共有 {len(self.backups)} 份备份。"
        )
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            issues = info.issues()
            newest = f"{issues[0][0]}年第{issues[0][1]}期" if issues else "—"
            cells = [when(info), info.reason_zh, _size_text(info.size), str(len(issues)), newest]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if column in (2, 3):
                    item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.database is not None and self.selected() is not None)

    def back_up_now(self) -> Path | None:
        assert self.database is not None
        try:
            made = make_backup(self.database, "manual", keep=load_settings().backup_keep)
        except BackupError as exc:
            self.dialogs.error("备份失败", exc.message_zh)
            return None
        log.info("manual backup: %s", made)
        self.reload()
        return made

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            return False
        problem = info.problem()
        if problem is not None:
            self.dialogs.error("这份备份不能用", problem.message_zh())
            return False
        if not self.dialogs.ask(
            "恢复备份",
            f"用 {describe(info)} 替换当前数据库吗？\n\n"
            "这之后输入的内容会被替换掉；当前的数据库会先另外备份一份，需要时可以再恢复回来。",
            yes="恢复",
        ):
            return False
        restored = self.restore(info.path)
        self.reload()
        return restored
