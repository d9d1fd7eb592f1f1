"""「页面视图」: the bulletin as printed — its pages, page breaks and where the 报尾 lands.

The pages come from desk_app.output.pagination (the same blocks and layout numbers as the .docx);
Qt only measures the fonts and paints. ``paint_page`` draws one page with a QPainter, so the same
drawing goes on screen, onto a printer and into a PDF (desk_app.gui.printing).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QRawFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.blocks import Block
from desk_app.output.layout import ExportLayout
from desk_app.output.pagination import PAGE_HEIGHT_PT, PAGE_WIDTH_PT, Line, Page, is_wide, paginate

# Pixels a point on screen at 100 %: 96 dpi.
SCREEN_SCALE = 96 / 72
ZOOMS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0)
_RAW_PIXEL_SIZE = 100.0  # fonts are measured at this size and scaled: one raw font per family


@lru_cache(maxsize=64)
def _raw_font(family: str) -> QRawFont:
    font = QFont(family)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    raw = QRawFont.fromFont(font)
    raw.setPixelSize(_RAW_PIXEL_SIZE)
    return raw


@lru_cache(maxsize=20000)
def _advance(family: str, char: str) -> float:
    """A character's advance in ems, unhinted, from the font fontconfig/Windows picks for ``family``."""
    raw = _raw_font(family)
    glyphs = raw.glyphIndexesForString(char)
    if raw.isValid() and glyphs and glyphs[0]:
        advances = raw.advancesForGlyphIndexes(glyphs, QRawFont.LayoutFlag.UseDesignMetrics)
        return advances[0].x() / _RAW_PIXEL_SIZE
    return 1.0 if is_wide(char) else 0.5  # not in the font: what a fallback font would roughly take


def qt_measure(text: str, family: str, size: float) -> list[float]:
    """pagination.Measure with Qt's fonts: widths in pt."""
    return [_advance(family, char) * size for char in text]


def layout_pages(blocks: Sequence[Block], layout: ExportLayout | None = None) -> list[Page]:
    return paginate(blocks, qt_measure, layout)


# ---- painting --------------------------------------------------------------------------------


