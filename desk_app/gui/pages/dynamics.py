"""三、窗口动态: groups of short reports from the departments' windows.

A long issue has hundreds of fields here, so the page is not made afresh on every
rebuild (switching issues, adding, moving): its group frames and entry rows are kept
and shown again with the values of the issue now open. Only rows beyond those already
made are made; rows no longer needed are hidden. All department fields share one
completer; the ⇄ menu is filled when it opens.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QStringListModel
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCompleter, QFrame, QHBoxLayout, QMenu, QToolButton, QVBoxLayout, QWidget

from desk_app.domain.model import Entry, Group
from desk_app.domain.rules import level_number

from .. import style
from ..fields import LineField, ParagraphField
from .base import ListRow, Page, forget_own_history

GROUPS = "dynamics.groups"


class EntryRow:
    """The widgets of one entry, kept for reuse."""

    def __init__(self, row: ListRow, department: LineField, text: ParagraphField, move: QToolButton):
        self.row, self.department, self.text, self.move = row, department, text, move


class GroupFrame:
    """The widgets of one group and its entry rows, kept for reuse."""

    def __init__(self, row: ListRow, title: LineField, entries_box: QWidget, entries: QVBoxLayout):
        self.row, self.title, self.entries_box, self.entries = row, title, entries_box, entries
        self.entry_rows: list[EntryRow] = []


class DynamicsPage(Page):
    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._frames: list[GroupFrame] = []
        self._title_field: LineField | None = None  # the page is made at its first rebuild

    def _make_completer(self) -> None:
        self._departments = QStringListModel(self)
        self._completer = QCompleter(self._departments, self)
        self._completer.setCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(QtCore.Qt.MatchFlag.MatchContains)

    def rebuild(self) -> None:
        """Show the issue's groups and entries in the rows kept from before, making only those missing."""
        self.fields = {}
        self._order = []
        if self._title_field is None:
            self._make_skeleton()
        else:
            self.rebind(self._title_field, "dynamics.title")
        self.register(GROUPS, self._groups_box)
        departments = self.editor.departments()
        if self._departments.stringList() != departments:
            self._departments.setStringList(departments)
        groups = self.editor.issue.dynamics.groups
        printed = 0
        for g, group in enumerate(groups):
            texts = sum(1 for e in group.entries if e.text.strip())
            if texts:
                printed += 1
            self._show_group(g, group, level_number(2, printed) if texts else "（不印）", len(groups))
        for frame in self._frames[len(groups):]:
            frame.row.hide()
        for first, second in zip(self._order, self._order[1:]):
            QWidget.setTabOrder(first, second)
        for widget in self._order:
            forget_own_history(widget)  # Ctrl+Z in a field now reaches the structural step, not older typing

    def populate(self, layout: QVBoxLayout) -> None:  # the page is built by rebuild()
        raise NotImplementedError

    # the page's frame, made once ------------------------------------------------------

    def _make_skeleton(self) -> None:
        self._make_completer()
        inner, layout = self.page_body()
        form = self.form()
        self._title_field = self.line("dynamics.title", "窗口工作动态")
        form.addRow("部分标题", self._title_field)
        layout.addLayout(form)
        layout.addWidget(self.hint("没有动态的分组不印出，其余分组自动连续编号；只有一条动态的分组不加“（1）”。"))
        self._groups_box = QWidget()
        self._group_rows = QVBoxLayout(self._groups_box)
        self._group_rows.setContentsMargins(0, 0, 0, 0)
        self._group_rows.setSpacing(10)
        buttons = QHBoxLayout()
        buttons.addWidget(
            self.button("＋ 添加分组", "在末尾添加一个分组",
                        lambda: self.editor.insert_item(GROUPS, len(self.editor.issue.dynamics.groups), Group(), focus="title"))
        )
        buttons.addStretch(1)
        self._group_rows.addLayout(buttons)
        layout.addWidget(self._groups_box)
        layout.addStretch(1)
        self.setWidget(inner)

    # groups ---------------------------------------------------------------------------

    def _show_group(self, g: int, group: Group, number: str, group_count: int) -> None:
        path = f"{GROUPS}[{g}]"
        if g < len(self._frames):
            frame = self._frames[g]
            self.rebind(frame.title, f"{path}.title")
        else:
            frame = self._make_group(path, group_count)
            self._frames.append(frame)
        frame.row.place(GROUPS, g, group_count, number)
        entries_path = f"{path}.entries"
        self.register(entries_path, frame.entries_box)
        several = len(group.entries) > 1
        for e in range(len(group.entries)):
            if e < len(frame.entry_rows):
                entry = frame.entry_rows[e]
                self.rebind(entry.department, f"{entries_path}[{e}].department")
                self.rebind(entry.text, f"{entries_path}[{e}].text")
            else:
                entry = self._make_entry(frame, entries_path, e, len(group.entries))
                frame.entry_rows.append(entry)
            entry.row.place(entries_path, e, len(group.entries), level_number(4, e + 1) if several else "　")
            entry.move.setEnabled(group_count > 1)
            if entry.row.isHidden():
                entry.row.show()
        for entry in frame.entry_rows[len(group.entries):]:
            entry.row.hide()
        if frame.row.isHidden():
            frame.row.show()

    def _make_group(self, path: str, group_count: int) -> GroupFrame:
        g = len(self._frames)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(4)
        title = self.line(f"{path}.title", "分组标题，如 优化营商环境工作开展情况")
        title.setObjectName("groupTitle")
        group_header = QHBoxLayout()
        group_header.addWidget(title, 1)
        inner.addLayout(group_header)
        entries_box = QWidget()
        entries = QVBoxLayout(entries_box)
        entries.setContentsMargins(12, 0, 0, 0)
        entries.setSpacing(4)
        row = self.list_row(GROUPS, g, group_count, body, number="（一）", header=group_header)
        frame = GroupFrame(row, title, entries_box, entries)
        entries.addWidget(
            self.button("＋ 添加动态", "在本组末尾添加（Ctrl+Enter 在当前动态下方添加）", lambda: self._add_entry(frame))
        )
        inner.addWidget(entries_box)
        row.setObjectName("groupFrame")
        row.setStyleSheet(style.GROUP_FRAME_STYLE)
        row.setFrameShape(QFrame.Shape.StyledPanel)
        self._group_rows.insertWidget(g, row)
        row.show()  # at once: shown later by the layout, it could not take the focus now
        return frame

    def _add_entry(self, frame: GroupFrame) -> None:
        g = frame.row.index
        entries_path = f"{GROUPS}[{g}].entries"
        self.editor.insert_item(entries_path, len(self.editor.issue.dynamics.groups[g].entries), Entry(), focus="department")

    # entries --------------------------------------------------------------------------

    def _make_entry(self, frame: GroupFrame, entries_path: str, e: int, count: int) -> EntryRow:
        holder = QWidget()
        entry_body = QVBoxLayout(holder)
        entry_body.setContentsMargins(0, 0, 0, 0)
        entry_body.setSpacing(2)
        entry_header = QHBoxLayout()
        department = self.line(f"{entries_path}[{e}].department", "部门（不印出，用于查找和补全）")
        department.setCompleter(self._completer)  # one for all: each field takes it when focused
        department.setMaximumWidth(department.fontMetrics().horizontalAdvance("国家税务总局四川省税务局") + 24)
        entry_header.addWidget(department)
        entry_header.addStretch(1)
        entry_body.addLayout(entry_header)
        text = self.paragraph(f"{entries_path}[{e}].text", "动态内容", min_lines=3)
        text._max_lines = 20
        entry_body.addWidget(text)
        move = self._move_button()
        row = self.list_row(entries_path, e, count, holder, number="　", extra=[move], header=entry_header)
        move.menu().aboutToShow.connect(lambda: self._fill_move_menu(move.menu(), row))
        frame.entries.insertWidget(len(frame.entry_rows), row)
        row.show()
        return EntryRow(row, department, text, move)

    def _move_button(self) -> QToolButton:
        button = QToolButton()
        button.setText("⇄")
        button.setToolTip("移到其他分组（Alt+PgUp / Alt+PgDn 移到上一组 / 下一组）")
        button.setAutoRaise(True)
        button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(QMenu(button))
        return button

    def _fill_move_menu(self, menu: QMenu, row: ListRow) -> None:
        """The other groups, as they are when the menu opens."""
        menu.clear()
        g = int(row.list_path.split("[", 1)[1].split("]", 1)[0])
        e = row.index
        for target, group in enumerate(self.editor.issue.dynamics.groups):
            if target == g:
                continue
            action = QAction(f"移到：{group.title or f'第{target + 1}组（未命名）'}", menu)
            action.triggered.connect(lambda _checked=False, t=target: self.editor.move_entry_to_group(g, e, t))
            menu.addAction(action)
