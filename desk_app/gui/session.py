"""The issue being edited and its saving: every change reaches the database within a second.

Changes are written whole through ``repository.save_issue`` at most
``SAVE_DELAY_MS`` after the first unsaved keystroke (a throttle, not a debounce
that waits for the clerk to stop typing), and at once when a field is left, an
other issue is opened or the window closes.
"""

from __future__ import annotations

import copy
import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from desk_app.domain.model import Issue, IssueKey
from desk_app.storage import repository

SAVE_DELAY_MS = 400
# How long a save from the window waits for another program's write lock (besides SQLite's busy
# timeout) before it says so: the window is frozen meanwhile, and it tries again by itself.
SAVE_PATIENCE_S = 1.0
log = logging.getLogger(__name__)


class SaveBlocked(Exception):
    """The issue cannot be stored under its key yet (empty, or taken by another issue)."""

    def __init__(self, message_zh: str, field: str):
        self.message_zh, self.field = message_zh, field
        super().__init__(message_zh)


class IssueSession(QObject):
    """One issue open for editing."""

    changed = Signal()  # the content changed: preview and problems follow
    saved = Signal(object)  # SaveResult
    save_blocked = Signal(object)  # SaveBlocked, or None once saving works again
    conflict = Signal(str)  # another clerk saved this issue meanwhile (shared database)
    failed = Signal(str)  # the database refused (disk full, server gone…)
    locked = Signal(object)  # repository.IssueLocked: marked issued meanwhile (by another window or computer)

    def __init__(self, issue: Issue, revision: int | None, parent: QObject | None = None):
        super().__init__(parent)
        self.issue = issue
        # As stored at ``revision``: what another clerk's version is compared against on a conflict.
        self.base: Issue | None = copy.deepcopy(issue) if revision is not None else None
        self.revision = revision
        self.stored_key: IssueKey | None = issue.key if revision is not None else None
        self._previous: Issue | None = None
        self._previous_read = False
        self.dirty = False
        self.last_saved: datetime | None = None
        self.blocked: SaveBlocked | None = None
        self.last_error: str | None = None  # why the last save failed (the database refused), in words to show
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)

    # editing -----------------------------------------------------------------

    def touch(self) -> None:
        """The issue was changed in memory: schedule a save and tell the views."""
        self.dirty = True
        if not self._timer.isActive():
            self._timer.start()
        self.changed.emit()

    @property
    def previous(self) -> Issue | None:
        """The stored issue before this one (carried over, added to); read when first needed, not at start-up."""
        if not self._previous_read:
            self.refresh_previous()
        return self._previous

    def refresh_previous(self) -> None:
        key = self.issue.key
        self._previous = repository.previous_issue(key) if key else None
        self._previous_read = True

    # saving ------------------------------------------------------------------

    def save_now(self) -> bool:
        """Write the issue if it has unsaved changes; False when it could not be written."""
        self._timer.stop()
        if not self.dirty:
            return True
        try:
            self._check_key()
        except SaveBlocked as blocked:
            self.blocked = blocked
            self.save_blocked.emit(blocked)
            return False
        key_changed = self.stored_key is not None and self.stored_key != self.issue.key
        try:
            result = repository.save_issue(
                self.issue, expected_revision=self.revision, original_key=self.stored_key, patience=SAVE_PATIENCE_S
            )
        except repository.IssueLocked as exc:  # before ConflictError: issued elsewhere; retrying cannot help
            log.warning("saving %s refused: %s", self.issue.key, exc)
            self.last_error = exc.message_zh()
            self.locked.emit(exc)
            return False
        except repository.ConflictError as exc:
            log.warning("conflict saving %s: %s", self.issue.key, exc)
            self.conflict.emit(str(exc))
            return False
        except ValueError as exc:  # the key was taken between the check and the save
            self.blocked = SaveBlocked(f"第{self.issue.masthead.number}期已存在，不能改用这个期号。", "masthead.number")
            self.save_blocked.emit(self.blocked)
            log.info("save blocked: %s", exc)
            return False
        except Exception as exc:  # the database is gone: keep the edits in memory, say so
            log.exception("saving %s failed", self.issue.key)
            self.last_error = str(exc)
            self.failed.emit(str(exc))
            if not self._timer.isActive():
                self._timer.start(5000)  # try again: a shared server may come back
            return False
        self.revision = result.revision
        self.stored_key = result.key
        self.base = copy.deepcopy(self.issue)
        self.dirty = False
        self.last_error = None
        self.last_saved = datetime.now()
        if self.blocked is not None:
            self.blocked = None
            self.save_blocked.emit(None)
        if key_changed:
            self.refresh_previous()
        self.saved.emit(result)
        return True

    def _check_key(self) -> None:
        key = self.issue.key
        if key is None:
            field = "masthead.year" if self.issue.masthead.year is None else "masthead.number"
            raise SaveBlocked("请填写年份和期号：没有它们这一期无法保存。", field)
        if key.year < 1 or key.number < 1:
            raise SaveBlocked("年份和期号至少为 1。", "masthead.number")
        if key != self.stored_key and repository.issue_exists(key):
            raise SaveBlocked(f"{key.year}年第{key.number}期已存在，不能改用这个期号。", "masthead.number")

    def save_for_closing(self) -> bool:
        """Save before the issue is closed. If its new key cannot be used, keep the edits under the old one."""
        if self.save_now() or not self.dirty:
            return not self.dirty
        if self.blocked is not None and self.stored_key is not None:
            keep = copy.deepcopy(self.issue)
            keep.masthead.year, keep.masthead.number = self.stored_key
            try:
                result = repository.save_issue(
                    keep, expected_revision=self.revision, original_key=self.stored_key, patience=SAVE_PATIENCE_S
                )
            except Exception:
                log.exception("saving %s under its old key failed", self.stored_key)
                return False
            log.info("saved %s under its old key %s (new key was blocked)", self.issue.key, self.stored_key)
            self.revision = result.revision
            self.base = keep
            self.dirty = False
            return True
        return False

    def stop(self) -> None:
        self._timer.stop()
