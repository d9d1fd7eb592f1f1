"""Reading and writing whole issues: the only place that maps domain objects to rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, TypeVar

import peewee

from desk_app.domain.model import (
    AcceptedCompleted,
    Approvals,
    Authorization,
    Distribution,
    Dynamics,
    Entry,
    Group,
    Inspection,
    InspectionItem,
    Issue,
    IssueKey,
    Masthead,
    NewlyAuthorized,
    Period,
    Progress,
    Reform,
    WindowCounts,
    WindowStats,
)
from desk_app.domain.previous import PreviousFigures

from . import rows
from .models import (
    ChangeRow,
    EntryRow,
    GroupRow,
    InspectionItemRow,
    IssueRow,
    NewlyAuthorizedRow,
    ProgressItemRow,
    database_proxy,
    now,
)
from .search_index import forget_issue, index_issue
from .transactions import run_writing


class ConflictError(Exception):
    """Someone else saved the issue since it was read (shared database)."""


class IssueNotFound(LookupError):
    def __init__(self, key: IssueKey):
        self.key = key
        super().__init__(f"no issue {key} in the database")


DRAFT, ISSUED = "draft", "issued"


class IssueLocked(Exception):
    """The issue is marked 已印发: it is not saved, replaced or deleted until it is unlocked."""

    def __init__(self, key: IssueKey, issued_at: datetime | None, issued_by: str):
        self.key, self.issued_at, self.issued_by = key, issued_at, issued_by
        when = f" on {issued_at:%Y-%m-%d %H:%M}" if issued_at else ""
        who = f" by {issued_by}" if issued_by else ""
        super().__init__(f"issue {key} was marked issued{when}{who} and is locked; unlock it (with a reason) to change it")

    def message_zh(self) -> str:
        return f"{self.key.year}年第{self.key.number}期{IssueState(ISSUED, self.issued_at, self.issued_by).text_zh()}，如需修改请先解锁。"


@dataclass(frozen=True)
class IssueState:
    """Draft or issued (locked), and when and by whom it was issued."""

    status: str = DRAFT
    issued_at: datetime | None = None
    issued_by: str = ""

    @property
    def issued(self) -> bool:
        return self.status == ISSUED

    def text_zh(self) -> str:
        """已印发（2023年2月27日 10:30，张三）"""
        if not self.issued:
            return "草稿"
        parts = []
        if self.issued_at:
            parts.append(f"{self.issued_at.year}年{self.issued_at.month}月{self.issued_at.day}日 {self.issued_at:%H:%M}")
        if self.issued_by:
            parts.append(self.issued_by)
        return "已印发" + (f"（{'，'.join(parts)}）" if parts else "")


class IssueSummary(NamedTuple):
    """A line of the issue list (a named tuple: ten thousand are made at each reload of the list)."""

    key: IssueKey
    serial: int | None
    period_start: date | None
    period_end: date | None
    updated_at: datetime
    revision: int


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the key stored under, whether it replaced a stored issue, the new revision."""

    key: IssueKey
    replaced: bool
    revision: int


def _scalar_columns(issue: Issue) -> dict[str, object]:
    m, r, a, d = issue.masthead, issue.reform, issue.approvals, issue.distribution
    stats = r.window_stats
    columns: dict[str, object] = dict(
        year=m.year,
        number=m.number,
        serial=m.serial,
        masthead_title=m.title,
        issuer=m.issuer,
        issue_date=m.date,
        headline=issue.headline,
        period_start=issue.period.start,
        period_end=issue.period.end,
        reform_title=r.title,
        stats_title=stats.title,
        authorization_title=r.authorization.title,
        stationed=r.authorization.stationed,
        authorized=r.authorization.authorized,
        progress_title=r.progress.title,
        approvals_title=a.title,
        approvals_source=a.source,
        approvals_from=a.date_from,
        approvals_to=a.date_to,
        dynamics_title=issue.dynamics.title,
        inspection_title=issue.inspection.title,
        inspection_intro=issue.inspection.intro,
        distribution_report=d.report,
        distribution_send=d.send,
        distribution_issue=d.issue,
        copies=d.copies,
    )
    for name in WindowCounts.FIELDS:
        columns[f"week_{name}"] = getattr(stats.week, name)
        columns[f"ytd_{name}"] = getattr(stats.ytd, name)
    for category in Approvals.CATEGORIES:
        pair = getattr(a, category)
        columns[f"{category}_accepted"] = pair.accepted
        columns[f"{category}_completed"] = pair.completed
    return columns


