"""Standard modules imported by name at once but loaded only when first used.

peewee imports hashlib, socket and uuid when it is imported, and uses them only on paths this
program rarely or never takes (index names too long to keep, UUID and IP fields, PostgreSQL's
named cursors): about 9 ms of every start of the window and of every command. ``defer`` puts a
stand-in module in ``sys.modules``; an ``import`` binds the stand-in, and the first attribute read
from it imports the real module, which the stand-in then mirrors (a module that kept the
stand-in keeps working) and which takes its place in ``sys.modules``.

Used sooner, they load sooner, and no harm done: peewee's savepoints name themselves with uuid
(the migrations of a new file use them), and once PySide6 is imported its import hook reads the
source of every module an ``import`` statement brings, a stand-in too.

The standard ``importlib.util.LazyLoader`` cannot do this: the ``import`` statement that finds a
lazy module reads its ``__spec__``, which loads it there and then.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types

# Two threads using a stand-in for the first time at once: one import. Re-entrant, should the
# import of one module use another stand-in.
_loading = threading.RLock()


class DeferredModule(types.ModuleType):
    """Stands in for the module of its name until something reads an attribute it lacks."""

    def __getattr__(self, name: str) -> object:  # only for what the stand-in does not hold yet
        return getattr(load(self), name)


def defer(names: tuple[str, ...]) -> None:
    """Stand-ins for those of ``names`` not imported yet."""
    for name in names:
        if name not in sys.modules:
            sys.modules[name] = DeferredModule(name)


def load(stand_in: DeferredModule) -> types.ModuleType:
    """The real module of ``stand_in``, imported now if it was not."""
    name = stand_in.__name__
    with _loading:
        current = sys.modules.get(name)
        if current is stand_in:
            del sys.modules[name]
            try:
                current = importlib.import_module(name)
            except BaseException:
                sys.modules[name] = stand_in  # as it was: the next use tries again
                raise
            vars(stand_in).update(vars(current))
        elif current is None:
            current = importlib.import_module(name)
        return current
