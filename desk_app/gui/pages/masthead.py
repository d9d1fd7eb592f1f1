"""报头: the masthead, headline and period."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from .base import Page


class MastheadPage(Page):
    def populate(self, layout: QVBoxLayout) -> None:
        form = self.form()
        form.addRow("报头名称", self.line("masthead.title", "窗口工作周报"))

        numbers = QHBoxLayout()
        numbers.setSpacing(6)
        for label, path, width in (("年份", "masthead.year", 5), ("第", "masthead.number", 3), ("期　总第", "masthead.serial", 5)):
            if label != "年份":
                numbers.addWidget(QLabel(label))
            field = self.count(path)
            field.setMaximumWidth(field.fontMetrics().horizontalAdvance("0") * (width + 4) + 20)
            numbers.addWidget(field)
            if label == "年份":
                numbers.addWidget(QLabel("年"))
        numbers.addWidget(QLabel("期"))
        numbers.addStretch(1)
        form.addRow("期号", numbers)

        form.addRow("编发单位", self.line("masthead.issuer", "四川省政府政务服务和公共资源交易服务中心"))
        issue_date = self.date("masthead.date")
        issue_date.setMinimumWidth(issue_date.fontMetrics().horizontalAdvance("2023年12月31日") + 60)
        date_row = QHBoxLayout()
        date_row.addWidget(issue_date)
        date_row.addStretch(1)
        form.addRow("印发日期", date_row)
        form.addRow("大标题", self.line("headline", "政务服务工作"))

        period = QHBoxLayout()
        start, end = self.date("period.start"), self.date("period.end")
        for field in (start, end):
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance("2023年12月31日") + 60)
        period.addWidget(start)
        period.addWidget(QLabel("至"))
        period.addWidget(end)
        period.addStretch(1)
        form.addRow("本期周期", period)
        layout.addLayout(form)
        layout.addWidget(
            self.hint(
                "新建一期时，年份、期号、总期数、周期（下一个周一至周五）和印发日期已按上一期推算，请核对。"
                "期号改动后，本期即以新期号保存。"
            )
        )
