"""窗口工作周报 — compiles the weekly window work bulletin."""

__version__ = "0.1.0"
