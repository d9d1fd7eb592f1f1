"""Exporting an issue: settings, font warnings, PDF through LibreOffice, locked or failing targets."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desk_app import services
from desk_app.output import fonts, pdf
from desk_app.output.layout import ExportLayout
from desk_app.settings import Settings, save_settings

DATA = Path(__file__).parent / "data"
EVERY_FONT = frozenset(n.casefold() for n in ("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体", "Times New Roman"))


@pytest.fixture
def fonts_installed(monkeypatch):
    """Pretend which fonts this computer has."""

    def pretend(*names: str) -> None:
        families = frozenset(n.casefold() for n in names)
        monkeypatch.setattr(fonts, "installed_families", lambda: families)

    pretend(*EVERY_FONT)
    return pretend


@pytest.fixture
def out(tmp_path) -> Path:
    """An empty output folder (tmp_path also holds the test's data folder)."""
    folder = tmp_path / "导出 文件"
    folder.mkdir()
    return folder


@pytest.fixture
def no_soffice(monkeypatch, tmp_path):
    monkeypatch.setenv(pdf.SOFFICE_ENV, str(tmp_path / "nowhere" / "soffice"))


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_export_uses_the_layout_given(reference_issue, tmp_path, fonts_installed):
    fonts_installed(*EVERY_FONT, "仿宋")
    target = tmp_path / "周报.docx"
    result = services.export_issue(reference_issue, target, layout=ExportLayout(body_font="仿宋"))
    assert result.path == target and result.warnings == []
    assert 'w:eastAsia="仿宋"' in document_xml(target)


def test_export_uses_the_settings_file_by_default(reference_issue, tmp_path, fonts_installed):
    fonts_installed(*EVERY_FONT, "楷体")
    save_settings(Settings(export=ExportLayout(kai_font="楷体", page_numbers="centred")))
    target = tmp_path / "周报.docx"
    result = services.export_issue(reference_issue, target)
    assert result.warnings == []
    xml = document_xml(target)
    assert 'w:eastAsia="楷体"' in xml and "楷体_GB2312" not in xml


def test_missing_fonts_are_warnings_in_english_and_chinese(reference_issue, tmp_path, fonts_installed):
    fonts_installed("仿宋", "楷体_GB2312", "宋体", "Times New Roman")  # 仿宋 stands for 仿宋_GB2312 (fonts.SAME_DESIGN)
    target = tmp_path / "周报.docx"
    result = services.export_issue(reference_issue, target)
    assert target.exists()
    assert result.warnings == [
        "font 黑体 (level-1 headings) is not installed here; Word will use 宋体 instead, so line breaks may differ",
        "font 方正小标宋简体 (masthead title and headline) is not installed here; Word will use 宋体 instead, so line breaks may differ",
    ]
    # The GUI says them in 导出设置, not after every export: apart from the other Chinese notes.
    assert result.missing_fonts[0].message_zh() == "本机未安装一级标题字体“黑体”，Word 将以“宋体”代替，换行和分页可能与正式版式不同。"
    assert [(f.name, f.substitute) for f in result.missing_fonts] == [("黑体", "宋体"), ("方正小标宋简体", "宋体")]
    assert result.warnings_zh == []


def test_a_broken_settings_file_is_a_warning_not_a_failure(reference_issue, tmp_path, fonts_installed):
    from desk_app.settings import settings_path

    settings_path().write_text("{", encoding="utf-8")
    result = services.export_issue(reference_issue, tmp_path / "周报.docx")
    assert len(result.warnings) == 1 and "settings.json is not valid JSON" in result.warnings[0]
    assert result.warnings_zh[0].startswith("设置文件有误")


def test_pdf_without_libreoffice_is_a_clear_error_and_writes_nothing(reference_issue, out, no_soffice):
    target = out / "周报.pdf"
    with pytest.raises(pdf.PdfUnavailable) as caught:
        services.export_issue(reference_issue, target)
    assert "LibreOffice (soffice) was not found" in str(caught.value)
    assert "LibreOffice" in caught.value.message_zh()
    assert isinstance(caught.value, OSError)
    assert list(out.iterdir()) == []


def test_a_failed_write_leaves_the_previous_file_and_no_leftovers(reference_issue, out, monkeypatch):
    from desk_app.output import docx_writer

    target = out / "周报.docx"
    services.export_issue(reference_issue, target)
    before = target.read_bytes()

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(docx_writer, "build_document", crash)
    with pytest.raises(RuntimeError):
        services.export_issue(reference_issue, target)
    assert target.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["周报.docx"]


def test_a_target_open_in_word_gives_the_clear_message(reference_issue, out, monkeypatch):
    from desk_app.output import atomic

    target = out / "周报.docx"
    target.write_bytes(b"the clerk's open copy")

    def locked(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(atomic.TargetLocked) as caught:
        services.export_issue(reference_issue, target)
    assert "open in another program (Word/WPS?)" in str(caught.value)
    assert target.read_bytes() == b"the clerk's open copy"
    assert [p.name for p in out.iterdir()] == ["周报.docx"]


def test_the_command_line_reports_a_locked_target_in_one_line(sqlite_url, tmp_path, monkeypatch, capsys):
    from desk_app import cli
    from desk_app.output import atomic

    assert cli.main(["--database", sqlite_url, "import", str(DATA / "bulletin.json")]) == 0
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: (_ for _ in ()).throw(PermissionError(13, "denied")))
    capsys.readouterr()
    target = tmp_path / "周报.docx"
    assert cli.main(["--database", sqlite_url, "export", "2023-6", "-o", str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"error: cannot write {target}: it is open in another program (Word/WPS?) or read-only"
    assert not any(line.startswith("Traceback") for line in err)


def test_the_command_line_prints_font_warnings_and_the_pdf_error(sqlite_url, tmp_path, monkeypatch, capsys):
    from desk_app import cli

    assert cli.main(["--database", sqlite_url, "import", str(DATA / "bulletin.json")]) == 0
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"仿宋_gb2312", "times new roman"}))
    capsys.readouterr()
    assert cli.main(["--database", sqlite_url, "export", "2023-6", "-o", str(tmp_path / "周报.docx")]) == 0
    err = capsys.readouterr().err
    assert "warning: font 黑体 (level-1 headings) is not installed here" in err

    monkeypatch.setenv(pdf.SOFFICE_ENV, str(tmp_path / "no-soffice"))
    assert cli.main(["--database", sqlite_url, "export", "2023-6", "-o", str(tmp_path / "周报.pdf")]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("error: cannot write a PDF: LibreOffice (soffice) was not found")


# ---- finding and running soffice --------------------------------------------------------------


def test_soffice_is_found_on_path(monkeypatch, tmp_path):
    program = tmp_path / "soffice"
    program.write_text("", encoding="utf-8")
    monkeypatch.delenv(pdf.SOFFICE_ENV, raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: str(program) if name == "soffice" else None)
    assert pdf.find_soffice() == program


def test_soffice_is_found_in_the_windows_program_folders(monkeypatch, tmp_path):
    monkeypatch.delenv(pdf.SOFFICE_ENV, raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf.sys, "platform", "win32")
    program = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_text("", encoding="utf-8")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    monkeypatch.setenv("ProgramFiles(x86)", str(tmp_path / "nothing here"))
    monkeypatch.delenv("ProgramW6432", raising=False)
    assert pdf.find_soffice() == program


def test_no_soffice_anywhere(monkeypatch):
    monkeypatch.delenv(pdf.SOFFICE_ENV, raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf.sys, "platform", "linux")
    assert pdf.find_soffice() is None


FAKE_SOFFICE = """#!{python}
import sys, pathlib
args = sys.argv[1:]
pathlib.Path({log!r}).write_text("\\n".join(args), encoding="utf-8")
if {fail!r}:
    print("Error: source file could not be loaded", file=sys.stderr)
    sys.exit(1)
out = pathlib.Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
(out / (pathlib.Path(args[-1]).stem + ".pdf")).write_bytes(b"%PDF-1.4 fake")
"""


def fake_soffice(tmp_path: Path, *, fail: bool = False) -> tuple[Path, Path]:
    log = tmp_path / "soffice-args.txt"
    program = tmp_path / "soffice"
    program.write_text(FAKE_SOFFICE.format(python=sys.executable, log=str(log), fail=fail), encoding="utf-8")
    program.chmod(0o755)
    return program, log


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in soffice is a script with a #! line")
def test_conversion_uses_a_private_profile_and_moves_the_pdf_into_place(tmp_path):
    program, log = fake_soffice(tmp_path)
    source = tmp_path / "周报 第6期.docx"
    source.write_bytes(b"docx")
    target = tmp_path / "输出 文件" / "周报 第6期.pdf"
    pdf.convert_to_pdf(source, target, soffice=program)
    assert target.read_bytes() == b"%PDF-1.4 fake"
    args = log.read_text(encoding="utf-8").splitlines()
    assert args[0].startswith("-env:UserInstallation=file:///")
    assert "--headless" in args and args[args.index("--convert-to") + 1] == "pdf"
    assert [p.name for p in target.parent.iterdir()] == ["周报 第6期.pdf"]


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in soffice is a script with a #! line")
def test_a_failed_conversion_says_why_and_keeps_the_old_pdf(tmp_path):
    program, _ = fake_soffice(tmp_path, fail=True)
    source = tmp_path / "a.docx"
    source.write_bytes(b"docx")
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(pdf.PdfConversionFailed, match="source file could not be loaded"):
        pdf.convert_to_pdf(source, target, soffice=program)
    assert target.read_bytes() == b"old"


def test_a_hanging_libreoffice_is_given_up(tmp_path, monkeypatch):
    def hang(command, **kwargs):
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr(pdf.subprocess, "run", hang)
    source = tmp_path / "a.docx"
    source.write_bytes(b"docx")
    with pytest.raises(pdf.PdfConversionFailed, match="no result after 5 seconds"):
        pdf.convert_to_pdf(source, tmp_path / "a.pdf", soffice=Path(os.devnull), timeout=5)