def _write_children(row_id: int, issue: Issue) -> None:
    auth = issue.reform.authorization
    rows.insert_rows(
        NewlyAuthorizedRow, ("issue", "position", "name", "note"),
        [(row_id, i, n.name, n.note) for i, n in enumerate(auth.newly_authorized)],
    )  # fmt: skip
    rows.insert_rows(
        ProgressItemRow, ("issue", "position", "text"), [(row_id, i, t) for i, t in enumerate(issue.reform.progress.items)]
    )
    groups = issue.dynamics.groups
    rows.insert_rows(GroupRow, ("issue", "position", "title"), [(row_id, g, group.title) for g, group in enumerate(groups)])
    if groups:
        group_ids = rows.ids_in_order(GroupRow, "issue", row_id)  # the groups just inserted, for their entries
        rows.insert_rows(
            EntryRow, ("group", "position", "department", "text"),
            [
                (group_id, e, entry.department, entry.text)
                for group_id, group in zip(group_ids, groups, strict=True)
                for e, entry in enumerate(group.entries)
            ],
        )  # fmt: skip
    rows.insert_rows(
        InspectionItemRow, ("issue", "position", "item", "result"),
        [(row_id, i, item.item, item.result) for i, item in enumerate(issue.inspection.items)],
    )  # fmt: skip


def _delete_children(row_id: int) -> None:
    # Explicit deletes: foreign-key cascades are off on some SQLite connections.
    rows.delete_rows_under(EntryRow, "group", "issue", row_id)
    for model in (GroupRow, NewlyAuthorizedRow, ProgressItemRow, InspectionItemRow):
        rows.delete_rows(model, "issue", row_id)
    forget_issue(row_id)


def save_issue(
    issue: Issue,
    *,
    expected_revision: int | None = None,
    original_key: IssueKey | None = None,
    patience: float | None = None,  # seconds to keep trying while another writer holds the lock
    kind: str = "edit",  # for the change log: edit, imported, restored
    note: str = "",  # for the change log: the file imported, …
    who: str | None = None,  # for the change log; default: the operating system's user
) -> SaveResult:
    """Store ``issue`` whole, replacing what is stored under its key, in one transaction.

    ``original_key`` is the key the issue was read under, when the clerk changed its
    year or number. With ``expected_revision``, a concurrent save by someone else
    raises ConflictError instead of being overwritten. An issued issue is not replaced:
    IssueLocked. The fields that changed are written to the change log in the same transaction.
    """
    key = issue.key
    if key is None:
        raise ValueError("an issue needs a year and a number to be stored")
    columns = _scalar_columns(issue)
    from . import change_log  # difflib and all: imported where a save is logged

    author = who or change_log.current_user()
    return run_writing(
        lambda: _save(issue, key, columns, expected_revision, original_key, (kind, author, note)), patience=patience
    )


