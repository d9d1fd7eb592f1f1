"""「统计与核对」: the archive's figures week by week, one year against another, who reported in
窗口工作动态, and the consistency list; charts above, tables below, each exported as .xlsx.

A window of its own (beside the issue being edited), made when first opened: neither this
module nor QtCharts is imported at start-up. The arithmetic is desk_app.domain.statistics and
desk_app.domain.consistency; this module only shows it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import consistency, statistics
from desk_app.domain.model import IssueKey
from desk_app.domain.statistics import DATE, INTEGER, PERCENT, Table
from desk_app.storage import archive

from .app_settings import ask_save_target, written
from .charts import ChartView
from .style import hint

if TYPE_CHECKING:
    from .dialogs import Dialogs

log = logging.getLogger(__name__)
TITLE = "统计与核对"
TOP_DEPARTMENTS = 7  # in the stacked bars; the rest together as 其他
PAGES = ("window", "approvals", "compare", "departments", "consistency")


def cell_text(value: object, kind: str) -> str:
    if value is None:
        return "—" if kind != statistics.TEXT else ""
    if kind == PERCENT:
        return statistics.percent_text(value)  # type: ignore[arg-type]
    if kind == DATE and isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


class TableWidget(QTableWidget):
    """A domain Table as it is: numbers right-aligned, the totals row bold."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table: Table | None = None
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setHighlightSections(False)
        self.setWordWrap(False)

    def show_table(self, table: Table) -> None:
        self.table = table
        rows = list(table.rows) + ([table.totals] if table.totals is not None else [])
        self.clear()
        self.setColumnCount(len(table.columns))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels([c.title for c in table.columns])
        bold = QFont(self.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            for c, (value, column) in enumerate(zip(row, table.columns, strict=True)):
                item = QTableWidgetItem(cell_text(value, column.kind if not isinstance(value, str) else statistics.TEXT))
                if column.kind in (INTEGER, PERCENT) and not isinstance(value, str):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if table.totals is not None and r == len(rows) - 1:
                    item.setFont(bold)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for c in range(self.columnCount()):
            header.resizeSection(c, min(max(header.sectionSize(c), 56), 220))
        # Only a text column takes up the room left: numbers stay beside their headings.
        header.setStretchLastSection(table.columns[-1].kind == statistics.TEXT)

    def texts(self) -> list[list[str]]:
        return [[self.item(r, c).text() for c in range(self.columnCount())] for r in range(self.rowCount())]


def _combo(values: list[int], suffix: str = "年") -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem(f"{value}{suffix}", value)
    return combo


class Page(QWidget):
    """A tab: a bar of choices and 导出 Excel, a chart, the tables."""

    def __init__(self, window: StatisticsWindow, title: str):
        super().__init__()
        self.window_ = window
        self.title = title
        self.bar = QHBoxLayout()
        self.bar.setContentsMargins(0, 0, 0, 0)
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.clicked.connect(lambda: window.export(self.tables(), self.title))
        self.note = QLabel()
        self.note.setWordWrap(True)
        hint(self.note)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self.bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.note)

    def set_years(self, years: list[int]) -> None:
        """The archive's years changed (reloaded): the year choices follow, the chosen ones kept."""
        for combo in self.year_combos():
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for year in years:
                combo.addItem(f"{year}年", year)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def year_combos(self) -> list[QComboBox]:
        return [w for w in (getattr(self, "year", None), getattr(self, "other", None)) if w is not None]

    def finish_bar(self) -> None:
        self.bar.addStretch(1)
        self.bar.addWidget(self.export_button)

    def add_choices(self, *choices: tuple[str, QComboBox]) -> None:
        """Labelled choices in the bar, each redrawing the page when changed, then 导出 Excel at its end."""
        for label, combo in choices:
            combo.currentIndexChanged.connect(self.refresh)
            if label:
                self.bar.addWidget(QLabel(label))
            self.bar.addWidget(combo)
        self.finish_bar()

    def add_chart_and_table(self, chart_height: int, table_height: int) -> None:
        self.chart = ChartView()
        self.table = TableWidget()
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(self.table)
        self.splitter.setSizes([chart_height, table_height])

    def refresh(self) -> None:
        raise NotImplementedError

    def tables(self) -> list[Table]:
        raise NotImplementedError


class WindowFiguresPage(Page):
    """窗口办件: the four window figures of each week of a year."""

    def __init__(self, window: StatisticsWindow):
        super().__init__(window, "窗口办件")
        self.year = _combo(window.years)
        self.add_choices(("年份：", self.year))
        self.add_chart_and_table(330, 260)

    def _table(self) -> Table:
        return statistics.weekly_window_table(self.window_.figures, self.year.currentData())

    def refresh(self) -> None:
        table = self._table()
        self.table.show_table(table)
        numbers = table.column("期号")
        self.chart.show_lines(
            f"{self.year.currentData()}年每周窗口办件（本周数）",
            numbers,
            {f"{label}（{statistics.FIGURE_UNITS[name]}）": table.column(f"本周{label}") for name, label in statistics.FIGURE_LABELS.items()},
        )
        self.note.setText(table.note)

    def tables(self) -> list[Table]:
        return [self._table()]


