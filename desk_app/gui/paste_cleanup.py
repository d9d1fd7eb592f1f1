"""Text as it is printed, in the GUI: pasted text cleaned (and the clean-up undoable), a half-width mark
typed after Chinese made Chinese, 「整理标点」 for a whole issue, and a department's submission pasted
or dropped into 三、窗口动态.

The rules are the domain's (desk_app/domain/cleanup.py); this module only applies them to widgets
and shows what they changed. A paste makes two undo steps in the field: the raw text as pasted,
then the clean-up, so Ctrl+Z (or 「撤销整理」 in the note that says what was changed) gives the raw
paste back. Everything reaches the issue through the editor's ``edit`` and ``insert_item``, so it
is saved as anything typed is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.cleanup import Change, Cleaned, FieldCleanup, Submission, clean, clean_issue, is_sentence_field, split_submission
from desk_app.domain.model import Entry, Group
from desk_app.domain.problems import field_label_zh

from .submission_drop import copy_mime

if TYPE_CHECKING:
    from .main_window import MainWindow

NOTE_SECONDS = 20  # how long the note after a paste stays, unless the field is edited on
MAX_SUBMISSION_BYTES = 20 * 1024 * 1024  # a .docx or .txt dropped in: larger is not a department's week
MAX_SUBMISSION_CHARS = 200_000
_GROUP_OF_PATH = re.compile(r"^dynamics\.groups\[(\d+)\]")


# --- paste into a field ----------------------------------------------------------------------------


def field_path(field: QWidget) -> str | None:
    """The issue path of a page's field (its page keeps them in ``fields``)."""
    widget = field.parentWidget()
    while widget is not None:
        fields = getattr(widget, "fields", None)
        if isinstance(fields, dict):
            return next((path for path, w in fields.items() if w is field), None)
        widget = widget.parentWidget()
    return None


def paste_cleaned(field: QTextEdit | QLineEdit, raw: str) -> Cleaned:
    """Insert ``raw`` at the cursor as pasted (one undo step), then its clean-up (another); say what changed."""
    path = field_path(field)
    sentence = path is not None and is_sentence_field(path)
    if isinstance(field, QTextEdit):
        cursor = field.textCursor()
        cursor.beginEditBlock()
        start = cursor.selectionStart()
        cursor.insertText(raw)
        end = cursor.position()
        cursor.endEditBlock()
        result = clean(raw, sentence=sentence and cursor.atEnd())
        if result.text != raw:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.beginEditBlock()
            cursor.insertText(result.text)
            cursor.endEditBlock()
        field.setTextCursor(cursor)
        shown = field.toPlainText()
    else:
        flat = " ".join(raw.splitlines())  # a line holds no line breaks, even as pasted
        start = field.selectionStart() if field.hasSelectedText() else field.cursorPosition()
        field.insert(flat)
        result = clean(raw)
        if result.text != flat:
            field.setSelection(start, len(flat))
            field.insert(result.text)
        shown = field.text()
    if result.changed:
        note_for(field).show_for(field, result, shown)
    return result


def typed_mark_cleaned(field: QTextEdit | QLineEdit, typed: str) -> bool:
    """A half-width mark just typed after Chinese becomes Chinese, as its own undo step (Ctrl+Z gives it back)."""
    from desk_app.domain.cleanup import typed_mark

    if isinstance(field, QTextEdit):
        cursor = field.textCursor()
        if cursor.hasSelection():
            return False
        position = cursor.positionInBlock()
        line = cursor.block().text()
    else:
        if field.hasSelectedText():
            return False
        position, line = field.cursorPosition(), field.text()
    if position < 1 or line[position - 1] != typed:
        return False
    replacement = typed_mark(line[: position - 1], typed)
    if replacement is None:
        return False
    if isinstance(field, QTextEdit):
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()
        field.setTextCursor(cursor)
    else:
        field.setSelection(position - 1, 1)
        field.insert(replacement)
    bar = getattr(field.window(), "statusBar", None)
    if bar is not None:
        bar().showMessage(f"已将“{typed}”改为“{replacement}”（Ctrl+Z 撤销）", 4000)
    return True


