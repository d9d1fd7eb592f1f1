"""What every tab has: fields bound to paths of the issue, editable lists, tab order as on the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6 import QtCore, QtWidgets  # QtWidgets.X: made by PySide when first used (报头 has no buttons)
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.model import Issue

from .. import binding, style
from ..fields import CheckField, CountField, DateField, LineField, ParagraphField
from ..qt_names import set_enum_property



class Editor(Protocol):
    """What a page needs from the window that holds it."""

    @property
    def issue(self) -> Issue: ...

    def edit(self, path: str, value: Any) -> None: ...
    def field_left(self) -> None: ...
    def insert_item(self, list_path: str, index: int, item: Any, focus: str | None = None) -> None: ...
    def remove_item(self, list_path: str, index: int) -> None: ...
    def move_item(self, list_path: str, index: int, delta: int) -> None: ...
    def enter_pressed(self, widget: QWidget) -> None: ...
    def key_pressed(self) -> None: ...


_keys: dict[str, Any] = {}  # made at the first key: QtCore.Qt is not touched before the first paint (qt_names.py)


def _key_tables() -> dict[str, Any]:
    if not _keys:
        Qt = QtCore.Qt
        ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
        _keys["undo"] = {(Qt.Key.Key_Z, ctrl): "undo", (Qt.Key.Key_Y, ctrl): "redo", (Qt.Key.Key_Z, ctrl | shift): "redo"}
        _keys["enter"] = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        _keys["modifiers"] = (Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta)
    return _keys


def own_history(widget: QWidget, step: str) -> bool:
    """Whether a text field can undo (``step`` "undo") or redo typing of its own."""
    if isinstance(widget, QtWidgets.QLineEdit):
        return widget.isUndoAvailable() if step == "undo" else widget.isRedoAvailable()
    if isinstance(widget, QtWidgets.QTextEdit):
        document = widget.document()
        return document.isUndoAvailable() if step == "undo" else document.isRedoAvailable()
    return False


def forget_own_history(widget: QWidget) -> None:
    """After a structural step: the field's own Ctrl+Z no longer reaches back past it."""
    if isinstance(widget, QtWidgets.QTextEdit):
        widget.document().clearUndoRedoStacks()
    elif isinstance(widget, QtWidgets.QLineEdit) and (widget.isUndoAvailable() or widget.isRedoAvailable()):
        position = widget.cursorPosition()
        widget.setText(widget.text())  # QLineEdit has no other way to clear its history
        widget.setCursorPosition(position)


class FieldKeys(QtCore.QObject):
    """On a page's fields: Ctrl+Z/Ctrl+Y undo the field's own typing first, then the window's structural
    steps (撤销/重做 in 编辑); Enter and other keys are told to the editor (see IssueEditor.row_for_adding)."""

    def __init__(self, editor: Editor, parent: QtCore.QObject):
        super().__init__(parent)
        self.editor = editor

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if kind not in (QtCore.QEvent.Type.ShortcutOverride, QtCore.QEvent.Type.KeyPress):
            return False
        keys = _key_tables()
        modifiers = event.modifiers() & ~QtCore.Qt.KeyboardModifier.KeypadModifier
        step = keys["undo"].get((event.key(), modifiers))
        if step is not None:
            own = own_history(watched, step)
            if kind == QtCore.QEvent.Type.ShortcutOverride:
                event.setAccepted(own)  # not accepted: the window's 撤销/重做 takes the key
            elif own:
                getattr(watched, step)()
            return True
        if kind == QtCore.QEvent.Type.KeyPress:
            if event.key() in keys["enter"] and not modifiers:
                self.editor.enter_pressed(watched)
            elif event.key() not in keys["modifiers"]:
                self.editor.key_pressed()
        return False


class ListRow(QFrame):
    """A row of an editable list, knowing which list and which place in it (for the keyboard's row actions).

    Kept as Python attributes, not Qt properties: see binding_check.py.
    """

    def __init__(self, list_path: str, index: int):
        super().__init__()
        self.setObjectName("listRow")
        self.list_path, self.index = list_path, index
        self.number_label: QLabel | None = None
        self.up = self.down = self.remove = None

    def place(self, list_path: str, index: int, count: int, number: str | None = None) -> None:
        """Put the (reused) row at ``index`` of ``list_path`` among ``count``: its number and buttons follow."""
        self.list_path, self.index = list_path, index
        if number is not None and self.number_label is not None and self.number_label.text() != number:
            self.number_label.setText(number)
        if self.up is not None:
            across_groups = list_path.startswith("dynamics.groups[") and "entries" in list_path
            self.up.setEnabled(index > 0 or across_groups)
            self.down.setEnabled(index < count - 1 or across_groups)


