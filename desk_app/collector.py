"""Python's cyclic garbage collector held off while the program starts.

A start makes a few hundred thousand objects that live as long as the process (the modules,
classes and functions of Qt's bindings, peewee, python-docx and ours). The collector, which runs
every 700 new objects, went over them again and again: some 10 % of a start (benchmarks/bench_startup.py,
bench_export_docx.py). So it waits until the start is done; then what exists is frozen (gc.freeze:
never scanned again, which also keeps later collections short while the clerk types) and it
collects as usual whatever is made after. The window releases it after its first paint, an import
of files before its first file; a one-shot command (export, dump, list, …) ends first. Cyclic
garbage made during the start stays frozen (a few kilobytes); the rest is freed by reference
counting as always.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """At the program's entry, before the imports: no collection until ``release``."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Once started: freeze what exists and collect as usual again (only if ``hold`` switched it off)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