class CleanupNote(QFrame):
    """「已整理 3 处：…」 under the field just pasted into, with 「撤销整理」; not modal, goes by itself."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("cleanupNote")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#cleanupNote{background:#fff8dc;border:1px solid #d8b84a;border-radius:3px;}")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.undo_button = QPushButton("撤销整理")
        self.undo_button.setToolTip("恢复为粘贴时的原文（也可按 Ctrl+Z）")
        self.undo_button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.undo_button.clicked.connect(lambda _checked=False: self.undo())
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        close.clicked.connect(lambda _checked=False: self.dismiss())
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.undo_button)
        row.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self._field: QTextEdit | QLineEdit | None = None
        self._shown_text = ""
        self.hide()

    def show_for(self, field: QTextEdit | QLineEdit, result: Cleaned, shown_text: str) -> None:
        self.dismiss()
        self._field, self._shown_text = field, shown_text
        self.label.setText(f"已整理 {len(result.changes)} 处：{result.summary()}")
        self.label.setToolTip("\n".join(describe_change(c) for c in result.changes))
        field.textChanged.connect(self._field_changed)
        field.destroyed.connect(self._field_gone)
        self._place()
        self.show()
        self.raise_()
        QTimer.singleShot(0, self._place)  # again once the field has grown or shrunk to its new text
        self._timer.start(NOTE_SECONDS * 1000)

    def _place(self) -> None:
        """Just under the field, as wide as it; above it when there is no room below."""
        field, parent = self._field, self.parentWidget()
        if field is None or parent is None:
            return
        self.setFixedWidth(max(240, min(field.width(), parent.width() - 16)))
        self.adjustSize()
        top = field.mapTo(parent, field.rect().topLeft())
        x = max(0, min(top.x(), parent.width() - self.width()))
        below = top.y() + field.height() + 2
        y = below if below + self.height() <= parent.height() else max(0, top.y() - self.height() - 2)
        self.move(x, y)

    def undo(self) -> None:
        """Back to the raw paste: the field's own undo, while nothing else was typed since."""
        field = self._field
        if field is not None and _text_of(field) == self._shown_text:
            self._release()
            field.undo()
        self.dismiss()

    def _field_changed(self, *_args: object) -> None:
        if self._field is not None and _text_of(self._field) != self._shown_text:
            self.dismiss()

    def _field_gone(self, *_args: object) -> None:
        self._field = None
        self.hide()

    def _release(self) -> None:
        field, self._field = self._field, None
        if field is not None:
            field.textChanged.disconnect(self._field_changed)
            field.destroyed.disconnect(self._field_gone)

    def dismiss(self) -> None:
        self._timer.stop()
        self._release()
        self.hide()


def _text_of(field: QTextEdit | QLineEdit) -> str:
    return field.toPlainText() if isinstance(field, QTextEdit) else field.text()


def note_for(field: QWidget) -> CleanupNote:
    window = field.window()
    note = getattr(window, "_cleanup_note", None)
    if note is None:
        note = window._cleanup_note = CleanupNote(window)  # type: ignore[attr-defined]
    return note


def _visible(text: str) -> str:
    return text.replace("\n", "↵").replace(" ", "␣").replace("\u3000", "␣")


def describe_change(change: Change, original: str = "") -> str:
    """「半角逗号改为全角：「,」→「，」」, with a little of the text around it when ``original`` is given."""
    if not change.before:
        what = f"补「{change.after}」"
    elif not change.after:
        what = f"删去「{_visible(change.before)}」"
    else:
        what = f"「{_visible(change.before)}」→「{_visible(change.after)}」"
    if not original:
        return f"{change.rule}：{what}"
    left = original[max(0, change.position - 8) : change.position]
    right = original[change.position + len(change.before) : change.position + len(change.before) + 8]
    return f"{change.rule}：…{_visible(left)}【{what}】{_visible(right)}…"


# --- 「整理标点」 for a whole issue ---------------------------------------------------------------------


