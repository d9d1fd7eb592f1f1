"""打印 and 导出 PDF from the page view's pages, through Qt's print support (no LibreOffice).

The pages are those of the page view (desk_app.gui.page_view), painted with the same QPainter
code onto a QPrinter (the printer the clerk chooses, copies preset to the 报尾's 印数) or a
QPdfWriter (an A4 PDF with its text). ``PrintWorkflow`` is what the main window's three actions
call: 页面视图, 打印… (Ctrl+P) and 导出 PDF（不需 LibreOffice）.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from desk_app.domain.blocks import Block, Distribution
from desk_app.output.atomic import write_atomically
from desk_app.output.pagination import Page

from .page_view import paint_page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desk_app.domain.model import Issue

    from .dialogs import Dialogs

log = logging.getLogger(__name__)
PDF_RESOLUTION = 1200  # dpi: QPdfWriter's device units; the text stays text whatever this is


class PrintFailed(OSError):
    """The printer or the PDF could not be started; the message is for a clerk."""


def copies_of(blocks: Sequence[Block]) -> int:
    """The 报尾's 印数 (「（共印80份）」 → 80); 1 when the bulletin has none."""
    for block in blocks:
        if isinstance(block, Distribution):
            found = re.search(r"\d+", block.copies)
            if found and int(found.group()) > 0:
                return int(found.group())
    return 1


def _a4_portrait() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)
    )