def _save(
    issue: Issue,
    key: IssueKey,
    columns: dict[str, object],
    expected_revision: int | None,
    original_key: IssueKey | None,
    logged: tuple[str, str, str] = ("edit", "", ""),
) -> SaveResult:
    lookup = original_key or key
    _wait_for_other_writers_of(lookup, key)
    existing = _row_for(lookup)  # whole: the change log compares the stored issue with the new one
    if original_key is not None and original_key != key:
        if _row_for(key, IssueRow.id) is not None:
            raise ValueError(f"issue {key} exists already")
    kind, who, note = logged
    stored = None
    if existing is None:
        row_id = rows.insert_row(IssueRow, {**columns, "created_at": now(), "updated_at": now(), "revision": 1})
        revision = 1
    else:
        if existing.status == ISSUED:  # before the revision: another window is told why, not "changed meanwhile"
            raise IssueLocked(lookup, existing.issued_at, existing.issued_by)
        stored = _issue_from_row(existing)  # what the change log compares against, read before it is replaced
        if expected_revision is not None and existing.revision != expected_revision:
            raise ConflictError(f"issue {lookup} was changed by someone else (revision {existing.revision})")
        revision = existing.revision + 1
        updated = rows.update_row(
            IssueRow, {**columns, "updated_at": now(), "revision": revision}, {"id": existing.id, "revision": existing.revision}
        )
        if updated != 1:
            raise ConflictError(f"issue {lookup} was changed by someone else while saving")
        row_id = existing.id
        _delete_children(row_id)
    _write_children(row_id, issue)
    index_issue(row_id, issue)  # the archive's search sees what is stored, never more or less
    from . import change_log  # difflib and all: imported where a save is logged

    change_log.record_save(row_id, stored, issue, kind, who, note)
    return SaveResult(key, existing is not None, revision)


def _wait_for_other_writers_of(*keys: IssueKey) -> None:
    """On PostgreSQL, writers of the same issue take turns, as BEGIN IMMEDIATE makes every writer do on SQLite.

    Without it two saves of a new issue would both insert (the later failing on the unique key),
    and of two replacing saves without an expected revision (imports) the later would fail
    "changed … while saving" instead of replacing after the first. With an expected revision
    the later still gets its ConflictError, from the revision check.
    A lock per key (the two-integer kind, apart from the migrations' lock), released at commit;
    taken in order so that a renumbering and another save cannot wait for each other.
    """
    if not isinstance(database_proxy.obj, peewee.PostgresqlDatabase):
        return
    for key in sorted(set(keys)):
        database_proxy.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)", (key.year, key.number))


_NEWEST_FIRST = (IssueRow.year.desc(), IssueRow.number.desc())


def _row_for(key: IssueKey, *columns: peewee.Field) -> IssueRow | None:
    """The row of ``key`` (only ``columns`` of it when given), or None."""
    if not columns:  # the whole row, as every save reads it: SQL written out (rows.py says why)
        return rows.select_one(IssueRow, {"year": key.year, "number": key.number})
    where = (IssueRow.year == key.year) & (IssueRow.number == key.number)
    return IssueRow.select(*columns).where(where).first()