class CleanupReviewDialog(QDialog):
    """Every field 「整理标点」 would change, each with its changes; 应用 applies those left ticked."""

    def __init__(self, found: list[FieldCleanup], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("整理标点")
        self.found = found
        count = sum(len(f.changes) for f in found)
        self.intro = QLabel(f"本期有 {len(found)} 个栏目、共 {count} 处标点、引号或空格需要整理。取消勾选的栏目不作改动。")
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["栏目", "改动"])
        self.tree.setWordWrap(True)
        self.items: list[QTreeWidgetItem] = []
        for cleanup in found:
            item = QTreeWidgetItem([field_label_zh(cleanup.path), cleanup.after[:60] + ("…" if len(cleanup.after) > 60 else "")])
            item.setCheckState(0, QtCore.Qt.CheckState.Checked)
            item.setToolTip(1, f"原文：{cleanup.before}\n整理后：{cleanup.after}")
            for change in cleanup.changes:
                QTreeWidgetItem(item, ["", describe_change(change, cleanup.before)])
            self.tree.addTopLevelItem(item)
            self.items.append(item)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("应用", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 480)

    def chosen(self) -> list[FieldCleanup]:
        return [f for f, item in zip(self.found, self.items) if item.checkState(0) == QtCore.Qt.CheckState.Checked]

    def shown_text(self) -> str:
        lines = [self.intro.text()]
        for cleanup in self.found:
            lines.append(f"{field_label_zh(cleanup.path)}：{cleanup.before} → {cleanup.after}")
        return "\n".join(lines)


def tidy_issue(window: MainWindow) -> int:
    """「整理标点」: list what would change in the open issue, and apply it when the clerk says so; how many fields changed."""
    editor = window.editor
    if window.session is None:
        return 0
    found = clean_issue(editor.issue)
    if not found:
        window.dialogs.inform("整理标点", "本期各栏目的标点、引号和空格都已规范，无需整理。")
        return 0
    dialog = CleanupReviewDialog(found, window)
    if not window.dialogs.review(dialog):
        return 0
    chosen = dialog.chosen()
    for cleanup in chosen:
        editor.edit(cleanup.path, cleanup.after)
    editor.refresh_all_values()
    editor.field_left()  # saved now, as when leaving a field
    window.statusBar().showMessage(f"已整理 {sum(len(c.changes) for c in chosen)} 处标点（{len(chosen)} 个栏目）", 8000)
    return len(chosen)


# --- a department's submission into 三、窗口动态 --------------------------------------------------------


class SubmissionError(Exception):
    def __init__(self, message_zh: str):
        super().__init__(message_zh)
        self.message_zh = message_zh


def docx_text(path: Path) -> str:
    """The paragraphs of a .docx (tables' cells too), one paragraph a block; bounded in size."""
    from docx import Document  # only when a file is dropped in: not at start-up
    from docx.opc.exceptions import PackageNotFoundError

    _check_size(path)
    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise SubmissionError(f"“{path.name}”不是可以读取的 Word 文档（.docx）：{exc}") from exc
    except Exception as exc:  # a damaged zip or XML: python-docx lets zipfile's and lxml's errors through
        raise SubmissionError(f"“{path.name}”已损坏，无法读取：{exc}") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs += [cell.text for cell in row.cells]
    return "\n\n".join(p for p in paragraphs if p.strip())[:MAX_SUBMISSION_CHARS]


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SubmissionError(f"无法读取“{path.name}”：{exc.strerror or exc}") from exc
    if size > MAX_SUBMISSION_BYTES:
        raise SubmissionError(f"“{path.name}”过大（{size / 1024 / 1024:.0f} MB），不像一份部门报送。")


def submission_text(mime: QMimeData) -> str:
    """The text of what was pasted or dropped: a .docx or .txt file, or plain text."""
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if files:
        texts = []
        for path in files:
            suffix = path.suffix.lower()
            if suffix == ".docx":
                texts.append(docx_text(path))
            elif suffix == ".txt":
                _check_size(path)
                try:
                    texts.append(path.read_text(encoding="utf-8-sig")[:MAX_SUBMISSION_CHARS])
                except (OSError, UnicodeDecodeError) as exc:
                    raise SubmissionError(f"“{path.name}”不是可以读取的 UTF-8 文本：{exc}") from exc
            else:
                raise SubmissionError(f"“{path.name}”不是 Word 文档（.docx）或文本文件（.txt），无法加入窗口动态。")
        return "\n\n".join(texts)
    return mime.text() if mime.hasText() else ""


