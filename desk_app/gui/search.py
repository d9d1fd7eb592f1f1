"""「查找」 (Ctrl+F): search every issue of the archive; a result opens its issue at that entry.

A window beside the main one that stays open while the clerk goes from hit to hit. It searches
as the clerk types (after a short pause) and at once on Enter; ↓ goes from the query to the
results, Enter or a double-click opens one. Made when first opened: not imported at start-up.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QKeySequence, QPalette, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.rules import period_text
from desk_app.domain.search import SearchHit, SearchResults, excerpt, fold
from desk_app.storage import search_index

from .style import hint

log = logging.getLogger(__name__)
TITLE = "查找"
TYPING_PAUSE_MS = 250
HIGHLIGHT = "#ffe066"
EXCERPT_COLUMN = 2


def select_first(widget: QWidget, terms: list[str]) -> None:
    """Select the first of ``terms`` found in a text field (a search hit opened there)."""
    text_edit = isinstance(widget, QTextEdit)
    if not (text_edit or isinstance(widget, QLineEdit)):
        return
    text = fold(widget.toPlainText() if text_edit else widget.text())
    found = [(text.find(fold(term)), term) for term in terms if fold(term) in text]
    if not found:
        return
    start, term = min(found)
    if not text_edit:
        widget.setSelection(start, len(term))
        return
    cursor = widget.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(term), cursor.MoveMode.KeepAnchor)
    widget.setTextCursor(cursor)
    widget.ensureCursorVisible()


def excerpt_html(hit: SearchHit, terms: list[str]) -> str:
    """The line around the first hit, every hit marked; a 动态 entry's department in front (marked too when it matched)."""
    cut = excerpt(hit.text, terms)
    parts = ["…" if cut.cut_before else ""]
    for text, marked in cut.pieces:
        escaped = html.escape(text)
        parts.append(f'<span style="background:{HIGHLIGHT}">{escaped}</span>' if marked else escaped)
    parts.append("…" if cut.cut_after else "")
    body = "".join(parts)
    if hit.department:
        department = excerpt(hit.department, terms, width=len(hit.department))
        shown = "".join(
            f'<span style="background:{HIGHLIGHT}">{html.escape(t)}</span>' if m else html.escape(t) for t, m in department.pieces
        )
        body = f"【{shown}】{body}"  # (no colour of its own: it must stay readable in a selected row)
    return body


class RichTextDelegate(QStyledItemDelegate):
    """Draws a cell's HTML (its UserRole data): the marked excerpt, wrapped to two lines."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(index.data(Qt.ItemDataRole.UserRole) or "")
        document.setTextWidth(max(40, option.rect.width()))
        return document

    def paint(self, painter, option, index) -> None:  # noqa: ANN001
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        document = self._document(options, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(options.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(role))
        painter.save()
        painter.translate(options.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, options.rect.width(), options.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: ANN001
        height = option.fontMetrics.height() * 2 + 10
        return QSize(option.rect.width() or 400, height)


class QueryField(QLineEdit):
    """The query; ↓ moves to the results."""

    def __init__(self, results: QTableWidget):
        super().__init__()
        self._results = results

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self._results.rowCount():
            self._results.setFocus(Qt.FocusReason.OtherFocusReason)
            if self._results.currentRow() < 0:
                self._results.selectRow(0)
            return
        super().keyPressEvent(event)


class SearchPanel(QDialog):
    """Non-modal: ``open_hit(hit, terms)`` opens a result in the main window; the panel stays."""

    def __init__(self, parent: QWidget | None, open_hit: Callable[[SearchHit, list[str]], None]):
        super().__init__(parent)
        self.setWindowTitle(f"{TITLE} — 窗口工作周报")
        self.setModal(False)
        self._open_hit = open_hit
        self.results_found = SearchResults([])
        self.results = QTableWidget(0, 3)
        self.results.setObjectName("searchResults")
        self.results.setHorizontalHeaderLabels(["期", "部分", "内容"])
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setWordWrap(True)
        self.results.setShowGrid(False)
        self.results.verticalHeader().hide()
        self.results.setItemDelegateForColumn(EXCERPT_COLUMN, RichTextDelegate(self.results))
        header = self.results.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(EXCERPT_COLUMN, QHeaderView.ResizeMode.Stretch)
        metrics = self.results.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("2023年第52期") + 16)
        header.resizeSection(1, metrics.horizontalAdvance("三、窗口工作动态") + 16)
        self.results.verticalHeader().setDefaultSectionSize(metrics.height() * 2 + 12)
        self.results.itemActivated.connect(self._activated)

        self.query = QueryField(self.results)
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText("查找所有各期的标题、动态、部门和生成的句子（一个字也可以；几个词用空格分开）")
        self.query.setClearButtonEnabled(True)
        self.query.textEdited.connect(self._typed)
        self.query.returnPressed.connect(self.search_now)
        self.summary = QLabel()
        hint(self.summary)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.search_now)

        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_query)
        self.resize(760, 520)

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        self.show_results(search_index.search(self.query.text()))

    def set_query(self, text: str) -> None:
        self.query.setText(text)
        self.search_now()

    def show_results(self, found: SearchResults) -> None:
        self.results_found = found
        self.summary.setText(found.summary_zh() + ("　↓ 到结果，回车或双击打开该期。" if found.hits else ""))
        self.results.setRowCount(len(found.hits))
        for row, hit in enumerate(found.hits):
            issue = QTableWidgetItem(f"{hit.key.year}年第{hit.key.number}期")
            when = period_text(hit.period_start, hit.period_end).strip("（）")
            issue.setToolTip(f"总第{hit.serial}期　{when}" if hit.serial else when)
            section = QTableWidgetItem(hit.heading)
            text = QTableWidgetItem()
            text.setData(Qt.ItemDataRole.UserRole, excerpt_html(hit, found.terms))
            text.setToolTip(hit.text if len(hit.text) <= 300 else hit.text[:300] + "…")
            for column, item in enumerate((issue, section, text)):
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.results.setItem(row, column, item)
        if found.hits:
            self.results.scrollToTop()

    def _activated(self, item: QTableWidgetItem) -> None:
        self.open_row(item.row())

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.results_found.hits):
            hit = self.results_found.hits[row]
            log.info("search %r: opening %s at %s", self.query.text(), hit.key, hit.path)
            self._open_hit(hit, self.results_found.terms)
