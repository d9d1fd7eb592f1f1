"""「这一期已被其他同事修改」: both versions field by field, the clerk keeps one of them per field.

Imported when a conflict happens (never at start-up). :func:`settle` does the whole round:
read their stored version, ask through a :class:`Dialogs` (tests script it), store the
merge with their revision, and go around again should someone save once more meanwhile.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.merge import Difference, changed_spans, differences, merge, three_way
from desk_app.domain.model import Issue, IssueKey
from desk_app.storage import repository

from . import style
from .dialogs import Dialogs

log = logging.getLogger(__name__)

TITLE = "这一期已被其他同事修改"
FIELD, THEIRS, MINE = 0, 1, 2
HEADERS = ("字段", "对方保存的内容", "我的内容")
MAX_LINES = 6  # a longer text is cut in its cell; the tooltip has all of it
CUT_MARK = "……"
TOOLTIP_WIDTH = 520  # pixels, for a long text
CHOSEN_BACKGROUND = "#e3f2e6"  # pale green: the version that will be kept
CURRENT_BACKGROUND = "#eef3fb"  # the row the keyboard is on
CHANGED_BACKGROUND = "#ffe08a"  # amber: the characters in which the versions differ
SPANS_ROLE = Qt.ItemDataRole.UserRole  # [(start, end)] of the changed characters
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 1


# the version cells ---------------------------------------------------------------------------


def marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` as rich text (for a tooltip) with ``spans`` marked."""
    parts, at = [], 0
    for start, end in spans:
        parts.append(html.escape(text[at:start]))
        parts.append(f'<span style="background:{CHANGED_BACKGROUND}">{html.escape(text[start:end])}</span>')
        at = end
    parts.append(html.escape(text[at:]))
    body = f'<p style="white-space:pre-wrap">{"".join(parts)}</p>'
    # A tooltip wraps a long paragraph into a narrow column of its own choosing: give it room.
    return f'<table width="{TOOLTIP_WIDTH}"><tr><td>{body}</td></tr></table>' if len(text) > 60 else body


class _VersionDelegate(QStyledItemDelegate):
    """A version cell: a radio mark, the text wrapped with its changes marked, cut after MAX_LINES."""

    def __init__(self, view: QTableWidget):
        super().__init__(view)
        self.view = view

    def _document(self, index: QModelIndex, font, width: int) -> QTextDocument:  # noqa: ANN001
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        document.setPlainText(index.data(Qt.ItemDataRole.DisplayRole) or "")
        marked = QTextCharFormat()
        marked.setBackground(QColor(CHANGED_BACKGROUND))
        for start, end in index.data(SPANS_ROLE) or []:
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(marked)
        document.setTextWidth(max(width, 20))
        return document

    def _indicator(self) -> QSize:
        style = self.view.style()
        return QSize(
            style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth),
            style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorHeight),
        )

    def _text_rect(self, rect: QRect) -> QRect:
        return rect.adjusted(self._indicator().width() + 12, 5, -6, -5)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = self.view.columnWidth(index.column())
        text_width = self._text_rect(QRect(0, 0, width, 100)).width()
        lines = _lines(self._document(index, option.font, text_width))
        shown = lines[:MAX_LINES]
        height = shown[-1][1] - shown[0][0] if shown else self.view.fontMetrics().lineSpacing()
        return QSize(width, int(height + 0.999) + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect = option.rect
        chosen = bool(index.data(CHOSEN_ROLE))
        current = self.view.currentRow() == index.row()
        background = QColor(CHOSEN_BACKGROUND if chosen else CURRENT_BACKGROUND if current else "#ffffff")
        painter.save()
        painter.fillRect(rect, background)

        mark = QStyleOptionButton()
        size = self._indicator()
        mark.rect = QRect(rect.left() + 6, rect.top() + 6, size.width(), size.height())
        mark.state = QStyle.StateFlag.State_Enabled | (QStyle.StateFlag.State_On if chosen else QStyle.StateFlag.State_Off)
        self.view.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorRadioButton, mark, painter, self.view)

        text_rect = self._text_rect(rect)
        document = self._document(index, option.font, text_rect.width())
        lines = _lines(document)
        first, last = _shown_lines(lines, document, index.data(SPANS_ROLE) or [], text_rect.height())
        if lines:
            top, bottom = lines[first][0], lines[last][1]
            painter.setClipRect(QRect(text_rect.left(), text_rect.top(), text_rect.width(), int(bottom - top + 0.999)))
            painter.translate(text_rect.left(), text_rect.top() - top)
            document.drawContents(painter, QRectF(0, top, text_rect.width(), bottom - top))
        painter.restore()
        if lines:
            self._draw_cut_marks(painter, text_rect, lines, first, last, background)

    def _draw_cut_marks(self, painter: QPainter, rect: QRect, lines, first: int, last: int, background: QColor) -> None:  # noqa: ANN001
        """「……」 at the right end of the first or last line shown where the text goes on beyond the cell."""
        metrics = self.view.fontMetrics()
        width = metrics.horizontalAdvance(CUT_MARK) + 6
        top = lines[first][0]
        painter.save()
        painter.setPen(QColor(style.HINT))
        for shown in ([first] if first > 0 else []) + ([last] if last < len(lines) - 1 else []):
            line_top, line_bottom = lines[shown]
            area = QRect(rect.right() + 1 - width, rect.top() + int(line_top - top), width, int(line_bottom - line_top))
            painter.fillRect(area, background)
            painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, CUT_MARK)
        painter.restore()


