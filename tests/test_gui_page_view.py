"""页面视图, 打印 (Ctrl+P) and 导出 PDF（不需 LibreOffice）: the pages as printed, on screen, on a printer, in a PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from gui_support import dialogs, stored_reference, type_into, window  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

pytestmark = pytest.mark.usefixtures("stored_reference")
CTRL = Qt.KeyboardModifier.ControlModifier
DISTRIBUTION = ["报：中心领导。", "送：各相关省级部门（单位），中心各处（室）、直属单位。", "发：各部门窗口。", "（共印80份）"]
A4_POINTS = (595.3, 841.9)


def squeeze(text: str) -> str:
    return "".join(text.split())


def pdf_pages(pdf: Path) -> list[list[str]]:
    """Each page's lines as pdftotext reads them (whitespace dropped: it spaces out digits)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is needed to read the PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = text.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[squeeze(line) for line in page.splitlines() if line.strip()] for page in pages]


def media_boxes(pdf: Path) -> list[tuple[float, float]]:
    """The size of every page of a PDF Qt wrote (uncompressed page dictionaries), in points."""
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", data, re.S)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in pages]


def open_page_view(qtbot, window):
    window.page_view_action.trigger()
    view = window._printing().page_view
    qtbot.waitExposed(view)
    return view


def test_the_page_view_shows_the_pages_with_numbers_and_the_distribution_at_the_foot(qtbot, window):
    view = open_page_view(qtbot, window)
    pages = view.view.page_texts()
    assert len(pages) == 6
    assert pages[0][:2] == ["窗口工作周报", "2023年第6期（总第426期）"]
    assert pages[0][2] == "四川省政府政务服务和公共资源交易服务中心2023年2月27日"
    for number, page in enumerate(pages, start=1):
        assert page[-1] == f"— {number} —"
    # 22 lines on every full page; the 报尾 last, on the last page only, standing on the type area's foot.
    assert [len(page) - 1 for page in pages[1:-1]] == [22, 22, 22, 22]
    assert pages[-1][-5:-1] == DISTRIBUTION
    assert not any(line in DISTRIBUTION for page in pages[:-1] for line in page)
    last = view.view.pages[-1]
    copies_line = max(last.lines, key=lambda line: line.top)
    assert copies_line.text == "（共印80份）"
    from desk_app.output.pagination import BOTTOM_PT

    assert max(rule.y for rule in last.rules) == pytest.approx(BOTTOM_PT)
    assert "共 6 页" in view.summary.text()


def test_the_page_view_follows_the_issue_and_zooms(qtbot, window):
    from desk_app.gui.page_view import PageWidget

    view = open_page_view(qtbot, window)
    type_into(qtbot, window, "distribution.copies", "120")
    qtbot.waitUntil(lambda: view.view.page_texts()[-1][-2] == "（共印120份）")  # follows the typing
    width = view.findChild(PageWidget, "page-1").width()
    view.findChild(QPushButton, "zoomIn").click()
    assert view.findChild(PageWidget, "page-1").width() > width
    view.findChild(QPushButton, "zoomOut").click()
    view.findChild(QPushButton, "zoomOut").click()
    assert view.findChild(PageWidget, "page-1").width() < width


def test_ctrl_p_offers_the_printer_with_the_copies_of_the_distribution_and_prints_every_page(qtbot, window, dialogs, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    target = tmp_path / "打印 输出.pdf"

    def choose_pdf_printer(printer: QPrinter) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))

    dialogs.print_script = choose_pdf_printer
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    assert dialogs.print_dialogs == [{"title": "打印", "copies": 80, "pages": (1, 6)}]
    assert target.is_file()
    expected = window._printing().page_view  # not opened: printing needs no page view
    assert expected is None
    from desk_app.domain.compose import compose
    from desk_app.gui.page_view import layout_pages

    pages = layout_pages(compose(window.session.issue))
    assert len(media_boxes(target)) == len(pages) == 6
    printed = pdf_pages(target)
    assert [page[0] for page in printed] == [squeeze(page.texts()[0]) for page in pages]
    assert "已发送到" in window.statusBar().currentMessage()


def test_cancelling_the_print_dialog_prints_nothing(qtbot, window, dialogs):
    dialogs.print_script = None
    assert window._printing().print_issue() is False
    assert dialogs.kinds()[-1] == "print_setup"
    assert "已发送到" not in window.statusBar().currentMessage()


def test_pdf_without_libreoffice_is_a4_with_the_page_views_text(qtbot, window, dialogs, tmp_path, monkeypatch):
    from desk_app.output import pdf as libreoffice_pdf

    monkeypatch.setenv(libreoffice_pdf.SOFFICE_ENV, str(tmp_path / "没有 soffice"))  # LibreOffice is not used
    dialogs.save_path = tmp_path / "周报 导出" / "第6期"
    dialogs.save_path.parent.mkdir()
    view = open_page_view(qtbot, window)
    view.findChild(QPushButton, "exportPdf").click()
    written = dialogs.save_path.with_name("第6期.pdf")
    assert written.is_file() and written.read_bytes().startswith(b"%PDF")
    title, text = dialogs.last("choose")
    assert title == "导出完成" and "共 6 页" in text
    boxes = media_boxes(written)
    assert len(boxes) == 6
    for width, height in boxes:
        assert width == pytest.approx(A4_POINTS[0], abs=0.5) and height == pytest.approx(A4_POINTS[1], abs=0.5)
    printed = pdf_pages(written)
    shown = view.view.page_texts()
    assert len(printed) == len(shown)
    for ours, theirs in zip(shown, printed):
        assert theirs[0] == squeeze(ours[0])
        assert theirs[-1] == squeeze(ours[-1])  # the page number
    assert printed[-1][-5:-1] == [squeeze(line) for line in DISTRIBUTION]
    body = "".join("".join(page) for page in printed)
    assert "本周，共计咨询618人次、受理116件" in body


def test_an_issue_with_errors_is_neither_printed_nor_exported(qtbot, window, dialogs, tmp_path):
    type_into(qtbot, window, "distribution.copies", "")
    dialogs.save_path = tmp_path / "不该写.pdf"
    dialogs.print_script = lambda printer: pytest.fail("the print dialog must not open")
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    assert dialogs.last("warn")[0] == "还不能打印"
    window.pdf_action.trigger()
    assert "报尾 › 印数：未填写" in dialogs.last("warn")[1]
    assert "save_file" not in dialogs.kinds() and not dialogs.save_path.exists()
    window.page_view_action.trigger()  # a draft can still be looked at
    assert window._printing().page_view.isVisible()


def test_a_pdf_that_cannot_be_written_is_reported_and_nothing_is_left(qtbot, window, dialogs, tmp_path):
    not_a_folder = tmp_path / "一个文件.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    dialogs.save_path = not_a_folder / "周报.pdf"
    window.pdf_action.trigger()
    kind, title, text = dialogs.said[-1]
    assert (kind, title) == ("error", "无法导出 PDF") and "周报.pdf" in text
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == []


def test_copies_come_from_the_distribution_block():
    from desk_app.domain.blocks import Distribution, DistributionLine, Paragraph
    from desk_app.gui.printing import copies_of

    assert copies_of([Paragraph("x"), Distribution((DistributionLine("报", "报：中心领导。"),), "（共印80份）")]) == 80
    assert copies_of([Paragraph("x")]) == 1