def _issue_from_row(row: IssueRow) -> Issue:
    def counts(span: str) -> WindowCounts:
        return WindowCounts(*(getattr(row, f"{span}_{name}") for name in WindowCounts.FIELDS))

    def pair(category: str) -> AcceptedCompleted:
        return AcceptedCompleted(getattr(row, f"{category}_accepted"), getattr(row, f"{category}_completed"))

    # Child rows as tuples, made into domain objects directly: model instances per row cost
    # most of loading a long issue (switching issues in the window waits for it).
    def ordered(model: type[peewee.Model], parent: peewee.Field, *columns: peewee.Field) -> list[tuple]:
        return list(model.select(*columns).where(parent == row.id).order_by(model.position).tuples())

    group_rows = ordered(GroupRow, GroupRow.issue, GroupRow.id, GroupRow.title)
    entries_by_group: dict[int, list[Entry]] = {group_id: [] for group_id, _title in group_rows}
    if group_rows:
        query = (
            EntryRow.select(EntryRow.group, EntryRow.department, EntryRow.text)
            .where(EntryRow.group.in_(list(entries_by_group)))
            .order_by(EntryRow.position)
            .tuples()
        )
        for group_id, department, text in query:
            entries_by_group[group_id].append(Entry(department, text))
    groups = [Group(title, entries_by_group[group_id]) for group_id, title in group_rows]
    newly = ordered(NewlyAuthorizedRow, NewlyAuthorizedRow.issue, NewlyAuthorizedRow.name, NewlyAuthorizedRow.note)
    progress = ordered(ProgressItemRow, ProgressItemRow.issue, ProgressItemRow.text)
    inspected = ordered(InspectionItemRow, InspectionItemRow.issue, InspectionItemRow.item, InspectionItemRow.result)

    return Issue(
        masthead=Masthead(row.masthead_title, row.year, row.number, row.serial, row.issuer, row.issue_date),
        headline=row.headline,
        period=Period(row.period_start, row.period_end),
        reform=Reform(
            title=row.reform_title,
            window_stats=WindowStats(row.stats_title, counts("week"), counts("ytd")),
            authorization=Authorization(
                row.authorization_title,
                row.stationed,
                row.authorized,
                [NewlyAuthorized(name, note) for name, note in newly],
            ),
            progress=Progress(row.progress_title, [text for (text,) in progress]),
        ),
        approvals=Approvals(
            row.approvals_title,
            row.approvals_source,
            row.approvals_from,
            row.approvals_to,
            pair("licensing"),
            pair("public_service"),
            pair("other"),
        ),
        dynamics=Dynamics(row.dynamics_title, groups),
        inspection=Inspection(
            row.inspection_title,
            row.inspection_intro,
            [InspectionItem(item, result) for item, result in inspected],
        ),
        distribution=Distribution(row.distribution_report, row.distribution_send, row.distribution_issue, row.copies),
    )


def load_issue(key: IssueKey) -> Issue:
    """The stored issue ``key``; raises IssueNotFound."""
    return load_issue_with_revision(key)[0]


def load_issue_with_revision(key: IssueKey) -> tuple[Issue, int]:
    """The stored issue ``key`` and its revision (for a later conflict check); raises IssueNotFound."""
    with database_proxy.atomic():  # one consistent snapshot of the row and its lists
        row = _row_for(key)
        if row is None:
            raise IssueNotFound(key)
        return _issue_from_row(row), row.revision


def issue_exists(key: IssueKey) -> bool:
    return _row_for(key, IssueRow.id) is not None


T = TypeVar("T")
# The issue list's columns, in IssueSummary's order after the key.
_SUMMARY_FIELDS = (IssueRow.serial, IssueRow.period_start, IssueRow.period_end, IssueRow.updated_at, IssueRow.revision)


def list_issues() -> list[IssueSummary]:
    """All issues, newest first: only the listed columns, read as plain rows (no model objects)."""
    return read_issue_list(_summary)


def _summary(year: int, number: int, serial: int | None, first: date | None, last: date | None, changed: datetime,
             revision: int) -> IssueSummary:  # fmt: skip
    return IssueSummary(IssueKey(year, number), serial, first, last, changed, revision)


def read_issue_list(make: Callable[[int, int, int | None, date | None, date | None, datetime, int], T]) -> list[T]:
    """``make(year, number, serial, period_start, period_end, updated_at, revision)`` of every issue, newest first.

    Whatever ``make`` builds, nothing else is made a row (the command line's ``list`` makes its
    printed line straight away). SQLite hands back dates as the ISO text peewee wrote:
    ``fromisoformat`` reads it in a tenth of the time peewee's strptime takes (most of the list's
    reading time at ten thousand issues). PostgreSQL's date objects are read by the fields themselves.
    """
    query = IssueRow.select(IssueRow.year, IssueRow.number, *_SUMMARY_FIELDS).order_by(*_NEWEST_FIRST)
    if isinstance(database_proxy.obj, peewee.SqliteDatabase):
        day, moment = date.fromisoformat, datetime.fromisoformat
        try:  # the cursor iterated, not fetched whole first: 10,000 rows held twice cost 3 MiB
            return [
                make(year, number, serial, first and day(first), last and day(last), moment(changed), revision)
                for year, number, serial, first, last, changed, revision in database_proxy.execute(query)
            ]
        except (TypeError, ValueError):  # a value that is not ISO text: read again, by the fields
            pass
    day, moment = IssueRow.period_start.python_value, IssueRow.updated_at.python_value
    return [
        make(year, number, serial, day(first), day(last), moment(changed), revision)
        for year, number, serial, first, last, changed, revision in database_proxy.execute(query)
    ]