def new_printer(copies: int, title: str) -> QPrinter:
    """A printer set for the bulletin: A4 portrait, whole sheet addressable, ``copies`` copies."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_a4_portrait())
    printer.setFullPage(True)  # the page's own margins are in the pages: paint from the sheet's corner
    printer.setCopyCount(copies)
    printer.setDocName(title)
    return printer


def make_print_dialog(printer: QPrinter, page_count: int, parent: QWidget | None = None) -> QPrintDialog:
    """「打印」: printer, copies (preset), page range (of ``page_count``); shown by Dialogs.print_setup."""
    dialog = QPrintDialog(printer, parent)
    if page_count > 0:
        dialog.setMinMax(1, page_count)
        printer.setFromTo(1, page_count)
    dialog.setWindowTitle("打印")
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintShowPageSize, True)
    return dialog


def paint_pages(device, pages: Sequence[Page], *, first: int = 1, last: int = 0) -> int:  # noqa: ANN001
    """Paint ``pages`` (numbers ``first``..``last``, 0 for all) onto a QPrinter or QPdfWriter; returns
    how many were painted. One point of the page is ``resolution / 72`` device units."""
    chosen = [page for page in pages if page.number >= first and (not last or page.number <= last)]
    painter = QPainter()
    if not painter.begin(device):
        raise PrintFailed("无法开始打印：打印机或文件不可用。")
    try:
        scale = device.resolution() / 72
        for index, page in enumerate(chosen):
            if index:
                device.newPage()
            paint_page(painter, page, scale)
    finally:
        painter.end()
    return len(chosen)


def print_to(printer: QPrinter, pages: Sequence[Page]) -> int:
    """Print ``pages`` on ``printer`` with the page range the print dialog set."""
    first, last = 1, 0
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
        first, last = printer.fromPage(), printer.toPage()
    return paint_pages(printer, pages, first=first, last=last)


def write_pdf(pages: Sequence[Page], target: Path, title: str = "") -> None:
    """An A4 PDF of ``pages`` at ``target``, atomically (a failure leaves no half-written file)."""

    def write(temporary: Path) -> None:
        writer = QPdfWriter(str(temporary))
        writer.setResolution(PDF_RESOLUTION)
        writer.setPageLayout(_a4_portrait())
        writer.setTitle(title)
        writer.setCreator("窗口工作周报")
        paint_pages(writer, pages)
        del writer  # the file is complete only once the writer is gone

    write_atomically(Path(target), write)


class PrintWorkflow:
    """The page view, printing and PDF export of the open issue (the main window only wires these).

    ``window`` gives ``session`` (the open issue, or None), ``dialogs``, ``editor`` and the status bar.
    Every action lays the issue out afresh, so what is printed is what the page view shows now.
    """

    REFRESH_DELAY_MS = 400  # the page view follows typing, a little behind it

    def __init__(self, window):  # noqa: ANN001
        self.window = window
        self.page_view = None
        self._refresh_timer = None

    @property
    def dialogs(self) -> Dialogs:
        return self.window.dialogs

    def _issue(self) -> Issue | None:
        session = self.window.session
        if session is None:
            return None
        session.save_now()
        return session.issue

    def _lay_out(self, issue: Issue) -> tuple[list[Block], list[Page]]:
        """The issue's blocks and pages with the export settings' fonts; shown in the page view if it is open."""
        from desk_app.domain.compose import compose
        from desk_app.settings import load_settings

        from .page_view import layout_pages

        blocks = compose(issue)
        pages = layout_pages(blocks, load_settings().export)
        if self.page_view is not None:
            self.page_view.show_pages(pages, self._title(issue))
        return blocks, pages

    def _refused(self, issue: Issue) -> bool:
        """Refuse to print an issue with errors, as the export does; True when refused."""
        from desk_app.domain.validation import validate

        errors = [p for p in validate(issue, self.window.session.previous) if p.is_error]
        if not errors:
            return False
        shown = "\n".join(f"• {p.message_zh()}" for p in errors[:12])
        more = f"\n…另有 {len(errors) - 12} 处" if len(errors) > 12 else ""
        self.dialogs.warn("还不能打印", f"本期还有 {len(errors)} 处错误，改正后才能打印或导出：\n{shown}{more}")
        return True

    @staticmethod
    def _title(issue: Issue) -> str:
        m = issue.masthead
        return f"{m.title}{m.year}年第{m.number}期"

    def show_page_view(self) -> None:
        """「页面视图」: a window of the pages as printed (a draft's blanks show as they would print)."""
        if self.window.session is None:
            return
        if self.page_view is None:
            from PySide6.QtCore import QTimer

            from .page_view import PageViewWindow

            self.page_view = PageViewWindow(self, self.window)
            self._refresh_timer = QTimer(self.page_view)
            self._refresh_timer.setSingleShot(True)
            self._refresh_timer.setInterval(self.REFRESH_DELAY_MS)
            self._refresh_timer.timeout.connect(self.refresh_page_view)
            self.window.editor.content_changed.connect(self._refresh_timer.start)
        self.refresh_page_view(force=True)
        self.page_view.show()
        self.page_view.raise_()
        self.page_view.activateWindow()

    def refresh_page_view(self, force: bool = False) -> None:
        if self.page_view is None or not (force or self.page_view.isVisible()):
            return
        session = self.window.session
        if session is not None:
            self._lay_out(session.issue)  # what is on screen; saving is the editor's business

    def print_issue(self) -> bool:
        """「打印」 (Ctrl+P): printer, copies (the 报尾's 印数) and pages chosen in Qt's print dialog."""
        issue = self._issue()
        if issue is None or self._refused(issue):
            return False
        blocks, pages = self._lay_out(issue)
        printer = new_printer(copies_of(blocks), self._title(issue))
        if not self.dialogs.print_setup(printer, len(pages)):
            return False
        try:
            count = print_to(printer, pages)
        except PrintFailed as exc:
            self.dialogs.warn("无法打印", str(exc))
            return False
        name = printer.outputFileName() or printer.printerName() or "打印机"
        log.info("printed %s: %d pages × %d copies on %s", issue.key, count, printer.copyCount(), name)
        self.window.statusBar().showMessage(f"已发送到“{name}”：{count} 页，{printer.copyCount()} 份。", 8000)
        return True

    def export_pdf(self) -> Path | None:
        """「导出 PDF（不需 LibreOffice）」: the page view's pages as an A4 PDF; returns where it went."""
        from .app_settings import ask_save_target, written
        from .exporting import export_file_name

        issue = self._issue()
        if issue is None or self._refused(issue):
            return None
        _, pages = self._lay_out(issue)
        target = ask_save_target(self.dialogs, "导出 PDF", "export", export_file_name(issue, ".pdf"), "PDF 文件 (*.pdf)", (".pdf",))
        if target is None:
            return None
        if not written(self.dialogs, "无法导出 PDF", target, lambda path: write_pdf(pages, path, self._title(issue))):
            return None
        log.info("exported %s as PDF to %s", issue.key, target)
        choice = self.dialogs.choose(
            "导出完成", f"已导出 PDF（共 {len(pages)} 页）到：\n{target}", ["打开文件", "打开所在文件夹", "关闭"]
        )
        if choice == 0:
            self.dialogs.open_path(target)
        elif choice == 1:
            self.dialogs.open_path(target.parent)
        return target