class Page(QScrollArea):
    """A tab: a scrolling form rebuilt from the issue whenever its structure changes."""

    def __init__(self, editor: Editor, title: str = "", anchor: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.title = title
        self.anchor = anchor  # where the preview scrolls to when this tab is shown
        self.fields: dict[str, QWidget] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._order: list[QWidget] = []
        self._keys = FieldKeys(editor, self)

    # building -----------------------------------------------------------------

    def rebuild(self) -> None:
        """Make the page afresh from the issue (after loading, adding, deleting, moving)."""
        self.fields = {}
        self._order = []
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        inner, layout = self.page_body()
        self.populate(layout)
        layout.addStretch(1)
        self.setWidget(inner)
        for first, second in zip(self._order, self._order[1:]):
            QWidget.setTabOrder(first, second)

    @staticmethod
    def page_body() -> tuple[QWidget, QVBoxLayout]:
        """The widget a page's fields sit on, with the pages' margins and spacing."""
        inner = QWidget()
        inner.setObjectName("page")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(10)
        return inner, layout

    def populate(self, layout: QVBoxLayout) -> None:
        raise NotImplementedError

    def refresh_values(self) -> None:
        """Show values changed outside the field (computed year to date, …) without rebuilding."""
        issue = self.editor.issue
        for path, widget in self.fields.items():
            if widget.hasFocus() and not isinstance(widget, (CountField,)):
                continue
            try:
                value = binding.get_value(issue, path)
            except (AttributeError, IndexError, ValueError):
                continue
            if hasattr(widget, "set_value") and not widget.hasFocus():
                widget.set_value(self._shown(widget, value))

    @staticmethod
    def _shown(widget: QWidget, value: Any) -> Any:
        if isinstance(widget, CheckField):
            return bool(value)
        return value

    # fields -------------------------------------------------------------------

    def _bind(self, widget: QWidget, path: str, value: Any = None, to_model: Callable[[Any], Any] | None = None) -> QWidget:
        convert = to_model or (lambda v: v)
        # The path is read when edited: a reused field (see rebind) edits the path it shows now.
        widget.edited.connect(lambda v, w=widget: self.editor.edit(w.bound_path, convert(v)))
        widget.left.connect(self.editor.field_left)
        widget.installEventFilter(self._keys)
        return self.rebind(widget, path, value)

    def rebind(self, widget: QWidget, path: str, value: Any = None) -> QWidget:
        """Show ``path`` in a field made by ``_bind`` (made now, or kept from the last rebuild)."""
        if value is None and path:
            value = binding.get_value(self.editor.issue, path)
        widget.bound_path = path
        widget.set_value(value)
        self.fields[path] = widget
        self._order.append(widget)
        return widget

    def line(self, path: str, placeholder: str = "") -> LineField:
        return self._bind(LineField(placeholder=placeholder), path)  # type: ignore[return-value]

    def count(self, path: str, placeholder: str = "") -> CountField:
        return self._bind(CountField(placeholder=placeholder), path)  # type: ignore[return-value]

    def date(self, path: str) -> DateField:
        return self._bind(DateField(), path)  # type: ignore[return-value]

    def paragraph(self, path: str, placeholder: str = "", min_lines: int = 2) -> ParagraphField:
        return self._bind(ParagraphField(placeholder=placeholder, min_lines=min_lines), path)  # type: ignore[return-value]

    def register(self, path: str, widget: QWidget) -> None:
        """A widget that marks problems of ``path`` without editing it (a list as a whole)."""
        self.fields[path] = widget

    # layout helpers -----------------------------------------------------------

    @staticmethod
    def form() -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        set_enum_property(form, "labelAlignment", "AlignRight|AlignVCenter")  # at start-up too: qt_names.py
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(8)
        return form

    @staticmethod
    def section(title: str, hint: str = "") -> QWidget:
        box = QWidget()
        row = QVBoxLayout(box)
        row.setContentsMargins(0, 8, 0, 0)
        row.setSpacing(2)
        label = QLabel(title)
        label.setObjectName("sectionTitle")
        style.section_title(label)
        row.addWidget(label)
        if hint:
            row.addWidget(Page.hint(hint))
        return box

    @staticmethod
    def hint(text: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName("hint")
        label.setWordWrap(True)
        style.hint(label)
        return label

    @staticmethod
    def button(text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # the keyboard uses the shortcuts in 编辑
        policy = QtWidgets.QSizePolicy.Policy
        button.setSizePolicy(policy.Maximum, policy.Fixed)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    @staticmethod
    def tool(text: str, tip: str, slot: Callable[[], None]) -> QtWidgets.QToolButton:
        button = QtWidgets.QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def list_row(self, list_path: str, index: int, count: int, body: QWidget | QHBoxLayout | QGridLayout,
                 number: str = "", extra: list[QWidget] | None = None, header: QHBoxLayout | None = None) -> QFrame:
        """A row of an editable list: its number, its fields, and up/down/delete buttons.

        The buttons go at the end of ``header`` (the row's first line) when given, else in a column at the right.
        """
        row = ListRow(list_path, index)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(6)
        if number:
            label = QLabel(number)
            label.setObjectName("rowNumber")
            style.row_number(label)
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignTop)
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("（10）"))
            layout.addWidget(label)
            row.number_label = label
        if isinstance(body, QWidget):
            layout.addWidget(body, 1)
        else:
            layout.addLayout(body, 1)
        # The row's place is read when clicked: a reused row (DynamicsPage) acts where it is now.
        up = self.tool("↑", "上移（Alt+↑）", lambda: self.editor.move_item(row.list_path, row.index, -1))
        down = self.tool("↓", "下移（Alt+↓）", lambda: self.editor.move_item(row.list_path, row.index, +1))
        remove = self.tool("✕", "删除（Ctrl+D）", lambda: self.editor.remove_item(row.list_path, row.index))
        row.up, row.down, row.remove = up, down, remove
        row.place(list_path, index, count)
        remove.setObjectName("removeButton")
        tools = QHBoxLayout()
        tools.setSpacing(0)
        for widget in [up, down, *(extra or []), remove]:
            tools.addWidget(widget)
        if header is not None:
            header.addLayout(tools)
        else:
            buttons = QVBoxLayout()
            buttons.setSpacing(0)
            buttons.addLayout(tools)
            buttons.addStretch(1)
            layout.addLayout(buttons)
        return row
