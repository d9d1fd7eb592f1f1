"""「修改记录」: the change log of the open issue, newest first, as a table."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.storage.change_log import Change

HEADERS = ("时间", "修改人", "操作", "字段", "原来", "改为 / 说明")
SHOWN_CHARACTERS = 60  # a long paragraph shows its start; the whole text is in the tooltip


def _short(text: str | None) -> str:
    if text is None:
        return "（无）"
    text = text.replace("\n", " ")
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"


def row_texts(change: Change) -> tuple[str, ...]:
    """The cells of one change, as shown."""
    if change.kind == "edit":
        before, after = _short(change.before), _short(change.after)
    elif change.kind == "unlocked":
        before, after = change.before or "", f"原因：{change.note}"
    elif change.kind == "imported" and not change.path:
        before, after = "", f"从文件导入：{change.note}" if change.note else "从文件导入"
    elif change.path:  # imported or restored over a stored issue: a field replaced
        before, after = _short(change.before), _short(change.after)
    else:
        before, after = "", change.note
    return (f"{change.at:%Y-%m-%d %H:%M:%S}", change.who, change.kind_zh, change.field_zh, before, after)


class ChangeLogDialog(QDialog):
    def __init__(self, title: str, changes: list[Change], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"修改记录 — {title}")
        layout = QVBoxLayout(self)
        summary = QLabel(f"{title}：共 {len(changes)} 条记录（最新的在上）。" if changes else f"{title}还没有修改记录。")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.table = QTableWidget(len(changes), len(HEADERS))
        self.table.setObjectName("changeLog")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        for row, change in enumerate(changes):
            for column, text in enumerate(row_texts(change)):
                item = QTableWidgetItem(text)
                full = {4: change.before, 5: change.after if change.kind != "unlocked" else change.note}.get(column)
                if full:
                    item.setToolTip(full)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        for column in (4, 5):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
