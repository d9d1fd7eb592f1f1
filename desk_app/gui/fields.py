"""Field editors: digits-only counts, nullable dates, single lines and growing paragraphs.

Every editor emits ``edited`` with its new value as the clerk types and ``left``
when focus leaves it (the moment to save at once). Enter moves on to the next
field, as a clerk filling a form expects. ``set_problem`` marks the field.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6 import QtCore, QtWidgets  # QtWidgets.QSizePolicy: made by PySide when first used, not at start-up
from PySide6.QtCore import QDate, QEvent, QMimeData, QSize, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLineEdit, QTextEdit, QWidget

from .qt_names import set_enum_property
from .style import MARK_STYLE

_NULL_DATE = QDate(2000, 1, 1)  # QDateEdit cannot be empty: its minimum stands for "not entered"
_SEPARATORS = r"[\s,，、']"  # compiled (and cached by re) at the first keystroke, not at start-up


def _to_ascii_digits(text: str) -> str:
    """Full-width digits typed with a Chinese IME (１２３) → 123; thousands separators dropped."""
    import unicodedata  # only for what is typed or pasted, not at start-up

    text = unicodedata.normalize("NFKC", text)
    return re.sub(_SEPARATORS, "", text)


class CountValidator(QValidator):
    """Digits only (up to nine); pasted 「1,748」 or full-width 「１７４８」 become 1748."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if text.isascii() and text.isdigit() and len(text) <= 9:  # as typed or stored: nothing to clean
            return QValidator.State.Acceptable, text, pos
        cleaned = _to_ascii_digits(text)
        if cleaned == "" or (cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 9):
            pos = max(0, min(len(cleaned), pos - (len(text) - len(cleaned))))
            return QValidator.State.Acceptable, cleaned, pos
        return QValidator.State.Invalid, text, pos


def mark(widget: QWidget, severity: str, message: str) -> None:
    """Mark a widget with a problem ("error"/"warning") or clear it (""); its own tooltip stays below.

    What is shown is kept on the Python object, never read back from Qt: a Qt property
    that is unset comes back as None, and PySide6 6.12.0 loses a reference to None with
    each such call (binding_check.py).
    """
    shown = getattr(widget, "_shown_mark", None)
    if shown is None:  # first mark: what the tooltip said before is the widget's own
        shown = widget._shown_mark = ("", "", widget.toolTip())  # type: ignore[attr-defined]
    own_tip = shown[2]
    if shown[:2] == (severity, message):
        return
    widget._shown_mark = (severity, message, own_tip)  # type: ignore[attr-defined]
    widget.setProperty("problem", severity)  # for the style sheet's selectors only
    widget.setToolTip("\n".join(t for t in (message, own_tip) if t))
    # Only a marked widget carries the style sheet that draws the mark (style.py says why).
    sheet = MARK_STYLE if severity else ""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
    elif sheet:  # from error to warning: the sheet's selectors must see the new property
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
    widget.update()


def shown_problem(widget: QWidget) -> str:
    """The mark a widget shows: "error", "warning" or "" (none)."""
    shown = getattr(widget, "_shown_mark", None)
    return shown[0] if shown else ""


class LineField(QLineEdit):
    """A single line of text."""

    edited = Signal(object)
    left = Signal()

    def __init__(self, parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.textEdited.connect(lambda text: self.edited.emit(text))
        self.returnPressed.connect(self.focusNextChild)

    def value(self) -> str:
        return self.text()

    def set_value(self, value: str) -> None:
        if value != self.text():
            self.setText(value)
            self.setCursorPosition(0)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()

    set_problem = mark


class CountField(LineField):
    """A count: digits only, empty while not entered."""

    def __init__(self, parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(parent, placeholder)
        self.setValidator(CountValidator(self))
        # By name: the 报头 tab, shown at start-up, has counts (qt_names.py says why).
        set_enum_property(self, "alignment", "AlignRight|AlignVCenter")
        self.setMaxLength(12)
        set_enum_property(self, "inputMethodHints", "ImhDigitsOnly")
        self.textEdited.disconnect()
        self.textEdited.connect(lambda _text: self.edited.emit(self.value()))

    def value(self) -> int | None:  # type: ignore[override]
        text = self.text()
        return int(text) if text else None

    def set_value(self, value: int | None) -> None:  # type: ignore[override]
        text = "" if value is None else str(value)
        if text != self.text():
            self.setText(text)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("0") * 10 + 16, hint.height())


class DateField(QDateEdit):
    """A date, with a calendar; its minimum stands for "not entered yet"."""

    edited = Signal(object)
    left = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy年M月d日")
        self.setMinimumDate(_NULL_DATE)
        self.setSpecialValueText("未填写")
        self.setDate(_NULL_DATE)
        self._setting = False
        self.dateChanged.connect(self._changed)

    def _changed(self, _qdate: QDate) -> None:
        if not self._setting:
            self.edited.emit(self.value())

    def value(self) -> date | None:
        qdate = self.date()
        if qdate == _NULL_DATE:
            return None
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None) -> None:
        self._setting = True
        try:
            self.setDate(_NULL_DATE if value is None else QDate(value.year, value.month, value.day))
        finally:
            self._setting = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002
        # Tab leaves the field as in every other field (QDateEdit would step through year/month/day).
        return QWidget.focusNextPrevChild(self, next)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()

    set_problem = mark


class ParagraphField(QTextEdit):
    """A paragraph of the bulletin: wraps, grows with its text, one paragraph only.

    Enter moves on (a bulletin paragraph has no line breaks); pasted line breaks
    are joined, as text copied from a chat or an e-mail usually has them.
    """

    edited = Signal(object)
    left = Signal()

    def __init__(self, parent: QWidget | None = None, placeholder: str = "", min_lines: int = 2, max_lines: int = 12):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        policy = QtWidgets.QSizePolicy.Policy
        self.setSizePolicy(policy.Expanding, policy.Fixed)
        self._min_lines, self._max_lines = min_lines, max_lines
        self._setting = False
        self.textChanged.connect(self._changed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit_height())
        self._fit_height()

    def _changed(self) -> None:
        if not self._setting:
            self.edited.emit(self.value())

    def _fit_height(self) -> None:
        if self._setting:
            return
        line = self.fontMetrics().lineSpacing()
        content = self.document().size().height()
        margins = self.contentsMargins()
        lines_high = max(self._min_lines * line, min(self._max_lines * line, content))
        height = int(lines_high + margins.top() + margins.bottom() + 2 * self.document().documentMargin() / 2 + 2)
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        self._fit_height()

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: str) -> None:
        if value != self.toPlainText():
            self._setting = True  # fitted once, after: fitting at each step of the layout was 2–3× slower
            try:
                self.setPlainText(value)
            finally:
                self._setting = False
            self._fit_height()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        Qt = QtCore.Qt
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            text = "".join(line.strip() for line in source.text().splitlines())
            self.textCursor().insertText(text)
            return
        super().insertFromMimeData(source)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            result = super().event(event)
            self.left.emit()
            return result
        return super().event(event)

    set_problem = mark


class CheckField(QCheckBox):
    edited = Signal(object)
    left = Signal()

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.clicked.connect(lambda checked: self.edited.emit(checked))

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: bool) -> None:
        self.setChecked(bool(value))

    set_problem = mark
