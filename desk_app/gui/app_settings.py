"""The GUI's remembered settings (window geometry, splitters, last folders).

Kept as an INI file in the program's data folder rather than the Windows
registry: one place per user, and tests (which point the data folder at a
temporary one) never touch a real user's settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from desk_app.storage.database import data_dir

SETTINGS_FILE = "settings.ini"


def settings_path() -> Path:
    return data_dir() / SETTINGS_FILE


def app_settings() -> QSettings:
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def last_folder(key: str) -> Path:
    """A folder remembered under ``key``, if it still exists; else the user's documents or home."""
    value = app_settings().value(f"folders/{key}", "")
    if value and Path(str(value)).is_dir():
        return Path(str(value))
    from PySide6.QtCore import QStandardPaths

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_folder(key: str, folder: Path) -> None:
    settings = app_settings()
    settings.setValue(f"folders/{key}", str(folder))
    settings.sync()


def written(dialogs, title: str, target: Path, write) -> bool:  # noqa: ANN001 - a Dialogs, write(target)
    """``write(target)``; a file held open elsewhere (Word, WPS, Excel) or a failed write is said under ``title``."""
    import logging

    from desk_app.output.atomic import TargetLocked

    try:
        write(target)
    except TargetLocked as exc:
        dialogs.warn(title, exc.message_zh())
        return False
    except OSError as exc:
        logging.getLogger(__name__).exception("writing %s failed", target)
        dialogs.error(title, f"无法写入“{target}”：{exc.strerror or exc}\n请换一个文件夹或文件名再试。")
        return False
    return True


def ask_save_target(dialogs, title: str, folder_key: str, file_name: str, filters: str,  # noqa: ANN001 - a Dialogs
                    suffixes: tuple[str, ...]) -> Path | None:
    """Where to write a file: the save dialog opens in the folder last used for ``folder_key`` (else 文档);
    a name without one of ``suffixes`` gets the first; the folder chosen is remembered. None: cancelled."""
    target = dialogs.save_file(title, last_folder(folder_key) / file_name, filters)
    if target is None:
        return None
    if target.suffix.lower() not in suffixes:
        target = target.with_name(target.name + suffixes[0])
    remember_folder(folder_key, target.parent)
    return target
