"""Settings shared by the command line and the GUI: ``settings.json`` in the data folder (no Qt here).

Today it holds the export layout (font names, page-number style). A missing, unreadable or
malformed file never stops the program: every bad value falls back to its default and the
problem is reported for a warning. Saving keeps sections this version does not know.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from desk_app.output.layout import ExportLayout

SETTINGS_FILE = "settings.json"
FORMAT = "window-weekly-settings/1"


class Settings(NamedTuple):
    export: ExportLayout = ExportLayout()
    problems: tuple[str, ...] = ()  # what was wrong with the file, in English


def settings_path() -> Path:
    from desk_app.storage.database import data_dir

    return data_dir() / SETTINGS_FILE


def _read(path: Path) -> tuple[dict, list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may add a BOM
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"cannot read {path}: {exc}; using the default settings"]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, [f"{path} is not valid JSON ({exc}); using the default settings"]
    if not isinstance(data, dict):
        return {}, [f"{path} does not hold a JSON object; using the default settings"]
    return data, []


def load_settings(path: Path | None = None) -> Settings:
    path = settings_path() if path is None else Path(path)
    data, problems = _read(path)
    export, export_problems = ExportLayout.from_data(data.get("export"))
    return Settings(export=export, problems=(*problems, *(f"{path.name}: {p}" for p in export_problems)))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` atomically, keeping any other sections already in the file."""
    from desk_app.output.atomic import write_atomically

    path = settings_path() if path is None else Path(path)
    data, _ = _read(path)
    data["format"] = FORMAT
    data["export"] = settings.export.to_data()
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
