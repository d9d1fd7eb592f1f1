"""The import rule: Qt stays in the GUI, the database in storage; the domain needs neither."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desk_app"

# layer → module prefixes it must not import
FORBIDDEN = {
    "domain": ("PySide6", "shiboken6", "peewee", "playhouse", "docx", "desk_app.storage", "desk_app.output", "desk_app.gui", "desk_app.services"),
    "storage": ("PySide6", "shiboken6", "desk_app.gui", "desk_app.output"),
    "output": ("PySide6", "shiboken6", "desk_app.gui", "peewee", "playhouse", "desk_app.storage"),
    "services.py": ("PySide6", "shiboken6", "desk_app.gui"),
    "cli.py": ("PySide6", "shiboken6"),
    "settings.py": ("PySide6", "shiboken6", "desk_app.gui"),
    "reading": ("PySide6", "shiboken6", "desk_app.gui", "peewee", "playhouse", "desk_app.storage", "desk_app.services"),
    "files.py": ("PySide6", "shiboken6", "desk_app.gui", "peewee", "desk_app.storage"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    package = "desk_app." + ".".join(path.relative_to(PACKAGE).parent.parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.rstrip(".").split(".")
                base = base[: len(base) - (node.level - 1)]
                names.add(".".join(base + ([node.module] if node.module else [])))
            else:
                names.add(node.module or "")
    return names


def layer_files(layer: str) -> list[Path]:
    target = PACKAGE / layer
    return sorted(target.rglob("*.py")) if target.is_dir() else [target] if target.exists() else []


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_layer_does_not_import_what_sits_above_it(layer):
    offences = []
    for path in layer_files(layer):
        for name in imported_modules(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offences, "\n".join(offences)


def test_the_rule_catches_an_offence(tmp_path, monkeypatch):
    """The check above is not vacuous: a Qt import in the domain is found."""
    fake = tmp_path / "desk_app"
    (fake / "domain").mkdir(parents=True)
    (fake / "domain" / "bad.py").write_text("from PySide6.QtCore import QObject\nfrom . import model\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert "PySide6.QtCore" in imported_modules(fake / "domain" / "bad.py")
    with pytest.raises(AssertionError, match="imports PySide6.QtCore"):
        test_layer_does_not_import_what_sits_above_it("domain")


def test_importing_the_domain_loads_neither_qt_nor_the_database():
    code = (
        "import sys, pkgutil, importlib, desk_app.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__): importlib.import_module('desk_app.domain.' + m.name)\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'PySide6', 'peewee', 'docx'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True)
    assert result.stdout.strip() == "[]"
