"""Issued bulletins are locked: 「标记为已印发」, the read-only banner, and 「解锁…」 with a reason.

The lock lives in the database (repository.mark_issued / unlock_issue): every window, and the
command line, is refused a save of an issued issue. Here the open issue is shown read-only
with a banner saying when and by whom it was issued; unlocking asks for a reason, which the
change log keeps. An issued issue is not deleted until it is unlocked: a printed bulletin is
a record, and unlocking (with its reason) is the deliberate step before changing it in any way.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.model import IssueKey
from desk_app.storage import repository
from desk_app.storage.repository import IssueLocked, IssueState

from . import style

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from .main_window import MainWindow

log = logging.getLogger(__name__)
BANNER_STYLE = "QFrame#lockBanner { background: #fff4e0; border: 1px solid #e0b060; border-radius: 3px; }"


def banner_text(state: IssueState) -> str:
    """本期已印发（2023年2月27日 10:30，张三），如需修改请先解锁"""
    return f"本期{state.text_zh()}，如需修改请先解锁"


class LockBanner(QFrame):
    """Above the tabs of an issued issue: what is locked, and the way to unlock it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockBanner")
        self.setStyleSheet(BANNER_STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setObjectName("lockText")
        self.label.setWordWrap(True)
        style.set_text_color(self.label, "#6b4400")  # a palette, not a QFont: the banner is made before the first paint
        self.unlock_button = QPushButton("解锁…")
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setToolTip("解锁后才能修改本期；须说明原因，记入修改记录")
        row.addWidget(self.label, 1)
        row.addWidget(self.unlock_button)
        self.hide()


class ReasonDialog(QDialog):
    """Asks why: 确定 only once something is written."""

    def __init__(self, title: str, text: str, ok: str = "确定", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("reason")
        self.editor.setPlaceholderText("请写明原因，如：发现第二部分数字有误，更正后重新印发")
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.editor.textChanged.connect(self._update_ok)
        self._update_ok()
        self.resize(460, 220)

    def reason(self) -> str:
        return self.editor.toPlainText().strip()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))


class IssueLocking:
    """The open issue's lock: its banner, its two actions and what the window may do with it."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.banner = LockBanner()
        self.banner.unlock_button.clicked.connect(lambda _checked=False: self.unlock())
        window.editor.layout().insertWidget(0, self.banner)
        self.state = IssueState()
        self._key: IssueKey | None = None
        self.mark_action: QAction | None = None
        self.unlock_action: QAction | None = None

    @property
    def locked(self) -> bool:
        return self.state.issued

    def sync(self) -> None:
        """Show the open issue's state (read from the database when another issue was opened)."""
        session = self.window.session
        key = session.stored_key if session is not None else None
        if key != self._key:
            self._key = key
            self.state = IssueState()
            if key is not None:
                try:
                    self.state = repository.issue_state(key)
                except repository.IssueNotFound:
                    pass
        self._show()

    def _show(self) -> None:
        has_issue = self._key is not None
        issued = has_issue and self.state.issued
        self.banner.label.setText(banner_text(self.state) if issued else "")
        self.banner.setVisible(issued)
        self.window.editor.set_read_only(issued)
        if self.mark_action is not None:
            self.mark_action.setEnabled(has_issue and not issued)
        if self.unlock_action is not None:
            self.unlock_action.setEnabled(issued)

    def _changed(self, revision: int) -> None:
        session = self.window.session
        assert session is not None and self._key is not None
        session.revision = revision
        self.state = repository.issue_state(self._key)
        self.window.model.set_state(self._key, self.state)
        self._show()

    # the clerk's commands ----------------------------------------------------------------

    def mark_issued(self) -> None:
        window, session = self.window, self.window.session
        if session is None or session.stored_key is None or self.locked:
            return
        if not session.save_now():
            return
        window.update_preview()
        errors = [p for p in window.problems if p.is_error]
        key = session.stored_key
        if errors:
            window.dialogs.warn(
                "不能标记为已印发",
                f"{key.year}年第{key.number}期还有 {len(errors)} 处错误（见下方问题列表），改正后才能标记为已印发。",
            )
            return
        if not window.dialogs.ask(
            "标记为已印发",
            f"把{key.year}年第{key.number}期标记为已印发吗？\n\n标记后本期锁定，任何电脑都不能再修改或删除；"
            "如需修改，须先“解锁”并说明原因（记入修改记录）。",
            yes="标记为已印发",
        ):
            return
        try:
            revision = repository.mark_issued(key, expected_revision=session.revision)
        except repository.ConflictError:
            window.dialogs.warn("未标记", f"{key.year}年第{key.number}期刚刚被其他同事修改并保存，所以没有标记。\n现在载入对方保存的内容，请看过后再标记。")
            window.refresh()
            return
        log.info("marked %s issued", key)
        self._changed(revision)
        window.statusBar().showMessage(f"已标记为已印发：{key.year}年第{key.number}期已锁定。", 8000)

    def unlock(self) -> None:
        window, session = self.window, self.window.session
        if session is None or session.stored_key is None or not self.locked:
            return
        key = session.stored_key
        reason = window.dialogs.ask_reason(
            "解锁本期",
            f"{key.year}年第{key.number}期{self.state.text_zh()}。\n解锁后可以修改，原因记入修改记录。请写明解锁的原因：",
            ok="解锁",
        )
        if reason is None:
            return
        if not reason.strip():
            window.dialogs.warn("未解锁", "请写明解锁的原因，才能解锁。")
            return
        try:
            revision = repository.unlock_issue(key, reason, expected_revision=session.revision)
        except repository.ConflictError:
            window.dialogs.warn("未解锁", f"{key.year}年第{key.number}期的状态刚刚被其他同事改动。现在重新载入。")
            window.refresh()
            return
        log.info("unlocked %s: %s", key, reason)
        self._changed(revision)
        window.statusBar().showMessage(f"已解锁{key.year}年第{key.number}期，可以修改；原因已记入修改记录。", 8000)

    def may_delete(self) -> bool:
        """An issued issue is not deleted: it is unlocked first (with a reason)."""
        if not self.locked or self._key is None:
            return True
        key = self._key
        self.window.dialogs.warn(
            "不能删除", f"{key.year}年第{key.number}期{self.state.text_zh()}，不能删除。\n如确需删除，请先解锁（须说明原因）。"
        )
        return False

    def save_refused(self, locked: IssueLocked) -> None:
        """Another computer marked the issue issued while edits were unsaved here: keep them in a file, show it locked."""
        window, session = self.window, self.window.session
        if session is None:
            return
        kept = window._keep_copy(session.issue, "已印发未保存")
        session.dirty = False  # nothing to retry: the database refuses it until unlocked
        key = locked.key
        window.dialogs.warn(
            "本期已被标记为已印发",
            f"{locked.message_zh()}\n\n这台电脑上最近的修改没有保存到数据库，已另存为：\n{kept}\n解锁后可用“文件 › 导入交换文件”恢复。",
        )
        self._key = None  # read the state again

        def reopen() -> None:
            window.model.reload(repository.list_issues())
            window.open_issue(key)

        QTimer.singleShot(0, reopen)
