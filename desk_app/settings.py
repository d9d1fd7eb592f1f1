"""Settings shared by the command line and the GUI: ``settings.json`` in the data folder (no Qt here).

Today it holds the export layout (font names, page-number style). A missing, unreadable or
malformed file never stops the program: every bad value falls back to its default and the
problem is reported for a warning. Saving keeps sections this version does not know.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from desk_app.output.layout import ExportLayout, SettingsProblem

SETTINGS_FILE = "settings.json"
FORMAT = "window-weekly-settings/1"


class Settings(NamedTuple):
    export: ExportLayout = ExportLayout()
    problems: tuple[str, ...] = ()  # what was wrong with the file, in English
    problems_zh: tuple[str, ...] = ()  # the same in Chinese, for the GUI (what is wrong in the file, not which file)


def settings_path() -> Path:
    from desk_app.storage.database import data_dir

    return data_dir() / SETTINGS_FILE


def _read(path: Path) -> tuple[dict, list[SettingsProblem]]:
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may add a BOM
    except FileNotFoundError:
        return {}, []
    except UnicodeDecodeError as exc:
        return {}, [
            SettingsProblem(
                f"cannot read {path}: {exc}; using the default settings",
                "不是 UTF-8 编码的文本，已使用默认设置。",
            )
        ]
    except OSError as exc:
        return {}, [
            SettingsProblem(
                f"cannot read {path}: {exc}; using the default settings",
                f"无法读取（{exc.strerror or exc}），已使用默认设置。",
            )
        ]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, [
            SettingsProblem(
                f"{path} is not valid JSON ({exc}); using the default settings",
                f"第 {exc.lineno} 行第 {exc.colno} 列有格式错误（不是有效的 JSON），已使用默认设置。",
            )
        ]
    if not isinstance(data, dict):
        return {}, [
            SettingsProblem(
                f"{path} does not hold a JSON object; using the default settings",
                "内容格式不对（应为一个 JSON 对象），已使用默认设置。",
            )
        ]
    return data, []


def load_settings(path: Path | None = None) -> Settings:
    path = settings_path() if path is None else Path(path)
    data, problems = _read(path)
    export, export_problems = ExportLayout.from_data(data.get("export"))
    return Settings(
        export=export,
        problems=(*(p.message for p in problems), *(f"{path.name}: {p.message}" for p in export_problems)),
        problems_zh=tuple(p.message_zh for p in (*problems, *export_problems)),
    )


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` atomically, keeping any other sections already in the file."""
    from desk_app.output.atomic import write_atomically

    path = settings_path() if path is None else Path(path)
    data, _ = _read(path)
    data["format"] = FORMAT
    data["export"] = settings.export.to_data()
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
