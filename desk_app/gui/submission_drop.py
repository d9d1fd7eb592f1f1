"""三、窗口动态 takes departments' submissions dropped on it (a text, or a .docx or .txt file).

Only the drop target lives here, made after the window's first paint: what reads, splits and
cleans a submission (gui/paste_cleanup.py, its rules and their patterns) is imported at the
first drop, not at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer, QUrl

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from .main_window import MainWindow

DYNAMICS_MODULE = "dynamics"


def copy_mime(mime: QMimeData) -> QMimeData:
    """What a drop or the clipboard held, kept after the drop is over."""
    kept = QMimeData()
    if mime.hasUrls():
        kept.setUrls([QUrl(url) for url in mime.urls()])
    if mime.hasText():
        kept.setText(mime.text())
    return kept


def _acceptable(mime: QMimeData) -> bool:
    if mime.hasUrls():
        return any(url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in (".docx", ".txt") for url in mime.urls())
    return mime.hasText()


def _take(window: MainWindow, mime: QMimeData) -> None:
    from .paste_cleanup import take_submission

    take_submission(window, mime)


class SubmissionDropTarget(QObject):
    """Drops on 三、窗口动态 outside its fields: a text or a .docx becomes entries (fields take text themselves)."""

    def __init__(self, window: MainWindow, holder: QWidget):
        super().__init__(holder)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if _acceptable(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and _acceptable(event.mimeData()):
            event.acceptProposedAction()
            kept = copy_mime(event.mimeData())
            # After the drop is over: the source (Explorer, WeChat) is not kept waiting on our dialog.
            QTimer.singleShot(0, lambda: _take(self.window, kept))
            return True
        return False


def accept_submissions(window: MainWindow) -> QWidget:
    """Make the 三、窗口动态 tab a drop target for departments' submissions; returns the widget that takes them."""
    from .editor import TABS

    index = next(i for i, tab in enumerate(TABS) if tab.module == DYNAMICS_MODULE)
    holder = window.editor.tabs.widget(index)
    if getattr(holder, "_submission_target", None) is None:
        holder.setAcceptDrops(True)
        holder._submission_target = SubmissionDropTarget(window, holder)  # type: ignore[attr-defined]
        holder.installEventFilter(holder._submission_target)
    return holder
