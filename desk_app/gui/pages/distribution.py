"""报尾: 报/送/发 and the number of copies."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from .base import Page


class DistributionPage(Page):
    def populate(self, layout: QVBoxLayout) -> None:
        form = self.form()
        form.addRow("报：", self.paragraph("distribution.report", "中心领导", min_lines=1))
        form.addRow("送：", self.paragraph("distribution.send", "各相关省级部门（单位），中心各处（室）、直属单位", min_lines=1))
        form.addRow("发：", self.paragraph("distribution.issue", "各部门窗口", min_lines=1))
        copies = QHBoxLayout()
        copies.addWidget(QLabel("共印"))
        field = self.count("distribution.copies")
        field.setMaximumWidth(field.fontMetrics().horizontalAdvance("0") * 8 + 20)
        copies.addWidget(field)
        copies.addWidget(QLabel("份"))
        copies.addStretch(1)
        form.addRow("印数", copies)
        layout.addLayout(form)
        layout.addWidget(self.hint("句末的“。”自动加上。报尾印在最后一页的下端。"))
