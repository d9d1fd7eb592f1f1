"""Schema version 2: the search index of the archive.

``search_doc`` holds every printed line of every issue (desk_app.domain.search): the
composed text with its generated sentences, the part of the issue and the field it came
from, and an entry's department. It is filled here for the issues already stored and kept
current by the repository in the same transaction as each save.

- SQLite: an FTS5 table with the trigram tokenizer over it (SQLite 3.34 or newer; Python's
  Windows builds ship newer ones) finds terms of three characters and more through the
  index, asked with LIKE; shorter terms scan ``search_doc`` (20–30 ms for ten years,
  measured). ``detail=none``: no positions, a third of the size (2.6 MB instead of 7.0 for
  1,000 long issues) for 2–5 ms per term instead of 0.4 ms; the file is read whole by the
  quick_check at every start. Without FTS5 or its trigram tokenizer every term scans:
  slower, still correct.
- PostgreSQL: GIN trigram indexes (pg_trgm) where the extension can be had; a server that
  refuses CREATE EXTENSION leaves them out and every term scans. pg_trgm takes only letters
  and digits of the database's LC_CTYPE into its trigrams: under the C locale (``initdb
  --no-locale``, as the tests' server) Chinese makes none and the planner scans, correct and
  about 30 ms for ten years; under a UTF-8 locale three characters take 3 ms. ``fastupdate =
  off``: a save writes its trigrams at once (about 5 ms more), so that no pending list makes
  the planner scan until the next VACUUM.

Frozen history: this file describes the schema as it was at version 2 and never changes.
It reads the issues through the tables of version 1 as they are here, not the live models;
the lines are made by the domain's composition of today, as every later save makes them.
"""

import logging

import peewee as pw

from desk_app.storage.migrations import frozen_model

log = logging.getLogger(__name__)

SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "text, department, content='search_doc', content_rowid='id', tokenize='trigram', detail=none)"
)
SQLITE_TRIGGERS = (
    # External content: the FTS table follows search_doc through these triggers.
    "CREATE TRIGGER search_doc_after_insert AFTER INSERT ON search_doc BEGIN "
    "INSERT INTO search_fts(rowid, text, department) VALUES (new.id, new.text, new.department); END",
    "CREATE TRIGGER search_doc_after_delete AFTER DELETE ON search_doc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text, department) VALUES ('delete', old.id, old.text, old.department); END",
    "CREATE TRIGGER search_doc_after_update AFTER UPDATE ON search_doc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text, department) VALUES ('delete', old.id, old.text, old.department); "
    "INSERT INTO search_fts(rowid, text, department) VALUES (new.id, new.text, new.department); END",
)
POSTGRES_INDEXES = (
    "CREATE INDEX search_doc_text_trgm ON search_doc USING gin (text gin_trgm_ops) WITH (fastupdate = off)",
    "CREATE INDEX search_doc_department_trgm ON search_doc USING gin (department gin_trgm_ops) WITH (fastupdate = off)",
)


def upgrade(database: pw.Database) -> None:
    issue = frozen_model(database, "issue", {})
    search_doc = frozen_model(
        database,
        "search_doc",
        dict(
            issue=pw.ForeignKeyField(issue, on_delete="CASCADE", column_name="issue_id"),
            position=pw.IntegerField(),
            section=pw.TextField(),
            heading=pw.TextField(),
            path=pw.TextField(),
            text=pw.TextField(),
            department=pw.TextField(default=""),
        ),
    )
    database.create_tables([search_doc])
    if isinstance(database, pw.SqliteDatabase):
        _sqlite_index(database)
    elif isinstance(database, pw.PostgresqlDatabase):
        _postgres_index(database)
    _fill(database)


def _sqlite_index(database: pw.Database) -> None:
    try:
        with database.atomic():  # a savepoint: a missing tokenizer must not spoil the migration
            database.execute_sql(SQLITE_INDEX)
    except pw.OperationalError as exc:  # no FTS5, or SQLite before 3.34 (no trigram tokenizer)
        log.warning("search: no FTS5 trigram index on this SQLite (%s); searches scan the lines", exc)
        return
    for trigger in SQLITE_TRIGGERS:
        database.execute_sql(trigger)


