"""三、窗口动态: groups of short reports from the departments' windows."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCompleter, QFrame, QHBoxLayout, QMenu, QToolButton, QVBoxLayout, QWidget

from desk_app.domain.model import Entry, Group
from desk_app.domain.rules import level_number

from .. import style
from .base import Page


class DynamicsPage(Page):
    def populate(self, layout: QVBoxLayout) -> None:
        dynamics = self.editor.issue.dynamics
        form = self.form()
        form.addRow("部分标题", self.line("dynamics.title", "窗口工作动态"))
        layout.addLayout(form)
        layout.addWidget(self.hint("没有动态的分组不印出，其余分组自动连续编号；只有一条动态的分组不加“（1）”。"))

        groups_path = "dynamics.groups"
        box = QWidget()
        self.register(groups_path, box)
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(10)
        printed = 0
        departments = self.editor.departments()
        for g, group in enumerate(dynamics.groups):
            texts = [e for e in group.entries if e.text.strip()]
            if texts:
                printed += 1
            number = level_number(2, printed) if texts else "（不印）"
            rows.addWidget(self._group_frame(g, group, number, len(texts), departments, len(dynamics.groups)))
        buttons = QHBoxLayout()
        buttons.addWidget(
            self.button("＋ 添加分组", "在末尾添加一个分组",
                        lambda: self.editor.insert_item(groups_path, len(dynamics.groups), Group(), focus="title"))
        )
        buttons.addStretch(1)
        rows.addLayout(buttons)
        layout.addWidget(box)

    def _group_frame(self, g: int, group: Group, number: str, printed_entries: int, departments: list[str],
                     group_count: int) -> QFrame:
        path = f"dynamics.groups[{g}]"
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(4)
        title = self.line(f"{path}.title", "分组标题，如 优化营商环境工作开展情况")
        title.setObjectName("groupTitle")
        group_header = QHBoxLayout()
        group_header.addWidget(title, 1)
        inner.addLayout(group_header)
        entries_path = f"{path}.entries"
        entries_box = QWidget()
        self.register(entries_path, entries_box)
        entries = QVBoxLayout(entries_box)
        entries.setContentsMargins(12, 0, 0, 0)
        entries.setSpacing(4)
        for e, _entry in enumerate(group.entries):
            holder = QWidget()
            entry_body = QVBoxLayout(holder)
            entry_body.setContentsMargins(0, 0, 0, 0)
            entry_body.setSpacing(2)
            entry_header = QHBoxLayout()
            department = self.line(f"{entries_path}[{e}].department", "部门（不印出，用于查找和补全）")
            completer = QCompleter(departments, department)
            completer.setCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(QtCore.Qt.MatchFlag.MatchContains)
            department.setCompleter(completer)
            department.setMaximumWidth(department.fontMetrics().horizontalAdvance("国家税务总局四川省税务局") + 24)
            entry_header.addWidget(department)
            entry_header.addStretch(1)
            entry_body.addLayout(entry_header)
            text = self.paragraph(f"{entries_path}[{e}].text", "动态内容", min_lines=3)
            text._max_lines = 20
            entry_body.addWidget(text)
            label = level_number(4, e + 1) if len(group.entries) > 1 else "　"
            move = self._move_menu(g, e)
            entries.addWidget(
                self.list_row(entries_path, e, len(group.entries), holder, number=label, extra=[move], header=entry_header)
            )
        entries.addWidget(
            self.button("＋ 添加动态", "在本组末尾添加（Ctrl+Enter 在当前动态下方添加）",
                        lambda: self.editor.insert_item(entries_path, len(group.entries), Entry(), focus="department"))
        )
        inner.addWidget(entries_box)
        frame = self.list_row("dynamics.groups", g, group_count, body, number=number, header=group_header)
        frame.setObjectName("groupFrame")
        frame.setStyleSheet(style.GROUP_FRAME_STYLE)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        return frame

    def _move_menu(self, g: int, e: int) -> QToolButton:
        button = QToolButton()
        button.setText("⇄")
        button.setToolTip("移到其他分组（Alt+PgUp / Alt+PgDn 移到上一组 / 下一组）")
        button.setAutoRaise(True)
        button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for target, group in enumerate(self.editor.issue.dynamics.groups):
            if target == g:
                continue
            action = QAction(f"移到：{group.title or f'第{target + 1}组（未命名）'}", menu)
            action.triggered.connect(lambda _checked=False, t=target: self.editor.move_entry_to_group(g, e, t))
            menu.addAction(action)
        button.setMenu(menu)
        button.setEnabled(len(self.editor.issue.dynamics.groups) > 1)
        return button


