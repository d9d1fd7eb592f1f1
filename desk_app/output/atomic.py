"""Write a file under a temporary name and rename it, so a crash never leaves half a file."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STALE_AFTER_S = 600  # a temporary file this old was left by a write that was killed


class TargetLocked(PermissionError):
    """The target cannot be replaced: typically it is open in Word or WPS."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"cannot write {path}: it is open in another program (Word/WPS?) or read-only")

    def message_zh(self) -> str:
        return f"无法写入“{self.path}”：该文件可能正在 Word 或 WPS 中打开，或为只读。请关闭后重试。"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary files of earlier writes to ``target`` that never finished (the program was killed)."""
    cutoff = time.time() - STALE_AFTER_S
    for leftover in target.parent.glob(f".~{target.stem}.*{target.suffix}"):
        try:
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass  # open elsewhere (Windows): the next write tries again


def _fsync(path: Path, directory: bool = False) -> None:
    if directory and os.name == "nt":
        return  # Windows cannot open a folder for fsync; NTFS journals the rename
    fd = os.open(path, os.O_RDONLY if directory else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temporary_path)`` then move the result over ``target``, on disk before and after the rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(target)
    fd, name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file private (0600); a document should get the usual permissions.
        os.chmod(temporary, 0o666 & ~_umask())
        _fsync(temporary)  # else a power cut after the rename can leave an empty file under the real name
        try:
            os.replace(temporary, target)
        except PermissionError as exc:
            raise TargetLocked(target) from exc
        _fsync(target.parent, directory=True)
    finally:
        temporary.unlink(missing_ok=True)