class ApprovalsPage(Page):
    """受理办理: the running totals of a year and what each week added, one category at a time in the chart."""

    def __init__(self, window: StatisticsWindow):
        super().__init__(window, "受理办理")
        self.year = _combo(window.years)
        self.category = QComboBox()
        for category, label in statistics.CATEGORY_LABELS.items():
            self.category.addItem(f"{label}事项", category)
        self.add_choices(("年份：", self.year), ("图中显示：", self.category))
        self.add_chart_and_table(330, 260)

    def _table(self) -> Table:
        return statistics.weekly_approvals_table(self.window_.figures, self.year.currentData())

    def refresh(self) -> None:
        table = self._table()
        self.table.show_table(table)
        category = self.category.currentData()
        label = statistics.CATEGORY_LABELS[category]
        self.chart.show_lines(
            f"{self.year.currentData()}年{label}事项受理、办结（件，自1月1日累计）",
            table.column("期号"),
            {"受理": table.column(f"{label}受理"), "办结": table.column(f"{label}办结")},
        )
        self.note.setText(table.note)

    def tables(self) -> list[Table]:
        return [self._table()]


class ComparePage(Page):
    """年度对比: one year's running total against another's, by issue number; the totals beside."""

    def __init__(self, window: StatisticsWindow):
        super().__init__(window, "年度对比")
        years = window.years
        self.year = _combo(years)
        self.other = _combo(years)
        if len(years) > 1:
            self.other.setCurrentIndex(1)
        self.figure = QComboBox()
        for name, label in statistics.FIGURE_LABELS.items():
            self.figure.addItem(label, name)
        self.figure.setCurrentIndex(1)  # 受理: "how many were accepted this year compared with last?"
        self.add_choices(("", self.year), ("对比", self.other), ("图中显示：", self.figure))
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setChildrenCollapsible(False)
        self.chart = ChartView()
        self.summary = TableWidget()
        top.addWidget(self.chart)
        top.addWidget(self.summary)
        top.setSizes([560, 520])
        self.by_week = TableWidget()
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.by_week)
        self.splitter.setSizes([360, 230])

    def _comparison(self) -> statistics.YearComparison:
        return statistics.year_comparison(self.window_.figures, self.year.currentData(), self.other.currentData())

    def refresh(self) -> None:
        comparison = self._comparison()
        self.summary.show_table(comparison.summary)
        self.by_week.show_table(comparison.by_week)
        name = self.figure.currentData()
        label = statistics.FIGURE_LABELS[name]
        numbers = comparison.by_week.column("期号")
        series = {}
        for year in (comparison.year, comparison.other):
            values = comparison.by_week.column(f"{year}年{label}")
            totals = statistics.running_totals(values)
            last = max((n for n, v in zip(numbers, values, strict=True) if v is not None), default=0)
            series[f"{year}年"] = [t if n <= last else None for n, t in zip(numbers, totals, strict=True)]
        self.chart.show_lines(
            f"{comparison.year}年与{comparison.other}年{label}（{statistics.FIGURE_UNITS[name]}，自第1期起累计）",
            numbers,
            series,
        )
        self.note.setText(comparison.summary.note)

    def tables(self) -> list[Table]:
        comparison = self._comparison()
        return [comparison.summary, comparison.by_week]


class DepartmentsPage(Page):
    """部门动态: entries of 窗口工作动态 per department and month."""

    def __init__(self, window: StatisticsWindow):
        super().__init__(window, "部门动态")
        self.year = _combo(window.years)
        self.add_choices(("年份：", self.year))
        self.add_chart_and_table(320, 270)

    def _table(self) -> Table:
        year = self.year.currentData()
        return statistics.department_months_table(self.window_.entries_of(year), year)

    def refresh(self) -> None:
        table = self._table()
        self.table.show_table(table)
        stacks: dict[str, list[int]] = {}
        others = [0] * 12
        for index, row in enumerate(table.rows):
            months = list(row[1:13])
            if index < TOP_DEPARTMENTS:
                stacks[row[0]] = months
            else:
                others = [a + b for a, b in zip(others, months, strict=True)]
        if any(others):
            stacks["其他部门"] = others
        self.chart.show_stacked_bars(f"{self.year.currentData()}年各部门窗口动态（条）", [f"{m}月" for m in range(1, 13)], stacks)
        self.note.setText(table.note)

    def tables(self) -> list[Table]:
        return [self._table()]