def paint_page(painter: QPainter, page: Page, scale: float) -> None:
    """Draw ``page`` with its top-left corner at the painter's origin, ``scale`` device units a point."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    for rule in page.rules:
        pen = QPen(QColor(rule.color))
        pen.setWidthF(rule.width * scale)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(rule.x0 * scale, rule.y * scale), QPointF(rule.x1 * scale, rule.y * scale))
    for line in page.lines:
        _paint_line(painter, line, scale)
    if page.footer is not None:
        _paint_line(painter, page.footer, scale)
    painter.restore()


def _baseline(line: Line) -> float:
    """Where the type stands in an exact line: four fifths down, as LibreOffice sets a fixed line height."""
    return line.top + 0.8 * line.height


def _paint_line(painter: QPainter, line: Line, scale: float) -> None:
    """Each character at its own position (justified as the line says), in its font and colour.

    QPainter.drawText rather than glyph runs: the raster engine draws no glyph run of a raw font
    above some 64 pixels (the masthead title at print resolution).
    """
    if not line.glyphs:
        return
    baseline = _baseline(line) * scale
    points_per_pixel = 72 / (painter.device().logicalDpiY() or 96)
    for glyph, x in zip(line.glyphs, line.positions()):
        painter.setFont(_painting_font(glyph.family, glyph.style.size * scale * points_per_pixel))
        painter.setPen(QColor(glyph.style.color))
        painter.drawText(QPointF(x * scale, baseline), glyph.char)


@lru_cache(maxsize=256)
def _painting_font(family: str, point_size: float) -> QFont:
    font = QFont(family)
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(False)
    return font


def page_image(page: Page, scale: float = SCREEN_SCALE) -> QImage:
    image = QImage(round(PAGE_WIDTH_PT * scale), round(PAGE_HEIGHT_PT * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_page(painter, page, scale)
    painter.end()
    return image


# ---- the view --------------------------------------------------------------------------------


class PageWidget(QWidget):
    """One sheet of paper, painted at the view's zoom."""

    def __init__(self, page: Page, zoom: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.zoom = zoom
        self.setObjectName(f"page-{page.number}")
        self.setFixedSize(self.sizeHint())

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self.setFixedSize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        scale = SCREEN_SCALE * self.zoom
        return QSize(round(PAGE_WIDTH_PT * scale), round(PAGE_HEIGHT_PT * scale))

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        paint_page(painter, self.page, SCREEN_SCALE * self.zoom)
        painter.setPen(QColor("#b8b8b8"))
        painter.drawRect(QRectF(0, 0, self.width() - 1, self.height() - 1))
        painter.end()


class PageView(QScrollArea):
    """The pages one under another on a grey desk, zoomable."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages: list[Page] = []
        self.zoom = 0.75
        self._desk = QWidget()
        self._desk.setObjectName("pageDesk")
        self._desk.setAutoFillBackground(True)
        palette = self._desk.palette()
        palette.setColor(self._desk.backgroundRole(), QColor("#8a8f96"))
        self._desk.setPalette(palette)
        self._column = QVBoxLayout(self._desk)
        self._column.setContentsMargins(24, 24, 24, 24)
        self._column.setSpacing(18)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._desk)

    def set_pages(self, pages: list[Page]) -> None:
        while self._column.count():
            item = self._column.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.pages = pages
        for page in pages:
            self._column.addWidget(PageWidget(page, self.zoom), 0, Qt.AlignmentFlag.AlignHCenter)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        for widget in self._desk.findChildren(PageWidget):
            widget.set_zoom(zoom)

    def zoom_by(self, steps: int) -> None:
        index = min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - self.zoom))
        self.set_zoom(ZOOMS[max(0, min(len(ZOOMS) - 1, index + steps))])

    def fit_width(self) -> None:
        room = self.viewport().width() - 48
        self.set_zoom(max(0.3, min(3.0, room / (PAGE_WIDTH_PT * SCREEN_SCALE))))

    def fit_page(self) -> None:
        room = self.viewport().height() - 48
        self.set_zoom(max(0.2, min(3.0, room / (PAGE_HEIGHT_PT * SCREEN_SCALE))))

    def page_texts(self) -> list[list[str]]:
        """Pages → lines as text (the page number last), for tests and for the clerk's checks."""
        return [page.texts() for page in self.pages]


class PageViewWindow(QDialog):
    """「页面视图」: page count, the pages, zoom, and 打印… / 导出 PDF from the same pages.

    ``workflow`` (a printing.PrintWorkflow) lays the pages out and prints them.
    """

    def __init__(self, workflow, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("pageViewWindow")
        self.setModal(False)
        self.workflow = workflow
        self.view = PageView()
        self.summary = QLabel()
        self.summary.setObjectName("pageSummary")
        # The buttons keep their room in a narrow window; the summary gives way.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setToolTip("A4，每页 22 行、每行 28 字，与导出的 Word 文档分页相同")
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        for text, slot, name in (
            ("缩小", lambda: self.view.zoom_by(-1), "zoomOut"),
            ("放大", lambda: self.view.zoom_by(+1), "zoomIn"),
            ("整页", self.view.fit_page, "fitPage"),
            ("适合宽度", self.view.fit_width, "fitWidth"),
            ("打印…", workflow.print_issue, "print"),
            ("导出 PDF…", workflow.export_pdf, "exportPdf"),
            ("关闭", self.close, "close"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            bar.addWidget(button)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.view, 1)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(900, screen.width() * 9 // 10), min(760, screen.height() * 9 // 10))

    def show_pages(self, pages: list[Page], title: str) -> None:
        self.setWindowTitle(f"页面视图 — {title}")
        scroll = self.view.verticalScrollBar().value()
        self.view.set_pages(pages)
        self.view.verticalScrollBar().setValue(scroll)  # stays where the clerk was reading
        self.summary.setText(f"共 {len(pages)} 页 · 报尾在第 {len(pages)} 页底部")
