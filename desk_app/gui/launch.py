"""Starting the GUI (the desktop application is its own issue)."""

from __future__ import annotations

import sys


def run_gui(database_url: str | None = None, smoke_test: bool = False) -> int:
    print("the desktop application is not built yet; use the commands: desk-app --help", file=sys.stderr)
    return 2
