"""Field paths (``reform.window_stats.week.consult``, ``dynamics.groups[0].entries[1].text``).

The same paths name the fields in validation problems, so a problem finds its
widget, and a widget reads and writes its value in the issue.
"""

from __future__ import annotations

from typing import Any

from desk_app.domain.paths import path_steps

_ATTRIBUTE = {"from": "date_from", "to": "date_to"}  # exchange names that are Python keywords


def _steps(path: str) -> list[str | int]:
    return [_ATTRIBUTE.get(step, step) if isinstance(step, str) else step for step in path_steps(path)]


def _get(obj: Any, step: str | int) -> Any:
    return obj[step] if isinstance(step, int) else getattr(obj, step)


def get_value(root: Any, path: str) -> Any:
    obj = root
    for step in _steps(path):
        obj = _get(obj, step)
    return obj


def set_value(root: Any, path: str, value: Any) -> None:
    *parents, last = _steps(path)
    obj = root
    for step in parents:
        obj = _get(obj, step)
    if isinstance(last, int):
        obj[last] = value
    else:
        setattr(obj, last, value)


def parents(path: str) -> list[str]:
    """``a.b[1].c`` → ``["a.b[1]", "a.b", "a"]``: where to mark a problem whose own field has no widget."""
    found = []
    while True:
        if path.endswith("]"):
            path = path[: path.rindex("[")]
        elif "." in path:
            path = path[: path.rindex(".")]
        else:
            return found
        found.append(path)