def _lines(document: QTextDocument) -> list[tuple[float, float]]:
    """(top, bottom) of every line of the laid-out ``document``."""
    lines = []
    block = document.begin()
    while block.isValid():
        block_top = document.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            lines.append((block_top + line.y(), block_top + line.y() + line.height()))
        block = block.next()
    return lines


def _line_of(document: QTextDocument, lines: list[tuple[float, float]], position: int) -> int:
    block = document.findBlock(position)
    line = block.layout().lineForTextPosition(position - block.position())
    top = document.documentLayout().blockBoundingRect(block).top() + (line.y() if line.isValid() else 0)
    return min(range(len(lines)), key=lambda n: abs(lines[n][0] - top))


def _shown_lines(lines: list[tuple[float, float]], document: QTextDocument, spans, height: int) -> tuple[int, int]:  # noqa: ANN001
    """The first and last line to show in ``height``: from the top, or from a line above the first change
    when that change lies below the cut, so the clerk sees what differs without the tooltip."""
    if not lines:
        return 0, 0

    def last_fitting(first: int) -> int:
        last = first
        while last + 1 < len(lines) and lines[last + 1][1] - lines[first][0] <= height + 0.5:
            last += 1
        return last

    first = 0
    last = last_fitting(first)
    if spans and last < len(lines) - 1:
        change = _line_of(document, lines, spans[0][0])
        if change > last:
            first = max(change - 1, 0)
            last = last_fitting(first)
            while first > 0 and lines[last][1] - lines[first - 1][0] <= height + 0.5:  # no room left empty at the end
                first -= 1
    return first, last


# the dialog ----------------------------------------------------------------------------------


