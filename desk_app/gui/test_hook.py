"""A command channel for the crash-safety test (``DESK_APP_TEST_HOOK=stdin``), never on in normal use.

Each line on standard input is a JSON command, answered by one line on standard output:
  {"cmd": "ping"}                                → ok
  {"cmd": "type", "path": "headline", "text": "…", "clear": true} → types into that field (key events)
  {"cmd": "key", "path": "…", "key": "Tab"}      → one key press in that field
  {"cmd": "new"}                                 → Ctrl+N (new issue)
  {"cmd": "state"}                               → ok {"key": "2023-7", "dirty": false, "previews": 12, "listed": 40, "collecting": true}
  {"cmd": "quit"}                                → ok, then the window closes (saving) and the program ends
"""

from __future__ import annotations

import gc
import json
import sys
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal


class StdinCommands(QObject):
    received = Signal(str)

    def __init__(self, window) -> None:  # noqa: ANN001
        super().__init__(window)
        self.window = window
        self.received.connect(self._run)  # queued: the reader thread only reads
        self.previews = 0  # how often the preview was redrawn
        window.preview.textChanged.connect(self._count_preview)
        threading.Thread(target=self._read, name="test-hook", daemon=True).start()
        self._answer("ready")

    def _count_preview(self) -> None:
        self.previews += 1

    def _read(self) -> None:
        for line in sys.stdin:
            if line.strip():
                self.received.emit(line)

    @staticmethod
    def _answer(text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def _run(self, line: str) -> None:
        from PySide6.QtGui import QInputMethodEvent
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        try:
            command = json.loads(line)
            name = command["cmd"]
            window = self.window
            if name == "ping":
                pass
            elif name == "type":
                widget = window.editor.focus_field(command["path"])
                if widget is None:
                    raise LookupError(f"no field {command['path']}")
                if command.get("clear"):
                    widget.selectAll()
                    QTest.keyClick(widget, Qt.Key.Key_Delete)
                for char in command["text"]:
                    if char.isascii():
                        QTest.keyClicks(widget, char)
                    else:  # as an input method (拼音) commits it; QTest cannot press 中
                        event = QInputMethodEvent()
                        event.setCommitString(char)
                        QApplication.sendEvent(widget, event)
            elif name == "key":
                widget = window.editor.focus_field(command["path"])
                key = getattr(Qt.Key, f"Key_{command['key']}")
                QTest.keyClick(widget, key)
            elif name == "quit":
                QTimer.singleShot(0, window.close)
            elif name == "new":
                window.new_issue()
            elif name == "state":
                session = window.session
                state = {
                    "key": str(session.stored_key) if session else None,
                    "dirty": bool(session and session.dirty),
                    "previews": self.previews,
                    "listed": window.model.rowCount(),  # 0 until the list is read after the first paint
                    "collecting": gc.isenabled(),  # the garbage collector, held during the start (collector.py)
                }
                self._answer("ok " + json.dumps(state))
                return
            else:
                raise ValueError(f"unknown command {name}")
        except Exception as exc:
            self._answer(f"error {type(exc).__name__}: {exc}")
            return
        self._answer("ok")
