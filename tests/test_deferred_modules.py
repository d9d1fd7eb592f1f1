"""Modules peewee imports at once are loaded when first used (desk_app/storage/deferred_modules.py)."""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading

import pytest

from desk_app.storage.deferred_modules import DeferredModule, defer

# In a fresh process: after opening a database and listing, the three are still stand-ins; then
# used through peewee and by a later ``import``, they work and are the real modules.
PROBE = r"""
import sys
from desk_app.storage.database import open_database
from desk_app.storage import repository
open_database(sys.argv[1])
repository.list_issues()
print("BEFORE", *(type(sys.modules[n]).__name__ for n in ("hashlib", "socket", "uuid")))
import peewee
assert peewee.hashlib.md5(b"abc").hexdigest() == "900150983cd24fb0d6963f7d28e17f72"
assert peewee.uuid.UUID(int=5).int == 5
import socket, hashlib
assert socket.inet_aton("1.2.3.4") == b"\x01\x02\x03\x04"
assert hashlib.sha1 is peewee.hashlib.sha1
print("AFTER", *(type(sys.modules[n]).__name__ for n in ("hashlib", "socket", "uuid")))
"""


def test_opening_a_database_leaves_them_unloaded_and_they_work_when_used(sqlite_url):
    made = subprocess.run([sys.executable, "-m", "desk_app", "--database", sqlite_url, "list"], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)  # fmt: skip
    assert made.returncode == 0, made.stderr  # the schema made (its savepoints use uuid): now a start as every day
    done = subprocess.run([sys.executable, "-c", PROBE, sqlite_url], capture_output=True, text=True, encoding="utf-8",
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["BEFORE"] == "DeferredModule DeferredModule DeferredModule"
    assert lines["AFTER"] == "module module module"


@pytest.fixture
def probe_module(tmp_path, monkeypatch):
    """A module of our own that counts how often it was executed."""
    name = "deferred_probe_module"
    (tmp_path / f"{name}.py").write_text(
        "import builtins\nbuiltins.deferred_probe_runs = getattr(builtins, 'deferred_probe_runs', 0) + 1\nVALUE = 42\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import builtins

    builtins.deferred_probe_runs = 0
    yield name
    sys.modules.pop(name, None)
    del builtins.deferred_probe_runs


def test_an_import_binds_the_stand_in_and_the_first_use_loads_the_module_once(probe_module):
    import builtins

    defer((probe_module,))
    # importlib, not an import statement: PySide's import hook (pytest-qt has imported PySide6)
    # reads the source of each module an import statement brings, which would load it there.
    module = importlib.import_module(probe_module)
    assert isinstance(module, DeferredModule)
    assert builtins.deferred_probe_runs == 0  # imported by name only
    assert module.VALUE == 42
    assert builtins.deferred_probe_runs == 1
    assert type(sys.modules[probe_module]).__name__ == "module"
    assert importlib.import_module(probe_module).VALUE == 42 and module.VALUE == 42
    assert builtins.deferred_probe_runs == 1


def test_threads_using_it_first_at_once_load_it_once(probe_module):
    import builtins

    defer((probe_module,))
    module = sys.modules[probe_module]
    start = threading.Barrier(8)
    seen = []

    def use() -> None:
        start.wait()
        seen.append(module.VALUE)

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [42] * 8
    assert builtins.deferred_probe_runs == 1


def test_a_module_that_fails_to_load_raises_at_its_use_and_is_tried_again(tmp_path, monkeypatch):
    name = "deferred_missing_module"
    defer((name,))
    stand_in = sys.modules[name]
    try:
        with pytest.raises(ModuleNotFoundError):
            stand_in.anything
        assert sys.modules[name] is stand_in
        (tmp_path / f"{name}.py").write_text("anything = 'now here'\n", encoding="utf-8")
        monkeypatch.syspath_prepend(str(tmp_path))
        assert stand_in.anything == "now here"
    finally:
        sys.modules.pop(name, None)


def test_a_module_imported_already_is_left_as_it_is():
    import json

    defer(("json",))
    assert sys.modules["json"] is json
