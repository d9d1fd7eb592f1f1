"""Qt enum properties set by name, for the widgets made before the window is first on screen.

PySide makes the Python enums of Qt's ``Qt`` namespace (about a hundred) all at
once, the first time anything touches ``PySide6.QtCore.Qt``: some 14 ms. The
start-up path therefore sets the few such values it needs by name, through Qt's
property system, and ``Qt`` is first touched once the window is shown. Code that
runs later uses ``QtCore.Qt`` as usual; modules on the start-up path import
``QtCore`` rather than ``Qt`` itself for that reason.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def set_enum_property(obj: QObject, name: str, keys: str) -> None:
    """``set_enum_property(field, "alignment", "AlignRight|AlignVCenter")``; a wrong name or key raises."""
    if not obj.setProperty(name, keys):
        raise ValueError(f"{type(obj).__name__} has no property {name!r} that takes {keys!r}")
