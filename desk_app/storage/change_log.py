"""The change log of each issue: who changed which field, when, from what to what.

A save compares the stored issue with the new one field by field: both are flattened to
``path → text`` dicts (a hundred-odd entries for a whole issue, well under a millisecond),
and only the fields that differ are written. Typing saves every 0.4 s; so that one
paragraph typed is one line, not hundreds, a change of the one field the same person
changed last, within COALESCE_SECONDS, updates that line instead of adding one.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desk_app.domain.model import Issue, IssueKey

from .models import ChangeRow, IssueRow, now

KINDS_ZH = {
    "created": "新建",
    "edit": "修改",
    "imported": "导入",
    "issued": "标记为已印发",
    "unlocked": "解锁",
    "restored": "恢复",
}
COALESCE_SECONDS = 120


def current_user() -> str:
    """The operating system's user name (Windows: the logon name), else 未知用户."""
    try:
        name = getpass.getuser()
    except Exception:  # no USERNAME/LOGNAME and no password database entry (a service account)
        name = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    return name.strip() or "未知用户"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def flatten(value: object, path: str = "", into: dict[str, str] | None = None) -> dict[str, str]:
    """Every field of an issue as ``path → text`` (field paths as in problems: approvals.from, …[0].text)."""
    out: dict[str, str] = {} if into is None else into
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            name = f.name.removeprefix("date_")
            flatten(getattr(value, f.name), f"{path}.{name}" if path else name, out)
    elif isinstance(value, list):
        if not value:
            out[path] = ""  # an empty list is a value too: "all items removed" shows as a change of the list
        for i, item in enumerate(value):
            flatten(item, f"{path}[{i}]", out)
    else:
        out[path] = _text(value)
    return out


def differences(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    """(path, before, after) for each field that differs; None where the field did not (or no longer does) exist."""
    changed = []
    for path, new in after.items():
        old = before.get(path)
        if old != new:
            changed.append((path, old, new))
    changed += [(path, old, None) for path, old in before.items() if path not in after]
    return changed


def record(row_id: int, kind: str, who: str, *, path: str = "", before: str | None = None,
           after: str | None = None, note: str = "") -> None:
    ChangeRow.insert(issue=row_id, at=now(), who=who, kind=kind, path=path, before=before, after=after, note=note).execute()


def record_save(row_id: int, stored: Issue | None, issue: Issue, kind: str, who: str, note: str = "") -> None:
    """Log a save of ``issue`` over ``stored`` (None: a new issue), in the caller's transaction."""
    if stored is None:
        record(row_id, "created" if kind == "edit" else kind, who, note=note)
        return
    changed = differences(flatten(stored), flatten(issue))
    if not changed:
        return
    if kind == "edit" and len(changed) == 1 and _coalesced(row_id, who, *changed[0]):
        return
    ChangeRow.insert_many(
        [
            {"issue": row_id, "at": now(), "who": who, "kind": kind, "path": path, "before": old, "after": new, "note": note}
            for path, old, new in changed
        ]
    ).execute()


def _coalesced(row_id: int, who: str, path: str, old: str | None, new: str | None) -> bool:
    """Fold this change into the issue's last line when it is the same person typing on in the same field."""
    last = ChangeRow.select().where(ChangeRow.issue == row_id).order_by(ChangeRow.id.desc()).first()
    if last is None or (last.kind, last.who, last.path) != ("edit", who, path) or last.after != old:
        return False
    if last.at < now() - timedelta(seconds=COALESCE_SECONDS):
        return False
    if last.before == new:  # typed back to what it was: no change left
        last.delete_instance()
    else:
        ChangeRow.update(after=new, at=now()).where(ChangeRow.id == last.id).execute()
    return True


@dataclass(frozen=True)
class Change:
    """A line of the change log."""

    at: datetime
    who: str
    kind: str
    path: str
    before: str | None
    after: str | None
    note: str

    @property
    def kind_zh(self) -> str:
        return KINDS_ZH.get(self.kind, self.kind)

    @property
    def field_zh(self) -> str:
        from desk_app.domain.problems import field_label_zh  # not at start-up: only the log's view needs it

        return field_label_zh(self.path) if self.path else ""


def changes_of(key: IssueKey) -> list[Change]:
    """The change log of the issue ``key``, newest first (empty when it is not stored)."""
    query = (
        ChangeRow.select(ChangeRow.at, ChangeRow.who, ChangeRow.kind, ChangeRow.path, ChangeRow.before, ChangeRow.after, ChangeRow.note)
        .join(IssueRow)
        .where((IssueRow.year == key.year) & (IssueRow.number == key.number))
        .order_by(ChangeRow.id.desc())
        .tuples()
    )
    return [Change(*row) for row in query]
