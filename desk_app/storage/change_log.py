"""The change log of each issue: who changed which field, when, from what to what.

A save compares the stored issue with the new one field by field, skipping equal parts
whole and aligning lists (an entry deleted is one entry removed, not every later one
changed), and writes only the fields that differ. Typing saves every 0.4 s; so that one
paragraph typed is one line, not hundreds, a change of the one field the same person
changed last, within COALESCE_SECONDS, updates that line instead of adding one.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import getpass
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desk_app.domain.model import Issue, IssueKey

from .models import ChangeRow, IssueRow, now
from .rows import insert_rows

KINDS_ZH = {
    "created": "新建",
    "edit": "修改",
    "imported": "导入",
    "issued": "标记为已印发",
    "unlocked": "解锁",
    "restored": "恢复",
}
COALESCE_SECONDS = 120
_LOGGED = ("issue", "at", "who", "kind", "path", "before", "after", "note")  # a line's fields, as written


@functools.cache  # asked at every save; the logon does not change while the program runs
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
        for i, item in enumerate(value):
            flatten(item, f"{path}[{i}]", out)
    else:
        out[path] = _text(value)
    return out


def issue_differences(before: object, after: object, path: str = "") -> list[tuple[str, str | None, str | None]]:
    """(path, before, after) of each field that differs between two issues (or parts of them).

    Lists are aligned first (difflib): an entry deleted from the top of a group is that entry
    removed, not every later entry changed into its successor; None stands for a field that
    does not exist on that side. Equal parts are skipped whole, so a keystroke costs little.
    """
    if before == after:
        return []
    if dataclasses.is_dataclass(before) and type(before) is type(after):
        out = []
        for f in dataclasses.fields(before):  # type: ignore[arg-type]
            name = f.name.removeprefix("date_")
            out += issue_differences(getattr(before, f.name), getattr(after, f.name), f"{path}.{name}" if path else name)
        return out
    if isinstance(before, list) and isinstance(after, list):
        out = []
        matcher = difflib.SequenceMatcher(None, [repr(i) for i in before], [repr(i) for i in after], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:  # changed in place
                for k in range(i2 - i1):
                    out += issue_differences(before[i1 + k], after[j1 + k], f"{path}[{j1 + k}]")
                continue
            for i in range(i1, i2):
                out += [(p, old, None) for p, old in flatten(before[i], f"{path}[{i}]").items()]
            for j in range(j1, j2):
                out += [(p, None, new) for p, new in flatten(after[j], f"{path}[{j}]").items()]
        return out
    old, new = _text(before), _text(after)
    return [] if old == new else [(path, old, new)]


def record(row_id: int, kind: str, who: str, *, path: str = "", before: str | None = None,
           after: str | None = None, note: str = "") -> None:
    insert_rows(ChangeRow, _LOGGED, [(row_id, now(), who, kind, path, before, after, note)])


def record_save(row_id: int, stored: Issue | None, issue: Issue, kind: str, who: str, note: str = "") -> None:
    """Log a save of ``issue`` over ``stored`` (None: a new issue), in the caller's transaction."""
    if stored is None:
        record(row_id, "created" if kind == "edit" else kind, who, note=note)
        return
    changed = issue_differences(stored, issue)
    if not changed:
        return
    if kind == "edit" and len(changed) == 1 and _coalesced(row_id, who, *changed[0]):
        return
    at = now()
    insert_rows(ChangeRow, _LOGGED, [(row_id, at, who, kind, path, old, new, note) for path, old, new in changed])


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
