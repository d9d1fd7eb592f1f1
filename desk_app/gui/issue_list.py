"""The list of issues, newest first: year, number, serial, 草稿/已印发, period, last change.

Only the summary columns are read, as plain rows (``repository.list_issues``), and a
cell's text is made only when the view shows it, so ten thousand issues list in a few
tens of milliseconds. A column is one entry of ``COLUMNS``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from PySide6 import QtCore
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

from desk_app.domain.model import IssueKey
from desk_app.domain.rules import date_text
from desk_app.storage.repository import IssueState, IssueSummary, issued_issues

DISPLAY_ROLE = 0  # Qt.ItemDataRole.DisplayRole, as a default argument: not worth making PySide's Qt enums at import
_Index = QModelIndex | QPersistentModelIndex


def period_short(summary: IssueSummary) -> str:
    """2月13日—17日; 1月30日—2月3日; 2023年12月25日—2024年1月5日 (as short as stays clear)."""
    start, end = summary.period_start, summary.period_end
    if start is None and end is None:
        return ""
    if start is not None and end is not None:
        if start.year != end.year:
            return f"{date_text(start)}—{date_text(end)}"
        if start.month == end.month:
            return f"{start.month}月{start.day}日—{end.day}日"
    return f"{date_text(start, with_year=False)}—{date_text(end, with_year=False)}"


def changed_text(moment: datetime, now: datetime | None = None) -> str:
    now = now or datetime.now()
    if moment.date() == now.date():
        return f"{moment:%H:%M}"
    if moment.year == now.year:
        return f"{moment.month}月{moment.day}日"
    return f"{moment:%Y-%m-%d}"


class Column(NamedTuple):
    header: str
    text: Callable[[IssueSummary], str]
    numeric: bool = False  # right-aligned


def _serial_text(summary: IssueSummary) -> str:
    return "" if summary.serial is None else str(summary.serial)


_STATE_HEADER = "状态"
# The state next to the numbers: the list is narrow, and 已印发 must show without scrolling. Its text
# comes from the model's states (read with the list), not from the summary.
COLUMNS = (
    Column("年份", lambda s: str(s.key.year), numeric=True),
    Column("期号", lambda s: str(s.key.number), numeric=True),
    Column("总期数", _serial_text, numeric=True),
    Column(_STATE_HEADER, lambda s: ""),
    Column("周期", period_short),
    Column("最后修改", lambda s: changed_text(s.updated_at)),
)
HEADERS = tuple(column.header for column in COLUMNS)
STATE_COLUMN = HEADERS.index(_STATE_HEADER)
DRAFT = IssueState()
ISSUED_COLOR = "#8a5a00"


class IssueListModel(QAbstractTableModel):
    """The issues, newest first.

    It has no columns until its first ``reload`` (the list is read right after the
    window is first shown): the view would otherwise ask ``headerData`` while the
    window is made, and PySide would make its ``Qt`` enums for the orientation
    argument before they are needed (qt_names.py).
    """

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.summaries: list[IssueSummary] = []
        self.states: dict[IssueKey, IssueState] = {}  # the issued ones; the rest are drafts
        self.loaded = False

    def reload(self, summaries: list[IssueSummary], states: dict[IssueKey, IssueState] | None = None) -> None:
        """Show ``summaries``; ``states`` of the issued issues are read from the database unless given."""
        states = issued_issues() if states is None else states
        self.beginResetModel()
        self.summaries = summaries
        self.states = states
        self.loaded = True
        self.endResetModel()

    def state_of(self, key: IssueKey) -> IssueState:
        return self.states.get(key, DRAFT)

    def set_state(self, key: IssueKey, state: IssueState) -> None:
        """After 标记为已印发 or 解锁 in this window."""
        if state.issued:
            self.states[key] = state
        else:
            self.states.pop(key, None)
        row = self.row_of(key)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_of(self, key: IssueKey | None) -> int:
        for row, summary in enumerate(self.summaries):
            if summary.key == key:
                return row
        return -1

    def key_at(self, row: int) -> IssueKey | None:
        return self.summaries[row].key if 0 <= row < len(self.summaries) else None

    def touch(self, key: IssueKey, serial: int | None, start, end, revision: int) -> bool:  # noqa: ANN001
        """Update a saved issue's line in place; False when the list must be reloaded (new key)."""
        row = self.row_of(key)
        if row < 0:
            return False
        self.summaries[row] = self.summaries[row]._replace(
            serial=serial, period_start=start, period_end=end,
            updated_at=datetime.now().replace(microsecond=0), revision=revision,
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.summaries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.loaded else len(COLUMNS)

    def headerData(self, section: int, orientation: QtCore.Qt.Orientation, role: int = DISPLAY_ROLE):  # noqa: ANN201
        if role == QtCore.Qt.ItemDataRole.DisplayRole and orientation == QtCore.Qt.Orientation.Horizontal:
            return COLUMNS[section].header
        return None

    def data(self, index: _Index, role: int = DISPLAY_ROLE):  # noqa: ANN201
        if not index.isValid():
            return None
        s = self.summaries[index.row()]
        number = index.column()
        column = COLUMNS[number]
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            if number == STATE_COLUMN:
                return "已印发" if self.state_of(s.key).issued else "草稿"
            return column.text(s)
        if role == QtCore.Qt.ItemDataRole.ToolTipRole:
            serial = "" if s.serial is None else f"（总第{s.serial}期）"
            return (
                f"{s.key.year}年第{s.key.number}期{serial}\n周期：{period_short(s)}\n"
                f"最后修改：{s.updated_at:%Y-%m-%d %H:%M}\n状态：{self.state_of(s.key).text_zh()}"
            )
        if role == QtCore.Qt.ItemDataRole.ForegroundRole and number == STATE_COLUMN and self.state_of(s.key).issued:
            from PySide6.QtGui import QColor

            return QColor(ISSUED_COLOR)
        if role == QtCore.Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        return None
