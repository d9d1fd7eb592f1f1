"""The tabs of one issue and every edit made in them.

Field edits change the issue in memory and schedule a save (see session.py);
list edits (add, delete, move) are steps of the undo stack (undo.py) and rebuild
the tab. Values that follow from others (year to date, the authorised count, the
approvals' dates) are recomputed here through :mod:`desk_app.domain.carry`.
"""

from __future__ import annotations

import copy
import importlib
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QTabWidget, QVBoxLayout, QWidget

from desk_app.domain.model import Entry, Group, InspectionItem, Issue, NewlyAuthorized

from . import binding, undo
from .dialogs import Dialogs
from .fields import mark
from .pages.base import ListRow, Page
from .session import IssueSession

if TYPE_CHECKING:
    from desk_app.domain.problems import Problem  # imported with validation, after the window is shown


class Tab(NamedTuple):
    title: str
    anchor: str  # where the preview scrolls to when the tab is shown
    module: str  # the page's module in desk_app.gui.pages
    page: str  # its class there


# A tab's page is made, and its module imported, when the tab is first shown (or asked for):
# the window's first paint needs only the tab it opens on.
TABS = (
    Tab("报头", "", "masthead", "MastheadPage"),
    Tab("一、综窗改革", "section-reform", "reform", "ReformPage"),
    Tab("二、受理办理", "section-approvals", "approvals", "ApprovalsPage"),
    Tab("三、窗口动态", "section-dynamics", "dynamics", "DynamicsPage"),
    Tab("四、大厅巡查", "section-inspection", "inspection", "InspectionPage"),
    Tab("报尾", "distribution", "distribution", "DistributionPage"),
)
_ENTRIES = re.compile(r"^dynamics\.groups\[(\d+)\]\.entries$")
_NEW_ITEM = {
    "reform.authorization.newly_authorized": (NewlyAuthorized, "name"),
    "reform.progress.items": (str, ""),
    "dynamics.groups": (Group, "title"),
    "inspection.items": (InspectionItem, "item"),
}


_LISTS_NEAR = (
    ("reform.authorization.", "reform.authorization.newly_authorized"),
    ("reform.progress.", "reform.progress.items"),
    ("dynamics.title", "dynamics.groups"),
    ("inspection.", "inspection.items"),
)


def page_index_for(path: str) -> int:
    """Which tab shows the field ``path``."""
    head = path.split(".", 1)[0].split("[", 1)[0]
    # Pages are named after the part of the issue they edit; headline, period and format are on 报头.
    return next((index for index, tab in enumerate(TABS) if tab.module == head), 0)


def _describe(item: Any) -> str:
    text = item if isinstance(item, str) else getattr(item, "text", "") or getattr(item, "name", "") or getattr(item, "item", "") or getattr(item, "title", "")
    text = text.strip()
    return f"「{text[:30]}{'…' if len(text) > 30 else ''}」" if text else ""


def _has_content(item: Any) -> bool:
    if isinstance(item, str):
        return bool(item.strip())
    if isinstance(item, Group):
        return bool(item.title.strip()) or bool(item.entries)
    if isinstance(item, InspectionItem):
        return bool(item.item.strip())
    return any(str(v).strip() for v in vars(item).values())


