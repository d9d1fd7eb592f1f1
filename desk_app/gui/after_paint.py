"""Work that waits until the window has painted what just changed (opening an issue: the preview).

Opening an issue fills the editor's page first, so that the clerk sees it and can type
at once; the preview and the problem list are made after that paint, once however often
they were asked for meanwhile (switching quickly through the list makes them once).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Runs ``work`` after ``window``'s next repaint (or after ``fallback_ms``, should none come)."""

    def __init__(self, window: QWidget, work: Callable[[], None], fallback_ms: int = 100):
        super().__init__(window)
        self._window, self._work, self._fallback_ms = window, work, fallback_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run_now)
        self.pending = False

    def request(self) -> None:
        if self.pending:
            return
        self.pending = True
        self._window.installEventFilter(self)
        self._timer.start(self._fallback_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The window's UpdateRequest paints its dirty widgets while it is handled: a zero timer
        # started now runs once that paint is done.
        if watched is self._window and event.type() == QEvent.Type.UpdateRequest and self.pending:
            self._timer.start(0)
        return False

    def run_now(self) -> None:
        """Do the waiting work now (tests, or before something reads what it makes)."""
        if not self.pending:
            return
        self.cancel()
        self._work()

    def cancel(self) -> None:
        self.pending = False
        self._timer.stop()
        self._window.removeEventFilter(self)