class ConflictDialog(QDialog):
    """字段 | 对方保存的内容 | 我的内容, one row per difference; per row the clerk keeps one version."""

    def __init__(self, key: IssueKey, found: list[Difference], kept: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.differences = list(found)
        self.paths = [d.path for d in self.differences]
        self._mine = {path: True for path in self.paths}  # mine by default: the clerk was just typing it

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        intro = QLabel(
            f"您编辑{key.year}年第{key.number}期时，其他同事也修改并保存了这一期（多人共用数据库）。"
            f"两边有 {len(self.differences)} 处不同，标黄的是不同的文字。"
            "请逐项点选要保留的内容（也可按 ← →），默认保留“我的内容”。"
            "按“确定”保存所选的内容；按“取消”则保留对方保存的内容。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if kept is not None:
            copy_note = QLabel(f"无论如何选择，您的内容都已另存为：{kept}（可用“文件 › 导入交换文件”恢复）")
            copy_note.setObjectName("keptCopy")
            copy_note.setWordWrap(True)
            copy_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            style.hint(copy_note)
            layout.addWidget(copy_note)

        self.table = self._make_table()
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setObjectName("choiceSummary")
        layout.addWidget(self.summary)

        # 全部用… on the left, apart from 确定/取消 on the right: they choose, they do not close the dialog.
        self.all_mine_button = QPushButton("全部用我的(&M)")
        self.all_theirs_button = QPushButton("全部用对方的(&T)")
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setToolTip("不合并：保留对方保存的内容（您的内容已另存，不会丢失）")
        button_row = QHBoxLayout()
        for button in (self.all_mine_button, self.all_theirs_button):
            button.setAutoDefault(False)
            button_row.addWidget(button)
        button_row.addStretch(1)
        button_row.addWidget(self.buttons)
        self.ok_button.setDefault(True)
        self.all_mine_button.clicked.connect(lambda: self.use_all(mine=True))
        self.all_theirs_button.clicked.connect(lambda: self.use_all(mine=False))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addLayout(button_row)

        self._show_choices()
        self._fit_to_screen()
        self.table.setFocus()
        if self.paths:
            self.table.setCurrentCell(0, MINE)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(len(self.differences), len(HEADERS))
        table.setObjectName("conflictTable")
        table.setHorizontalHeaderLabels(list(HEADERS))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)  # the chosen cell is marked instead
        table.setWordWrap(True)
        table.setTabKeyNavigation(False)  # Tab goes on to the buttons; ↑ ↓ ← → work in the table
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # tall rows scroll smoothly
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(FIELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(THEIRS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MINE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(FIELD, table.fontMetrics().horizontalAdvance("一、综窗改革 › 综窗办件情况 ›") + 16)
        delegate = _VersionDelegate(table)
        table.setItemDelegateForColumn(THEIRS, delegate)
        table.setItemDelegateForColumn(MINE, delegate)
        for row, difference in enumerate(self.differences):
            their_spans, my_spans = changed_spans(difference.theirs, difference.mine)
            label = QTableWidgetItem(difference.label)
            label.setToolTip(difference.label)
            table.setItem(row, FIELD, label)
            for column, text, spans in ((THEIRS, difference.theirs, their_spans), (MINE, difference.mine, my_spans)):
                item = QTableWidgetItem(text)
                item.setData(SPANS_ROLE, spans)
                item.setToolTip(marked_html(text, spans))
                table.setItem(row, column, item)
        table.cellClicked.connect(self._cell_clicked)
        table.currentCellChanged.connect(self._current_row_changed)
        header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
        table.installEventFilter(self)
        return table

    def _fit_to_screen(self) -> None:
        # 1366×768 at 150 % leaves 910×512: the table scrolls rather than the dialog outgrowing the screen.
        available = self.screen().availableGeometry()
        self.resize(min(1100, available.width() - 40), min(640, available.height() - 40))

    # choosing ------------------------------------------------------------------------------

    def choose(self, path: str, mine: bool) -> None:
        """Keep my version of ``path`` (``mine``) or theirs."""
        if path not in self._mine:
            raise KeyError(path)
        self._mine[path] = mine
        self._show_choices()

    def use_all(self, mine: bool) -> None:
        for path in self.paths:
            self._mine[path] = mine
        self._show_choices()

    def uses_mine(self, path: str) -> bool:
        return self._mine[path]

    def chosen_paths(self) -> list[str]:
        """The paths whose version is mine, in the order shown."""
        return [path for path in self.paths if self._mine[path]]

    def _current_row_changed(self, row: int, _column: int, previous_row: int, _previous_column: int) -> None:
        # The version cells paint the current row themselves (the delegate); the field's cell follows.
        for at, background in ((previous_row, QBrush()), (row, QBrush(QColor(CURRENT_BACKGROUND)))):
            item = self.table.item(at, FIELD) if at >= 0 else None
            if item is not None:
                item.setBackground(background)
        self.table.viewport().update()

    def _cell_clicked(self, row: int, column: int) -> None:
        if column in (THEIRS, MINE):
            self.choose(self.paths[row], mine=column == MINE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # ← keeps theirs, → mine, Space switches: the rows can be gone through without the mouse.
        if watched is self.table and event.type() == QEvent.Type.KeyPress and self.paths:
            key = event.key()
            row = max(self.table.currentRow(), 0)
            path = self.paths[row]
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Space):
                mine = key == Qt.Key.Key_Right if key != Qt.Key.Key_Space else not self._mine[path]
                self.choose(path, mine)
                self.table.setCurrentCell(row, MINE if mine else THEIRS)
                return True
        return super().eventFilter(watched, event)

    def _show_choices(self) -> None:
        for row, path in enumerate(self.paths):
            mine = self._mine[path]
            self.table.item(row, THEIRS).setData(CHOSEN_ROLE, not mine)
            self.table.item(row, MINE).setData(CHOSEN_ROLE, mine)
        mine_count = sum(self._mine.values())
        self.summary.setText(f"将保存：我的内容 {mine_count} 处，对方的内容 {len(self.paths) - mine_count} 处。")

    def showEvent(self, event) -> None:  # noqa: ANN001
        super().showEvent(event)
        self.table.resizeRowsToContents()  # the columns have their widths now


# the whole round -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Settled:
    """How a conflict ended: the issue to open (None: it is gone) and a line for the status bar."""

    key: IssueKey | None
    message: str


def settle(stored_key: IssueKey, mine: Issue, kept: Path, dialogs: Dialogs, base: Issue | None = None) -> Settled:
    """Store their version with this clerk's changes, asking only where both changed the same field.

    ``base`` is the version this clerk started from (as last loaded or saved): a field
    only one clerk changed since is taken from that clerk without a question. Without it
    every difference is asked about.
    """
    while True:
        try:
            theirs, revision = repository.load_issue_with_revision(stored_key)
        except repository.IssueNotFound:
            dialogs.warn(
                TITLE,
                f"{stored_key.year}年第{stored_key.number}期已被其他同事删除或改了期号。\n\n"
                f"您的内容已另存为：\n{kept}\n可用“文件 › 导入交换文件”恢复。",
            )
            return Settled(None, f"您的内容已另存为：{kept}")
        if base is not None:
            sorted_out = three_way(base, theirs, mine)
            automatic, found = sorted_out.only_mine, sorted_out.both
        else:
            automatic, found = [], differences(theirs, mine)
        if not found and not automatic:
            return Settled(stored_key, "其他同事刚保存了这一期，已载入；您这边没有与之不同的修改。")
        chosen: list[str] = []
        if found:
            answer = dialogs.resolve_conflict(stored_key, found, kept)
            if answer is None:
                log.info("conflict on %s: kept theirs (revision %s)", stored_key, revision)
                return Settled(stored_key, f"已载入其他同事保存的内容；您的内容已另存为：{kept}")
            chosen = answer
        if not chosen and not automatic:
            return Settled(stored_key, "已载入其他同事保存的内容（全部选用对方的）。")
        merged = merge(theirs, mine, [*automatic, *chosen])
        try:
            result = _store(merged, revision, stored_key, dialogs)
        except repository.IssueLocked as exc:  # marked 已印发 meanwhile: nothing is saved over it
            dialogs.warn(TITLE, f"{exc.message_zh()}\n\n您的内容已另存为：\n{kept}\n解锁后可用“文件 › 导入交换文件”恢复。")
            return Settled(stored_key, f"本期已印发，未保存您的修改；您的内容已另存为：{kept}")
        except repository.ConflictError:
            log.info("conflict on %s again while merging: asking once more", stored_key)
            base, mine = theirs, merged  # what the clerk chose, against what is stored now
            continue
        log.info(
            "conflict on %s: %d fields mine without asking, %d of %d asked kept mine (revision %s)",
            stored_key, len(automatic), len(chosen), len(found), result.revision,
        )  # fmt: skip
        if not found:
            return Settled(result.key, f"其他同事刚保存了这一期：已合并，您的 {len(automatic)} 处修改和对方的修改都已保存。")
        return Settled(
            result.key,
            f"已保存：{len(automatic) + len(chosen)} 处用您的内容，{len(found) - len(chosen)} 处用对方的内容，其余两边相同或只有一方修改。",
        )


def _store(merged: Issue, revision: int, stored_key: IssueKey, dialogs: Dialogs) -> repository.SaveResult:
    """Save over their ``revision``; should the year/number chosen be taken meanwhile, under the stored one."""
    try:
        return repository.save_issue(merged, expected_revision=revision, original_key=stored_key)
    except ValueError:
        taken = merged.key
        if taken is None or taken == stored_key:
            raise
        merged.masthead.year, merged.masthead.number = stored_key
        dialogs.warn(
            TITLE,
            f"{taken.year}年第{taken.number}期已存在，本期仍为{stored_key.year}年第{stored_key.number}期；其余按您的选择保存。",
        )
        return repository.save_issue(merged, expected_revision=revision, original_key=stored_key)
