"""The application's look: marks for problems, section titles, hints.

Set in code (fonts and palettes) rather than by an application-wide style sheet:
such a sheet sends every widget through Qt's style-sheet style, which costs
about 14 ms before the window is first on screen. Style sheets remain only on
the few widgets that need borders or backgrounds a palette cannot give: a
field while it is marked, a group of 窗口动态.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

SECTION_TITLE = "#1f3b63"
HINT = "#5f6770"
EMPTY_HINT = "#4a4a4a"
ROW_NUMBER = "#444444"
PROBLEM_TITLE = "#333333"
PREVIEW_EDGE = "#d0d0d0"

# A marked field (its "problem" property is "error" or "warning"); see fields.mark.
MARK_STYLE = """
*[problem="error"] { border: 2px solid #d32f2f; border-radius: 3px; background: #fff6f6; }
*[problem="warning"] { border: 2px solid #e6a100; border-radius: 3px; background: #fffbea; }
"""
GROUP_FRAME_STYLE = "QFrame#groupFrame { background: #f7f9fc; border: 1px solid #d5dbe5; border-radius: 4px; padding: 4px; }"


def _escape(text: str) -> str:
    """Plain text for a rich-text label (the html module would cost its import at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def set_text_color(widget: QWidget, color: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    widget.setPalette(palette)


def set_background(widget: QWidget, color: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(color))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


def paper(view: QWidget) -> None:
    """White behind the preview, as the printed page (also under a dark system theme)."""
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    view.setPalette(palette)


def bold(label: QLabel) -> None:
    font = label.font()
    font.setBold(True)
    label.setFont(font)


def section_title(label: QLabel) -> None:
    """Bold, dark blue."""
    bold(label)
    set_text_color(label, SECTION_TITLE)
    label.setContentsMargins(0, 2, 0, 2)


def hint(label: QLabel) -> None:
    set_text_color(label, HINT)


def empty_hint(label: QLabel, text: str) -> None:
    """12 pt, grey. (Bold and size of labels made before the first paint are rich text: a QFont would
    have PySide make QFont's enums first, about 1 ms.)"""
    set_text_color(label, EMPTY_HINT)
    label.setText(f'<span style="font-size:12pt">{_escape(text).replace(chr(10), "<br>")}</span>')


def row_number(label: QLabel) -> None:
    set_text_color(label, ROW_NUMBER)
    label.setContentsMargins(0, 4, 0, 0)


def problem_title(label: QLabel, text: str = "") -> None:
    """Bold (as rich text, see empty_hint), dark grey."""
    set_text_color(label, PROBLEM_TITLE)
    label.setText(f"<b>{_escape(text)}</b>" if text else "")
