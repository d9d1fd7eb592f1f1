"""Does the Qt binding keep its references to None, True and False? (PySide6 6.12.0 does not.)

On Python 3.11 and older, None/True/False are ordinary objects with a reference count. A
binding that returns them without taking a reference makes that count fall with every call
until Python aborts (``Fatal Python error: none_dealloc`` / ``bool_dealloc``): PySide6 6.12.0
does so for every void method, every null pointer returned and every ``Signal.emit()``.
From Python 3.12 on they are immortal (PEP 683) and such a binding is harmless.

The smoke test (``--smoke-test``, run on every bundle) fails on such a binding.
"""

from __future__ import annotations

import sys

IMMORTAL_SINGLETONS = sys.version_info >= (3, 12)


def singleton_counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


PROBE_CALLS = 50  # few enough that a leaking binding is measured, not fatal


def lost_references(calls: int = PROBE_CALLS) -> dict[str, int]:
    """References to None/True/False lost by ``calls`` each of a void call, a null return and an emit.

    0 everywhere on a sound binding; not measurable (all 0) where they are immortal.
    """
    import gc

    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal(int)

    probe = Probe()
    probe.ping.connect(_ignore)
    cases = {
        "void call": lambda: probe.setObjectName("probe"),
        "null return": probe.parent,
        "Signal.emit": lambda: probe.ping.emit(1),
    }
    lost = {}
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a collection meanwhile would free unrelated references
    try:
        for name, call in cases.items():
            before = singleton_counts()
            for _ in range(calls):
                call()
            after = singleton_counts()
            lost[name] = sum(max(0, b - a) for b, a in zip(before, after))
    finally:
        if gc_was_enabled:
            gc.enable()
        probe.deleteLater()
    return lost


def _ignore(_value: int) -> None:
    pass


def binding_problem() -> str | None:
    """A sentence saying what is wrong with the binding, or None when it keeps its references."""
    if IMMORTAL_SINGLETONS:
        return None
    lost = {name: count for name, count in lost_references().items() if count >= PROBE_CALLS * 4 // 5}
    if not lost:
        return None
    import PySide6

    cases = ", ".join(f"{name}: {count} of {PROBE_CALLS}" for name, count in lost.items())
    return (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} loses references to None/True/False "
        f"({cases}); the program would abort after a few thousand calls. Install the PySide6 version pinned "
        "in scripts/constraints.txt, or use Python 3.12 or newer."
    )
