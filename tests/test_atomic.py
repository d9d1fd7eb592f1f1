"""Files are written under a temporary name and renamed: a crash never leaves half a file."""

import os
import sys

import pytest

from desk_app.output.atomic import TargetLocked, write_atomically


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    folder = tmp_path / "导出"
    folder.mkdir()
    target = folder / "周报 2023.docx"
    target.write_text("good", encoding="utf-8")

    def crash(path):
        path.write_text("half", encoding="utf-8")
        raise RuntimeError("crash while writing")

    with pytest.raises(RuntimeError):
        write_atomically(target, crash)
    assert target.read_text(encoding="utf-8") == "good"
    assert [p.name for p in folder.iterdir()] == [target.name]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_written_file_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "x.json"
    write_atomically(target, lambda p: p.write_text("{}", encoding="utf-8"))
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_locked_target_is_a_clear_error(tmp_path, monkeypatch):
    target = tmp_path / "导出" / "周报.docx"

    def refuse(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(TargetLocked) as caught:
        write_atomically(target, lambda p: p.write_text("x", encoding="utf-8"))
    assert "open in another program" in str(caught.value)
    assert "Word 或 WPS" in caught.value.message_zh()
    assert list(target.parent.iterdir()) == []


def test_temporaries_left_by_a_killed_write_are_cleaned_up_by_the_next(tmp_path):
    import time

    target = tmp_path / "周报 第6期.docx"
    old = tmp_path / ".~周报 第6期.abc123.docx"
    recent = tmp_path / ".~周报 第6期.def456.docx"  # perhaps another program writing right now
    other = tmp_path / ".~别的文件.abc123.docx"
    for path in (old, recent, other):
        path.write_bytes(b"half")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    write_atomically(target, lambda p: p.write_bytes(b"whole"))
    assert target.read_bytes() == b"whole"
    assert not old.exists() and recent.exists() and other.exists()
