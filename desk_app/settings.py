"""Settings shared by the command line and the GUI: ``settings.json`` in the data folder (no Qt here).

It holds the export layout (font names, page-number style) and how many database backups
are kept (``"backup": {"keep": 30}``). A missing, unreadable or
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


DEFAULT_BACKUP_KEEP = 30
BACKUP_KEEP_RANGE = (1, 1000)


class Settings(NamedTuple):
    export: ExportLayout = ExportLayout()
    backup_keep: int = DEFAULT_BACKUP_KEEP  # database backups kept in 备份/
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


def _backup_keep(data: object) -> tuple[int, list[SettingsProblem]]:
    if data is None:
        return DEFAULT_BACKUP_KEEP, []
    keep = data.get("keep", DEFAULT_BACKUP_KEEP) if isinstance(data, dict) else None
    low, high = BACKUP_KEEP_RANGE
    if type(keep) is int and low <= keep <= high:
        return keep, []
    return DEFAULT_BACKUP_KEEP, [
        SettingsProblem(
            f"backup.keep must be a whole number from {low} to {high}; keeping {DEFAULT_BACKUP_KEEP} backups",
            f"“保留备份份数”应为 {low} 到 {high} 之间的整数，已按 {DEFAULT_BACKUP_KEEP} 份处理。",
        )
    ]


def load_settings(path: Path | None = None) -> Settings:
    path = settings_path() if path is None else Path(path)
    data, problems = _read(path)
    export, export_problems = ExportLayout.from_data(data.get("export"))
    backup_keep, backup_problems = _backup_keep(data.get("backup"))
    section_problems = [*export_problems, *backup_problems]
    return Settings(
        export=export,
        backup_keep=backup_keep,
        problems=(*(p.message for p in problems), *(f"{path.name}: {p.message}" for p in section_problems)),
        problems_zh=tuple(p.message_zh for p in (*problems, *section_problems)),
    )


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` atomically, keeping any other sections already in the file."""
    from desk_app.output.atomic import write_atomically

    path = settings_path() if path is None else Path(path)
    data, _ = _read(path)
    data["format"] = FORMAT
    data["export"] = settings.export.to_data()
    if settings.backup_keep != DEFAULT_BACKUP_KEEP or "backup" in data:
        backup = data["backup"] if isinstance(data.get("backup"), dict) else {}
        data["backup"] = {**backup, "keep": settings.backup_keep}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