class IssueEditor(QWidget):
    """The six tabs of the issue in ``session``."""

    content_changed = Signal()
    structure_changed = Signal()
    told = Signal(str)  # a message for the status bar

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.dialogs = dialogs
        self.session: IssueSession | None = None
        self._departments: list[str] | None = None
        self.problems: list[Problem] = []
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._pages: list[Page | None] = [None] * len(TABS)
        self._holders: list[QVBoxLayout] = []
        for tab in TABS:
            holder = QWidget()  # the page goes in when it is made
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            self._holders.append(box)
            self.tabs.addTab(holder, tab.title)
        self._stale = [True] * len(TABS)
        self.tabs.currentChanged.connect(self._ensure_built)
        self.undo_stack = undo.make_stack(self)
        self._enter_left: tuple[QWidget, tuple[str, int] | None] | None = None
        self._moved_on: tuple[QWidget | None, tuple[str, int]] | None = None
        QApplication.instance().focusChanged.connect(self._focus_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    # what the pages ask --------------------------------------------------------

    @property
    def issue(self) -> Issue:
        assert self.session is not None
        return self.session.issue

    @property
    def previous(self) -> Issue | None:
        return self.session.previous if self.session else None

    def departments(self) -> list[str]:
        if self._departments is None:
            from desk_app.storage.repository import departments_used

            self._departments = departments_used()
        return self._departments

    # the pages ---------------------------------------------------------------------

    def page(self, index: int) -> Page:
        """The page of tab ``index``, made when first asked for."""
        page = self._pages[index]
        if page is None:
            tab = TABS[index]
            page_class = getattr(importlib.import_module(f"{__package__}.pages.{tab.module}"), tab.page)
            page = page_class(self, tab.title, tab.anchor)
            self._holders[index].addWidget(page)
            page.show()  # at once: a child added to a shown widget is otherwise shown only later, and takes no focus
            self._pages[index] = page
        return page

    @property
    def pages(self) -> list[Page]:
        """Every tab's page (made now, those not made yet)."""
        return [self.page(index) for index in range(len(TABS))]

    def _made_pages(self) -> list[tuple[int, Page]]:
        return [(index, page) for index, page in enumerate(self._pages) if page is not None]

    # loading ---------------------------------------------------------------------

    def set_session(self, session: IssueSession | None) -> None:
        self.session = session
        self.undo_stack.clear()  # steps of another issue
        self._departments = None
        self.problems = []
        self._stale = [True] * len(TABS)
        if session is not None:
            self._ensure_built(self.tabs.currentIndex())

    def _ensure_built(self, index: int) -> None:
        if self.session is None or index < 0 or not self._stale[index]:
            return
        self._stale[index] = False
        page = self.page(index)
        page.rebuild()
        self._mark_page(page)

    def build_all(self) -> None:
        for index in range(len(TABS)):
            self._ensure_built(index)

    def current_page(self) -> Page:
        return self.page(self.tabs.currentIndex())

    def _rebuild_current(self, focus: str | None = None) -> None:
        current = self.tabs.currentIndex()
        self._stale = [i != current for i in range(len(TABS))]
        page = self.page(current)
        page.rebuild()
        self._mark_page(page)
        if focus:
            self.focus_field(focus)

    # field edits ---------------------------------------------------------------------

    def edit(self, path: str, value: Any) -> None:
        session = self.session
        if session is None:
            return
        issue = session.issue
        from desk_app.domain import carry

        old = binding.get_value(issue, path)
        if old == value:
            return
        binding.set_value(issue, path, value)
        if path == "period.start" and old and value and issue.period.end == old + timedelta(days=4):
            issue.period.end = value + timedelta(days=4)  # a Monday–Friday stays one when its Monday moves
        if path.startswith("reform.window_stats.week."):
            carry.update_ytd_after_week_change(issue, session.previous, path.rsplit(".", 1)[1], old)
        elif path in ("masthead.year", "masthead.number") and issue.key is not None:
            session.refresh_previous()
        session.touch()
        self.current_page().refresh_values()
        self.content_changed.emit()

    def field_left(self) -> None:
        if self.session is not None:
            self.session.save_now()

    def recompute_ytd(self) -> None:
        from desk_app.domain import carry

        session = self.session
        if session is None:
            return
        computed = carry.computed_ytd(session.issue, session.previous)
        ytd = session.issue.reform.window_stats.ytd
        changed = False
        for name in ytd.FIELDS:
            value = getattr(computed, name)
            if value is not None and value != getattr(ytd, name):
                setattr(ytd, name, value)
                changed = True
        if changed:
            session.touch()
            self.current_page().refresh_values()
            self.content_changed.emit()

    def set_auto_date(self, path: str, auto: bool) -> None:
        """The approvals' from/to: automatic (unset) or the date shown, to be edited."""
        issue = self.issue
        shown = issue.approvals_from() if path.endswith("from") else issue.approvals_to()
        binding.set_value(issue, path, None if auto else shown)
        field = self.current_page().fields.get(path)
        if field is not None:
            field.setEnabled(not auto)
            if not auto:
                field.setFocus()
        assert self.session is not None
        self.session.touch()
        self.current_page().refresh_values()
        self.content_changed.emit()

    def copy_previous_progress(self) -> None:
        previous = self.previous
        if previous is None:
            return
        items = self.issue.reform.progress.items
        copied = list(previous.reform.progress.items)
        self._push(undo.InsertItems(self, f"复制上期的 {len(copied)} 条推进情况", "reform.progress.items", len(items), copied))

    # list edits: every one a step of the undo stack (undo.py) ---------------------------------

    def _push(self, step) -> None:  # noqa: ANN001 - a QUndoCommand; pushing it does it
        self.undo_stack.push(step)

    def list_at(self, list_path: str) -> list:
        return binding.get_value(self.issue, list_path)

    def list_changed(self, list_path: str, old_count: int, focus: str | None) -> None:
        """A step changed the list ``list_path`` (``old_count`` items before; -1: a move, as many as before)."""
        if list_path == "reform.authorization.newly_authorized" and old_count >= 0:
            from desk_app.domain import carry

            carry.update_authorized_after_newly_change(self.issue, self.previous, old_count)
        self._structure_edited(focus=focus, list_path=list_path)

    def _structure_edited(self, focus: str | None = None, list_path: str | None = None) -> None:
        assert self.session is not None
        self.session.touch()
        shown = focus or list_path
        index = page_index_for(shown) if shown else self.tabs.currentIndex()
        if index != self.tabs.currentIndex():  # a step undone on another tab: show it there
            self.tabs.setCurrentIndex(index)
        self._rebuild_current()
        if focus:
            self.focus_field(self._first_field(focus))
        self.content_changed.emit()
        self.structure_changed.emit()

    def insert_item(self, list_path: str, index: int, item: Any, focus: str | None = None) -> None:
        self._push(undo.InsertItems(self, f"添加{self._kind(list_path)}", list_path, index, [item], f".{focus}" if focus else ""))

    def items(self, list_path: str) -> list:
        return binding.get_value(self.issue, list_path)

    @staticmethod
    def list_near(path: str) -> str | None:
        """The list a field outside any list leads to (Ctrl+Enter in 推进情况's title adds an item)."""
        for prefix, list_path in _LISTS_NEAR:
            if path.startswith(prefix):
                return list_path
        return None

    def new_item_after(self, list_path: str, index: int) -> None:
        if _ENTRIES.match(list_path):
            factory, focus = Entry, "department"
        elif list_path in _NEW_ITEM:
            factory, focus = _NEW_ITEM[list_path]
        else:
            return
        self.insert_item(list_path, index + 1, factory(), focus or None)

    def remove_item(self, list_path: str, index: int) -> None:
        """Delete without asking: the step can be undone, and the status bar says how."""
        items = binding.get_value(self.issue, list_path)
        if not 0 <= index < len(items):
            return
        item = items[index]
        what = self._kind(list_path)
        self._push(undo.RemoveItem(self, f"删除{what}", list_path, index))
        if _has_content(item):
            extra = f"及其中的 {len(item.entries)} 条动态" if isinstance(item, Group) and item.entries else ""
            self.told.emit(f"已删除{what}{_describe(item)}{extra}（Ctrl+Z 撤销）")

    def move_item(self, list_path: str, index: int, delta: int) -> None:
        items = binding.get_value(self.issue, list_path)
        target = index + delta
        match = _ENTRIES.match(list_path)
        if match and not 0 <= target < len(items):
            # Past the first or last entry of a group: on into the neighbouring group.
            group = int(match.group(1))
            neighbour = group + (1 if delta > 0 else -1)
            if 0 <= neighbour < len(self.issue.dynamics.groups):
                self.move_entry_to_group(group, index, neighbour, at_start=delta > 0)
            return
        if not 0 <= target < len(items) or not 0 <= index < len(items):
            return
        sub = self._focused_subfield(list_path, index)
        self._push(undo.MoveItem(self, f"{'上移' if delta < 0 else '下移'}{self._kind(list_path)}",
                                 (list_path, index), (list_path, target), sub))

    def move_entry_to_group(self, group: int, index: int, target_group: int, at_start: bool = False) -> None:
        groups = self.issue.dynamics.groups
        if not (0 <= group < len(groups) and 0 <= target_group < len(groups) and 0 <= index < len(groups[group].entries)):
            return
        sub = self._focused_subfield(f"dynamics.groups[{group}].entries", index) or ".text"
        position = 0 if at_start else len(groups[target_group].entries)
        self._push(undo.MoveItem(self, "动态移到其他分组", (f"dynamics.groups[{group}].entries", index),
                                 (f"dynamics.groups[{target_group}].entries", position), sub))

    # Enter, then Ctrl+Enter: the row the clerk was typing in -----------------------------

    def enter_pressed(self, widget: QWidget) -> None:
        """Enter in a field moves the cursor on (fields.py): Ctrl+Enter next still means the row it left."""
        self._enter_left = (widget, self._row_of(widget))
        self._moved_on = None

    def key_pressed(self) -> None:
        self._enter_left = self._moved_on = None

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        left = self._enter_left
        self._enter_left = None
        self._moved_on = (new, left[1]) if left is not None and old is left[0] and left[1] is not None else None

    def row_left_by_enter(self) -> tuple[str, int] | None:
        """The row Enter has just moved the cursor out of (nothing pressed since), if any.

        Ctrl+Enter adds below it: after Enter at the end of a group's last entry the cursor is
        in the next group's title, yet the clerk means the entry just typed.
        """
        moved_on = self._moved_on
        if moved_on is not None and moved_on[0] is QApplication.focusWidget():
            return moved_on[1]
        return None

    def _kind(self, list_path: str) -> str:
        if _ENTRIES.match(list_path):
            return "动态"
        return {
            "reform.authorization.newly_authorized": "新增授权部门",
            "reform.progress.items": "推进情况条目",
            "dynamics.groups": "分组",
            "inspection.items": "巡查项目",
        }.get(list_path, "条目")

    def _focused_subfield(self, list_path: str, index: int) -> str:
        """The part of the focused field's path after ``list_path[index]`` (".text"), if it is in that row."""
        path = self.focused_path()
        prefix = f"{list_path}[{index}]"
        if path and path.startswith(prefix):
            return path[len(prefix):]
        return ""

    def _first_field(self, row_path: str) -> str:
        for suffix in ("", ".department", ".name", ".title", ".item", ".text"):
            if row_path + suffix in self.current_page().fields or suffix == ".text":
                return row_path + suffix
        return row_path

    # the row the keyboard is in -------------------------------------------------------

    def focused_path(self) -> str | None:
        focus = QApplication.focusWidget()
        for path, widget in self.current_page().fields.items():
            if widget is focus:
                return path
        return None

    def focused_row(self) -> tuple[str, int] | None:
        return self._row_of(QApplication.focusWidget())

    def _row_of(self, widget: QWidget | None) -> tuple[str, int] | None:
        while widget is not None and widget is not self:
            if isinstance(widget, ListRow):
                return widget.list_path, widget.index
            widget = widget.parentWidget()
        return None

    # focus and problems ----------------------------------------------------------

    def focus_field(self, path: str) -> QWidget | None:
        """Show the tab of ``path`` and put the cursor in its field (or the nearest enclosing one)."""
        index = page_index_for(path)
        if self.tabs.currentIndex() != index:
            self.tabs.setCurrentIndex(index)
        self._ensure_built(index)
        page = self.page(index)
        widget = self._widget_for(page, path)
        if widget is None:
            return None
        page.ensureWidgetVisible(widget, 40, 60)
        widget.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        return widget

    @staticmethod
    def _widget_for(page: Page, path: str) -> QWidget | None:
        for candidate in (path, *binding.parents(path)):
            if candidate in page.fields:
                return page.fields[candidate]
        return None

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = problems
        for index, page in self._made_pages():
            if not self._stale[index]:
                self._mark_page(page)

    def _mark_page(self, page: Page) -> None:
        found: dict[int, tuple[QWidget, list[Problem]]] = {}
        for problem in self.problems:
            if not problem.field:
                continue
            widget = self._widget_for(page, problem.field)
            if widget is not None:
                found.setdefault(id(widget), (widget, []))[1].append(problem)
        for widget in page.fields.values():
            entry = found.get(id(widget))
            if entry is None:
                mark(widget, "", "")
                continue
            _, problems = entry
            severity = "error" if any(p.is_error for p in problems) else "warning"
            mark(widget, severity, "\n".join(p.message_zh() for p in problems))

    def refresh_all_values(self) -> None:
        for index, page in self._made_pages():
            if not self._stale[index]:
                page.refresh_values()

    def snapshot(self) -> Issue:
        return copy.deepcopy(self.issue)
