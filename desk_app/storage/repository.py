"""Reading and writing whole issues: the only place that maps domain objects to rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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

from .models import (
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


@dataclass(frozen=True)
class IssueSummary:
    """A line of the issue list."""

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
    if auth.newly_authorized:
        NewlyAuthorizedRow.insert_many(
            [{"issue": row_id, "position": i, "name": n.name, "note": n.note} for i, n in enumerate(auth.newly_authorized)]
        ).execute()
    if issue.reform.progress.items:
        ProgressItemRow.insert_many(
            [{"issue": row_id, "position": i, "text": t} for i, t in enumerate(issue.reform.progress.items)]
        ).execute()
    for g, group in enumerate(issue.dynamics.groups):
        group_id = GroupRow.insert(issue=row_id, position=g, title=group.title).execute()
        if group.entries:
            EntryRow.insert_many(
                [
                    {"group": group_id, "position": e, "department": entry.department, "text": entry.text}
                    for e, entry in enumerate(group.entries)
                ]
            ).execute()
    if issue.inspection.items:
        InspectionItemRow.insert_many(
            [
                {"issue": row_id, "position": i, "item": item.item, "result": item.result}
                for i, item in enumerate(issue.inspection.items)
            ]
        ).execute()


def _delete_children(row_id: int) -> None:
    # Explicit deletes: foreign-key cascades are off on some SQLite connections.
    group_ids = GroupRow.select(GroupRow.id).where(GroupRow.issue == row_id)
    EntryRow.delete().where(EntryRow.group.in_(group_ids)).execute()
    for model in (GroupRow, NewlyAuthorizedRow, ProgressItemRow, InspectionItemRow):
        model.delete().where(model.issue == row_id).execute()
    forget_issue(row_id)


def save_issue(
    issue: Issue,
    *,
    expected_revision: int | None = None,
    original_key: IssueKey | None = None,
    patience: float | None = None,  # seconds to keep trying while another writer holds the lock
) -> SaveResult:
    """Store ``issue`` whole, replacing what is stored under its key, in one transaction.

    ``original_key`` is the key the issue was read under, when the clerk changed its
    year or number. With ``expected_revision``, a concurrent save by someone else
    raises ConflictError instead of being overwritten.
    """
    key = issue.key
    if key is None:
        raise ValueError("an issue needs a year and a number to be stored")
    columns = _scalar_columns(issue)
    return run_writing(lambda: _save(issue, key, columns, expected_revision, original_key), patience=patience)


def _save(
    issue: Issue, key: IssueKey, columns: dict[str, object], expected_revision: int | None, original_key: IssueKey | None
) -> SaveResult:
    lookup = original_key or key
    _wait_for_other_writers_of(lookup, key)
    existing = _row_for(lookup)
    if original_key is not None and original_key != key:
        if _row_for(key) is not None:
            raise ValueError(f"issue {key} exists already")
    if existing is None:
        row_id = IssueRow.insert(**columns, created_at=now(), updated_at=now(), revision=1).execute()
        revision = 1
    else:
        if expected_revision is not None and existing.revision != expected_revision:
            raise ConflictError(f"issue {lookup} was changed by someone else (revision {existing.revision})")
        revision = existing.revision + 1
        updated = (
            IssueRow.update(**columns, updated_at=now(), revision=revision)
            .where((IssueRow.id == existing.id) & (IssueRow.revision == existing.revision))
            .execute()
        )
        if updated != 1:
            raise ConflictError(f"issue {lookup} was changed by someone else while saving")
        row_id = existing.id
        _delete_children(row_id)
    _write_children(row_id, issue)
    index_issue(row_id, issue)  # the archive's search sees what is stored, never more or less
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


def _row_for(key: IssueKey) -> IssueRow | None:
    return IssueRow.get_or_none((IssueRow.year == key.year) & (IssueRow.number == key.number))


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
    return _row_for(key) is not None


def _summary(row: IssueRow) -> IssueSummary:
    return IssueSummary(
        IssueKey(row.year, row.number), row.serial, row.period_start, row.period_end, row.updated_at, row.revision
    )


def list_issues() -> list[IssueSummary]:
    """All issues, newest first."""
    query = IssueRow.select(
        IssueRow.year,
        IssueRow.number,
        IssueRow.serial,
        IssueRow.period_start,
        IssueRow.period_end,
        IssueRow.updated_at,
        IssueRow.revision,
    ).order_by(*_NEWEST_FIRST)
    return [_summary(row) for row in query]


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
    if expected_revision is not None and row.revision != expected_revision:
        raise ConflictError(f"issue {key} was changed by someone else (revision {row.revision}); not deleted")
    stored = _issue_from_row(row)
    _delete_children(row.id)
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