def latest_key() -> IssueKey | None:
    """The newest issue's key, without reading the issue."""
    row = IssueRow.select(IssueRow.year, IssueRow.number).order_by(*_NEWEST_FIRST).first()
    return None if row is None else IssueKey(row.year, row.number)


def latest_issue() -> Issue | None:
    row = IssueRow.select().order_by(*_NEWEST_FIRST).first()
    return None if row is None else _issue_from_row(row)


def previous_issue(key: IssueKey) -> Issue | None:
    """The stored issue just before ``key`` (by year, then number)."""
    row = (
        IssueRow.select()
        .where((IssueRow.year < key.year) | ((IssueRow.year == key.year) & (IssueRow.number < key.number)))
        .order_by(*_NEWEST_FIRST)
        .first()
    )
    return None if row is None else _issue_from_row(row)


def previous_figures(key: IssueKey) -> PreviousFigures | None:
    """What checking an issue against the one stored before ``key`` needs (key, serial, year to date):
    a few columns of one row, none of its lists. Asked once a file by an import: its SQL is made once."""
    sql, limit = _previous_figures_sql()
    row = database_proxy.execute_sql(sql, (key.year, key.year, key.number, limit)).fetchone()
    if row is None:
        return None
    year, number, serial, authorized, approvals_from, *counts = row
    ytd, approvals = counts[: len(WindowCounts.FIELDS)], counts[len(WindowCounts.FIELDS) :]
    if isinstance(approvals_from, str):  # SQLite hands back the ISO text
        approvals_from = date.fromisoformat(approvals_from)
    return PreviousFigures(
        IssueKey(year, number),
        serial,
        WindowCounts(*ytd),
        authorized,
        approvals_from or date(year, 1, 1),
        {c: AcceptedCompleted(approvals[2 * i], approvals[2 * i + 1]) for i, c in enumerate(Approvals.CATEGORIES)},
    )


_previous_figures_query: dict[type, tuple[str, int]] = {}


def _previous_figures_sql() -> tuple[str, int]:
    """peewee's SQL for the previous row's figures, by database kind (placeholders differ), made once."""
    kind = type(database_proxy.obj)
    if kind not in _previous_figures_query:
        ytd_columns = [getattr(IssueRow, f"ytd_{name}") for name in WindowCounts.FIELDS]
        approval_columns = [getattr(IssueRow, f"{c}_{part}") for c in Approvals.CATEGORIES for part in ("accepted", "completed")]
        year, number = -1, -2  # stand-ins: only the SQL is kept; the order of its parameters is checked below
        query = (
            IssueRow.select(IssueRow.year, IssueRow.number, IssueRow.serial, IssueRow.authorized, IssueRow.approvals_from,
                            *ytd_columns, *approval_columns)
            .where((IssueRow.year < year) | ((IssueRow.year == year) & (IssueRow.number < number)))
            .order_by(*_NEWEST_FIRST)
            .limit(1)
        )
        sql, params = query.sql()
        assert params == [year, year, number, 1], params
        _previous_figures_query[kind] = (sql, 1)
    return _previous_figures_query[kind]


def delete_issue(key: IssueKey, *, expected_revision: int | None = None) -> Issue:
    """Delete the issue ``key``; returns it as it was stored (to keep a copy of the newest version).

    With ``expected_revision``, an issue someone else saved since it was read raises
    ConflictError and is not deleted.
    """
    return run_writing(lambda: _delete(key, expected_revision))