class SubmissionDialog(QDialog):
    """「加入部门报送」: the entries as they will be added, the department recognised, the changes made; 应用 / 取消."""

    def __init__(self, submission: Submission, departments: list[str], groups: list[str], group: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("加入部门报送")
        self.submission = submission
        detected = submission.department or "（未识别，请在下方填写）"
        self.intro = QLabel(f"识别出 {len(submission.entries)} 条动态，部门：{detected}。确认后加入所选分组的末尾。")
        self.intro.setWordWrap(True)
        self.group_box = QComboBox()
        for index, title in enumerate(groups):
            self.group_box.addItem(title or f"第{index + 1}组（未命名）")
        self.group_box.addItem("新建分组")
        self.group_box.setCurrentIndex(group if 0 <= group < len(groups) else len(groups))
        self.department = QComboBox()
        self.department.setEditable(True)
        self.department.addItems(departments)
        self.department.setCurrentText(submission.department)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["部门", "内容"])
        self.tree.setWordWrap(True)
        for entry in submission.entries:
            item = QTreeWidgetItem([entry.department, entry.text])
            item.setToolTip(1, entry.text)
            for change in entry.changes:
                QTreeWidgetItem(item, ["", describe_change(change, entry.raw)])
            self.tree.addTopLevelItem(item)
        self.tree.expandAll()
        form = QHBoxLayout()
        form.addWidget(QLabel("加入分组"))
        form.addWidget(self.group_box, 1)
        form.addWidget(QLabel("部门"))
        form.addWidget(self.department, 1)
        buttons = QDialogButtonBox()
        buttons.addButton("应用", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 480)

    def group(self) -> int | None:
        """The group chosen, None for a new one."""
        index = self.group_box.currentIndex()
        return None if index == self.group_box.count() - 1 else index

    def entries(self) -> list[Entry]:
        """The entries to add: each its own department, else the one chosen here."""
        chosen = self.department.currentText().strip()
        detected = self.submission.department
        return [
            Entry(chosen if not e.department or e.department == detected else e.department, e.text)
            for e in self.submission.entries
        ]

    def shown_text(self) -> str:
        lines = [self.intro.text()]
        lines += [f"{e.department}：{e.text}" for e in self.submission.entries]
        return "\n".join(lines)


def current_group(window: MainWindow) -> int:
    """The group the cursor is in, else the last group."""
    path = window.editor.focused_path() or ""
    match = _GROUP_OF_PATH.match(path)
    if match:
        return int(match.group(1))
    return len(window.editor.issue.dynamics.groups) - 1


def take_submission(window: MainWindow, mime: QMimeData) -> int:
    """A department's submission pasted or dropped: read, split, cleaned, shown, and added; how many entries."""
    from desk_app.storage.departments import known_departments  # only when used: not at start-up

    if window.session is None:
        return 0
    try:
        text = submission_text(mime)
    except SubmissionError as exc:
        window.dialogs.warn("无法加入部门报送", exc.message_zh)
        return 0
    departments = known_departments()
    submission = split_submission(text, departments)
    if not submission.entries:
        window.dialogs.inform("加入部门报送", "没有找到可以加入窗口动态的文字。")
        return 0
    editor = window.editor
    groups = editor.issue.dynamics.groups
    dialog = SubmissionDialog(submission, [d.name for d in departments], [g.title for g in groups], current_group(window), window)
    if not window.dialogs.review(dialog):
        return 0
    group, entries = dialog.group(), dialog.entries()
    if group is None:
        editor.insert_item("dynamics.groups", len(groups), Group())
        group = len(groups) - 1
    entries_path = f"dynamics.groups[{group}].entries"
    first = len(groups[group].entries)
    for offset, entry in enumerate(entries):
        editor.insert_item(entries_path, first + offset, entry, focus="text")
    editor.field_left()
    window.statusBar().showMessage(f"已加入 {len(entries)} 条动态（{entries[0].department or '部门未填'}）", 8000)
    return len(entries)


def paste_submission(window: MainWindow) -> int:
    """「粘贴部门报送」: the clipboard's text or .docx file."""
    return take_submission(window, copy_mime(QApplication.clipboard().mimeData()))
