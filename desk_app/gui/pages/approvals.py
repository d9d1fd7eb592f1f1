"""二、受理办理: the provincial platform's year-to-date figures."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from ..fields import CheckField
from .base import Page

CATEGORIES = (("licensing", "行政许可事项"), ("public_service", "公共服务事项"), ("other", "其它九类行权事项"))


class ApprovalsPage(Page):
    def populate(self, layout: QVBoxLayout) -> None:
        issue = self.editor.issue
        form = self.form()
        form.addRow("部分标题", self.line("approvals.title", "省级政务服务事项受理办理情况"))
        form.addRow("数据来源", self.line("approvals.source", "四川一体化政务服务平台"))

        self.auto_ticks: dict[str, CheckField] = {}
        for path, label, auto_text, shown in (
            ("approvals.from", "统计起始", "自动：本年1月1日", issue.approvals_from()),
            ("approvals.to", "统计截止", "自动：周期最后一天", issue.approvals_to()),
        ):
            row = QHBoxLayout()
            field = self.date(path)
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance("2023年12月31日") + 60)
            explicit = issue.approvals.date_from if path.endswith("from") else issue.approvals.date_to
            field.set_value(shown)
            field.setEnabled(explicit is not None)
            tick = CheckField(auto_text)
            tick.setChecked(explicit is None)
            tick.edited.connect(lambda auto, p=path: self.editor.set_auto_date(p, auto))
            self.auto_ticks[path] = tick
            self._order.append(tick)
            row.addWidget(field)
            row.addWidget(tick)
            row.addStretch(1)
            form.addRow(label, row)
        layout.addLayout(form)

        layout.addWidget(self.section("省本级办件数（件）", "按平台统计的今年以来累计数填写。"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        for column, label in enumerate(("受理", "办结"), start=1):
            header = QLabel(label)
            header.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(header, 0, column)
        for row, (name, label) in enumerate(CATEGORIES, start=1):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(self.count(f"approvals.{name}.accepted"), row, 1)
            grid.addWidget(self.count(f"approvals.{name}.completed"), row, 2)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

    def refresh_values(self) -> None:
        super().refresh_values()
        issue = self.editor.issue
        for path, shown, explicit in (
            ("approvals.from", issue.approvals_from(), issue.approvals.date_from),
            ("approvals.to", issue.approvals_to(), issue.approvals.date_to),
        ):
            field = self.fields.get(path)
            if field is not None and explicit is None:
                field.set_value(shown)
