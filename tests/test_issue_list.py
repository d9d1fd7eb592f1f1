"""The issue list's model: one table of columns, cells made from the summaries when asked."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from desk_app.domain.model import IssueKey
from desk_app.gui.issue_list import COLUMNS, IssueListModel
from desk_app.storage.repository import ISSUED, IssueState, IssueSummary

SUMMARIES = [
    IssueSummary(IssueKey(2024, 1), None, date(2023, 12, 25), date(2024, 1, 5), datetime(2024, 1, 8, 9, 30), 3),
    IssueSummary(IssueKey(2023, 6), 426, date(2023, 2, 13), date(2023, 2, 17), datetime(2023, 2, 20, 17, 5), 1),
]


def test_every_column_shows_its_text_and_header(qapp):
    model = IssueListModel()
    assert model.columnCount() == 0  # no columns before the first reload (see the class)
    model.reload(list(SUMMARIES), states={IssueKey(2023, 6): IssueState(ISSUED, datetime(2023, 2, 27, 10, 30), "张三")})
    assert (model.rowCount(), model.columnCount()) == (2, len(COLUMNS))
    headers = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) for c in range(len(COLUMNS))]
    assert headers == ["年份", "期号", "总期数", "状态", "周期", "最后修改"]
    rows = [[model.data(model.index(r, c)) for c in range(len(COLUMNS))] for r in range(2)]
    assert rows == [
        ["2024", "1", "", "草稿", "2023年12月25日—2024年1月5日", "2024-01-08"],
        ["2023", "6", "426", "已印发", "2月13日—17日", "2023-02-20"],
    ]
    assert "状态：已印发（2023年2月27日 10:30，张三）" in model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    aligned = [model.data(model.index(0, c), Qt.ItemDataRole.TextAlignmentRole) is not None for c in range(len(COLUMNS))]
    assert aligned == [True, True, True, False, False, False]


def test_touch_changes_one_line_in_place(qapp):
    model = IssueListModel()
    model.reload(list(SUMMARIES), states={})
    changed = []
    model.dataChanged.connect(lambda first, last: changed.append((first.row(), first.column(), last.column())))
    assert model.touch(IssueKey(2023, 6), 427, date(2023, 2, 13), date(2023, 2, 17), 2)
    assert model.summaries[1].serial == 427 and model.summaries[1].revision == 2
    assert changed == [(1, 0, len(COLUMNS) - 1)]
    assert not model.touch(IssueKey(2030, 1), 1, None, None, 1)  # not listed: the list must be read again
    assert model.row_of(IssueKey(2024, 1)) == 0 and model.key_at(1) == IssueKey(2023, 6) and model.key_at(5) is None
