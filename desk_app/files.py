"""Reading an exchange file a clerk (or anyone) hands the program: bounded, and only from a regular file.

A FIFO with no writer would block forever, ``/dev/zero`` never ends, a directory cannot
be read: each is refused before a byte is read, and no file is read past the size limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from desk_app.domain.exchange import MAX_FILE_CHARS, InvalidIssue
from desk_app.domain.problems import Problem

MAX_FILE_BYTES = MAX_FILE_CHARS  # UTF-8 takes at least a byte a character: the text limit holds too


def _refuse(code: str, detail: str) -> InvalidIssue:
    return InvalidIssue([Problem("", code, detail=detail)])


def read_exchange_file(path: Path) -> str:
    """The text of ``path`` (UTF-8, a BOM allowed); InvalidIssue naming what is wrong with the file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _refuse("unreadable", exc.strerror or str(exc)) from exc
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device or pipe"
        raise _refuse("not_a_file", kind)
    if info.st_size > MAX_FILE_BYTES:
        raise _refuse("file_too_large", f"{info.st_size} > {MAX_FILE_BYTES} bytes")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: replaced by a FIFO since the stat, it still cannot hang
        with os.fdopen(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise _refuse("not_a_file", "a device or pipe")
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _refuse("unreadable", exc.strerror or str(exc)) from exc
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise _refuse("file_too_large", f"more than {MAX_FILE_BYTES} bytes")
    try:
        return data.decode("utf-8-sig")  # a BOM from Notepad is not an error
    except UnicodeDecodeError as exc:
        raise _refuse("not_utf8", f"byte {exc.start}") from exc
