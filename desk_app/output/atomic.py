"""Write a file under a temporary name and rename it, so a crash never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


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


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temporary_path)`` then move the result over ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file private (0600); a document should get the usual permissions.
        os.chmod(temporary, 0o666 & ~_umask())
        try:
            os.replace(temporary, target)
        except PermissionError as exc:
            raise TargetLocked(target) from exc
    finally:
        temporary.unlink(missing_ok=True)