def _delete(key: IssueKey, expected_revision: int | None) -> Issue:
    _wait_for_other_writers_of(key)
    row = _row_for(key)
    if row is None:
        raise IssueNotFound(key)
    if row.status == ISSUED:
        raise IssueLocked(key, row.issued_at, row.issued_by)
    if expected_revision is not None and row.revision != expected_revision:
        raise ConflictError(f"issue {key} was changed by someone else (revision {row.revision}); not deleted")
    stored = _issue_from_row(row)
    _delete_children(row.id)
    ChangeRow.delete().where(ChangeRow.issue == row.id).execute()  # its log goes with it (the copy in 备份 stays)
    row.delete_instance()
    return stored


def departments_used() -> list[str]:
    """Department names used in 窗口动态 before, most used first (for completion)."""
    count = peewee.fn.COUNT(EntryRow.id)
    query = (
        EntryRow.select(EntryRow.department, count.alias("uses"))
        .where(EntryRow.department != "")
        .group_by(EntryRow.department)
        .order_by(count.desc(), EntryRow.department)
    )
    return [row.department for row in query]


# issued (locked) issues ------------------------------------------------------------------


def issue_state(key: IssueKey) -> IssueState:
    """Draft or issued; raises IssueNotFound."""
    row = (
        IssueRow.select(IssueRow.status, IssueRow.issued_at, IssueRow.issued_by)
        .where((IssueRow.year == key.year) & (IssueRow.number == key.number))
        .tuples()
        .first()
    )
    if row is None:
        raise IssueNotFound(key)
    return IssueState(*row)


def issued_issues() -> dict[IssueKey, IssueState]:
    """Every issued issue's state (the issue list marks them; drafts are the rest)."""
    query = (
        IssueRow.select(IssueRow.year, IssueRow.number, IssueRow.status, IssueRow.issued_at, IssueRow.issued_by)
        .where(IssueRow.status == ISSUED)
        .tuples()
    )
    return {IssueKey(year, number): IssueState(status, at, by) for year, number, status, at, by in query}


def mark_issued(key: IssueKey, *, expected_revision: int | None = None, who: str | None = None) -> int:
    """Freeze the issue ``key`` as 已印发; returns its new revision. Logged as "issued"."""
    from . import change_log  # difflib and all: imported where a save is logged

    author = who or change_log.current_user()
    return run_writing(lambda: _set_state(key, ISSUED, expected_revision, author, ""))


def unlock_issue(key: IssueKey, reason: str, *, expected_revision: int | None = None, who: str | None = None) -> int:
    """Make the issued issue ``key`` a draft again, for ``reason`` (required, logged); returns its new revision."""
    reason = reason.strip()
    if not reason:
        raise ValueError("unlocking an issued issue needs a reason")
    from . import change_log  # difflib and all: imported where a save is logged

    author = who or change_log.current_user()
    return run_writing(lambda: _set_state(key, DRAFT, expected_revision, author, reason))


def _set_state(key: IssueKey, status: str, expected_revision: int | None, who: str, reason: str) -> int:
    _wait_for_other_writers_of(key)
    row = _row_for(key)
    if row is None:
        raise IssueNotFound(key)
    if row.status == status:
        return row.revision  # issued twice, or unlocked by someone else meanwhile: nothing to do
    if expected_revision is not None and row.revision != expected_revision:
        raise ConflictError(f"issue {key} was changed by someone else (revision {row.revision})")
    issued = status == ISSUED
    IssueRow.update(
        status=status,
        issued_at=now() if issued else None,
        issued_by=who if issued else "",
        revision=row.revision + 1,  # other windows see the change on their next refresh
    ).where(IssueRow.id == row.id).execute()
    from . import change_log

    if issued:
        change_log.record(row.id, "issued", who)
    else:
        before = IssueState(ISSUED, row.issued_at, row.issued_by).text_zh()
        change_log.record(row.id, "unlocked", who, before=before, after="草稿", note=reason)
    return row.revision + 1
