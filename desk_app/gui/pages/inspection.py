"""四、大厅巡查: intro and checklist items with their results."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from desk_app.domain.model import DEFAULT_INSPECTION_RESULT, InspectionItem
from desk_app.domain.rules import level_number

from .base import Page


class InspectionPage(Page):
    def populate(self, layout: QVBoxLayout) -> None:
        inspection = self.editor.issue.inspection
        form = self.form()
        form.addRow("部分标题", self.line("inspection.title", "大厅巡查情况"))
        form.addRow("导语", self.paragraph("inspection.intro", "本周大厅巡查情况如下：", min_lines=3))
        layout.addLayout(form)

        layout.addWidget(self.section("巡查项目", f"结果默认为“{DEFAULT_INSPECTION_RESULT}”，有情况时改写。"))
        list_path = "inspection.items"
        box = QWidget()
        self.register(list_path, box)
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        items = inspection.items
        for i in range(len(items)):
            holder = QWidget()
            body = QVBoxLayout(holder)
            body.setContentsMargins(0, 0, 0, 0)
            body.setSpacing(3)
            header = QHBoxLayout()
            header.addWidget(self.line(f"{list_path}[{i}].item", "项目，如 按时到岗情况"), 1)
            body.addLayout(header)
            body.addWidget(self.paragraph(f"{list_path}[{i}].result", DEFAULT_INSPECTION_RESULT, min_lines=1))
            rows.addWidget(
                self.list_row(list_path, i, len(items), holder, number=level_number(2, i + 1), header=header)
            )
        buttons = QHBoxLayout()
        buttons.addWidget(
            self.button("＋ 添加巡查项目", "在末尾添加（Ctrl+Enter 在当前项目下方添加）",
                        lambda: self.editor.insert_item(list_path, len(items), InspectionItem(), focus="item"))
        )
        buttons.addStretch(1)
        rows.addLayout(buttons)
        layout.addWidget(box)