class ConsistencyPage(Page):
    """一致性检查: what does not add up across issues; double-click (or Enter) opens the issue there."""

    def __init__(self, window: StatisticsWindow):
        super().__init__(window, "一致性检查")
        self.summary = QLabel()
        self.bar.addWidget(self.summary)
        self.finish_bar()
        self.table = TableWidget()
        self.table.itemActivated.connect(self._open)
        self.table.setToolTip("双击或按回车打开该期")
        self.splitter.addWidget(self.table)
        self.findings: list[consistency.Finding] = []

    def _table(self) -> Table:
        columns = [statistics.Column("期", statistics.TEXT), statistics.Column("总期数"), statistics.Column("问题", statistics.TEXT), statistics.Column("说明", statistics.TEXT)]
        serials = {f.key: f.serial for f in self.window_.figures}
        table = Table("一致性检查", columns)
        for finding in self.findings:
            table.rows.append((f"{finding.key.year}年第{finding.key.number}期", serials.get(finding.key), finding.kind_zh, finding.message_zh))
        table.note = "逐期与上一期比较：累计数、总期数、期号、周期和印发日期。缺期只列一次，由它引起的总期数、周期和累计数跳跃不再重复列出。"
        return table

    def refresh(self) -> None:
        self.findings = list(reversed(consistency.check(self.window_.figures)))  # newest first
        table = self._table()
        self.table.show_table(table)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        count = len(self.findings)
        self.summary.setText(f"共 {count} 处需要核对（双击打开该期）" if count else "没有发现不一致之处。")
        self.note.setText(table.note)

    def _open(self, item: QTableWidgetItem) -> None:
        finding = self.findings[item.row()]
        self.window_.open_issue(finding.key, finding.path)

    def tables(self) -> list[Table]:
        return [self._table()]


class StatisticsWindow(QWidget):
    """The 统计与核对 window; ``open_issue(key, path)`` opens an issue in the main window."""

    def __init__(self, parent: QWidget | None, dialogs: Dialogs, open_issue: Callable[[IssueKey, str], None]):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"{TITLE} — 窗口工作周报")
        self.dialogs = dialogs
        self._open_issue = open_issue
        self.figures = archive.issue_figures()
        self._entries: dict[int, list[statistics.DepartmentEntry]] = {}
        self.years = statistics.years(self.figures) or [date.today().year]
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, Page] = {}
        self._shown: set[str] = set()
        for name, page_class in zip(PAGES, (WindowFiguresPage, ApprovalsPage, ComparePage, DepartmentsPage, ConsistencyPage), strict=True):
            page = page_class(self)
            self.pages[name] = page
            self.tabs.addTab(page, page.title)
        self.tabs.currentChanged.connect(self._refresh_current)
        self.status = QLabel()
        hint(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        QShortcut(QKeySequence("F5"), self, self.reload)
        QShortcut(QKeySequence("Esc"), self, self.close)
        self.resize(1180, 700)
        self._refresh_current()

    def entries_of(self, year: int) -> list[statistics.DepartmentEntry]:
        if year not in self._entries:
            self._entries[year] = archive.department_entries(year)
        return self._entries[year]

    def show_page(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.pages[name])
        self._refresh_current()

    def _refresh_current(self, _index: int = -1) -> None:
        """A tab is filled when first shown (and again after 刷新): opening the window draws one chart."""
        page = self.tabs.currentWidget()
        name = next(n for n, p in self.pages.items() if p is page)
        if name not in self._shown:
            self._shown.add(name)
            page.refresh()

    def reload(self) -> None:
        """Read the archive again (F5): after saving, importing or another clerk's changes."""
        self.figures = archive.issue_figures()
        self._entries.clear()
        years = statistics.years(self.figures) or [date.today().year]
        if years != self.years:
            self.years = years
            for page in self.pages.values():
                page.set_years(years)
        self._shown.clear()
        self._refresh_current()
        self.status.setText(f"已重新读取：共 {len(self.figures)} 期。")

    def open_issue(self, key: IssueKey, path: str) -> None:
        self._open_issue(key, path)

    def export(self, tables: list[Table], title: str) -> Path | None:
        from desk_app.output.xlsx import write_xlsx

        target = ask_save_target(self.dialogs, "导出 Excel", "xlsx", f"窗口工作周报{title}.xlsx", "Excel 工作簿 (*.xlsx)", (".xlsx",))
        if target is None:
            return None
        if not written(self.dialogs, "无法导出", target, lambda path: write_xlsx(tables, path)):
            return None
        self.status.setText(f"已导出到：{target}")
        log.info("exported %s to %s", title, target)
        return target