def _postgres_index(database: pw.Database) -> None:
    try:
        with database.atomic():  # a savepoint: a refusal must not abort the migration's transaction
            database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for statement in POSTGRES_INDEXES:
                database.execute_sql(statement)
    except pw.DatabaseError as exc:  # not allowed to create extensions on a shared server
        log.warning("search: no pg_trgm on this server (%s); searches scan the lines", exc)


# --- the issues of version 1, read as version 1 stored them ------------------------------


def _rows(database: pw.Database, sql: str) -> list[dict]:
    cursor = database.execute_sql(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _by_parent(rows: list[dict], parent: str) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for row in sorted(rows, key=lambda r: r["position"]):
        grouped.setdefault(row[parent], []).append(row)
    return grouped


def _day(value):  # noqa: ANN001, ANN202 - SQLite gives text, PostgreSQL a date
    from datetime import date

    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _fill(database: pw.Database) -> None:
    from desk_app.domain import model as m
    from desk_app.domain.search import search_documents

    issues = _rows(database, "SELECT * FROM issue")
    if not issues:
        return
    newly = _by_parent(_rows(database, "SELECT * FROM newly_authorized"), "issue_id")
    progress = _by_parent(_rows(database, "SELECT * FROM progress_item"), "issue_id")
    groups = _by_parent(_rows(database, "SELECT * FROM dynamics_group"), "issue_id")
    entries = _by_parent(_rows(database, "SELECT * FROM dynamics_entry"), "group_id")
    inspection = _by_parent(_rows(database, "SELECT * FROM inspection_item"), "issue_id")
    lines = []
    for row in issues:
        i = row["id"]

        def counts(span: str, row: dict = row) -> m.WindowCounts:
            return m.WindowCounts(*(row[f"{span}_{name}"] for name in ("consult", "accept", "issue", "transfer")))

        def pair(category: str, row: dict = row) -> m.AcceptedCompleted:
            return m.AcceptedCompleted(row[f"{category}_accepted"], row[f"{category}_completed"])

        issue = m.Issue(
            masthead=m.Masthead(row["masthead_title"], row["year"], row["number"], row["serial"], row["issuer"], _day(row["issue_date"])),
            headline=row["headline"],
            period=m.Period(_day(row["period_start"]), _day(row["period_end"])),
            reform=m.Reform(
                title=row["reform_title"],
                window_stats=m.WindowStats(row["stats_title"], counts("week"), counts("ytd")),
                authorization=m.Authorization(
                    row["authorization_title"],
                    row["stationed"],
                    row["authorized"],
                    [m.NewlyAuthorized(n["name"], n["note"]) for n in newly.get(i, [])],
                ),
                progress=m.Progress(row["progress_title"], [p["text"] for p in progress.get(i, [])]),
            ),
            approvals=m.Approvals(
                row["approvals_title"],
                row["approvals_source"],
                _day(row["approvals_from"]),
                _day(row["approvals_to"]),
                pair("licensing"),
                pair("public_service"),
                pair("other"),
            ),
            dynamics=m.Dynamics(
                row["dynamics_title"],
                [
                    m.Group(g["title"], [m.Entry(e["department"], e["text"]) for e in entries.get(g["id"], [])])
                    for g in groups.get(i, [])
                ],
            ),
            inspection=m.Inspection(
                row["inspection_title"],
                row["inspection_intro"],
                [m.InspectionItem(t["item"], t["result"]) for t in inspection.get(i, [])],
            ),
            distribution=m.Distribution(
                row["distribution_report"], row["distribution_send"], row["distribution_issue"], row["copies"]
            ),
        )
        lines += [
            (i, d.position, d.section, d.heading, d.path, d.text, d.department) for d in search_documents(issue)
        ]
    columns = "issue_id, position, section, heading, path, text, department"
    marks = ", ".join([database.param] * 7)
    for start in range(0, len(lines), 100):  # 700 parameters a statement: under every SQLite's limit
        chunk = lines[start : start + 100]
        database.execute_sql(
            f"INSERT INTO search_doc ({columns}) VALUES " + ", ".join([f"({marks})"] * len(chunk)),
            [value for line in chunk for value in line],
        )
    if isinstance(database, pw.PostgresqlDatabase):
        database.execute_sql("ANALYZE search_doc")  # the planner's view of the new table, before the first search
