"""``DESK_APP_SCREENSHOT=FILE.png``: the window draws itself into a PNG, then the program closes.

For scripts/windows-build.sh, which runs the installed program under Wine on Qt's offscreen
platform, where there is no screen to photograph: the picture is the window's own rendering
(``QWidget.grab``), its client area without the title bar Windows would draw around it.
Off unless the variable is set.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

SCREENSHOT_ENV = "DESK_APP_SCREENSHOT"
log = logging.getLogger(__name__)


def grab_then_close(window: QWidget, target: Path, delay_ms: int = 1500) -> None:
    """``delay_ms`` after now (the list and the preview fill in meanwhile), save and close ``window``."""

    def shoot() -> None:
        saved = window.grab().save(str(target), "PNG")
        log.info("screenshot %s %s", "saved to" if saved else "could NOT be saved to", target)
        print(f"desk-app: screenshot {'saved to' if saved else 'NOT saved to'} {target}", flush=True)
        window.close()

    QTimer.singleShot(delay_ms, shoot)
