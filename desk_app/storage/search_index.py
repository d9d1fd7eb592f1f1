"""The archive's search index: every printed line of every issue (``search_doc``) and its queries.

The repository rewrites an issue's lines in the same transaction as the issue itself. Terms
of three characters or more go through the trigram index (SQLite FTS5 ``search_fts``, or
PostgreSQL's pg_trgm GIN indexes behind ILIKE: db/migrations/0002_search_index.py says when
those help); shorter ones, which no trigram index can answer, scan ``search_doc`` with LIKE.
Measured over ten years (520 issues, 16,500 lines; benchmarks/bench_archive.py): a scan takes
20–30 ms with its count on SQLite and 30–50 ms on PostgreSQL, the trigram index 2–4 ms. A
table of character pairs and single characters would answer a short term in 1–4 ms, but made
the SQLite file 3.7 times as large (29.5 MB instead of 7.9) and every save write ~90 rows
more per line: not worth it while a scan stays a tenth of the 200 ms target.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import peewee

from desk_app.domain.model import Issue, IssueKey

from .models import IssueRow, SearchDocRow, database_proxy
from .rows import delete_rows, insert_rows

if TYPE_CHECKING:
    from desk_app.domain.search import SearchResults

# desk_app.domain.search (and with it the composition) is imported when first used: the
# repository imports this module, and the window's first paint needs neither.

DEFAULT_LIMIT = 300
TRIGRAM = 3  # the shortest term a trigram index finds
_LIKE_SPECIAL = frozenset("%_\\")


_FIELDS = ("issue", "position", "section", "heading", "path", "text", "department")


def index_issue(row_id: int, issue: Issue) -> None:
    """Write the lines of the issue stored as ``row_id`` (inside the caller's transaction, after forget_issue)."""
    from desk_app.domain.search import search_documents

    insert_rows(
        SearchDocRow,
        _FIELDS,
        [(row_id, d.position, d.section, d.heading, d.path, d.text, d.department) for d in search_documents(issue)],
    )


def forget_issue(row_id: int) -> None:
    delete_rows(SearchDocRow, "issue", row_id)


def rebuild() -> int:
    """Make every issue's lines anew (after the wording rules changed); returns the issues indexed."""
    from .repository import _issue_from_row

    with database_proxy.atomic():
        SearchDocRow.delete().execute()
        count = 0
        for row in IssueRow.select():
            index_issue(row.id, _issue_from_row(row))  # (all lines were deleted above)
            count += 1
    return count


def _has_fts(database: peewee.Database) -> bool:
    cached = getattr(database, "_desk_app_has_fts", None)
    if cached is None:
        cached = database.table_exists("search_fts")
        database._desk_app_has_fts = cached  # type: ignore[attr-defined]
    return cached


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(database: peewee.Database, terms: list[str]) -> tuple[str, list[str]]:
    """The WHERE clause over ``search_doc d`` that every term must meet, and its parameters."""
    mark = database.param
    clauses: list[str] = []
    params: list[str] = []
    postgres = isinstance(database, peewee.PostgresqlDatabase)
    like = "ILIKE" if postgres else "LIKE"  # SQLite's LIKE ignores the case of Latin letters, as ILIKE
    fts = not postgres and _has_fts(database)
    for term in terms:
        if fts and len(term) >= TRIGRAM and not _LIKE_SPECIAL.intersection(term):
            # FTS5 answers LIKE from its trigrams (detail=none has no phrases for MATCH); not with an
            # ESCAPE clause, so a term holding % _ or \ scans below instead.
            clauses.append(
                f"d.id IN (SELECT rowid FROM search_fts WHERE text LIKE {mark}"
                f" UNION SELECT rowid FROM search_fts WHERE department LIKE {mark})"
            )
            params += [f"%{term}%"] * 2
            continue
        clauses.append(f"(d.text {like} {mark} ESCAPE '\\' OR d.department {like} {mark} ESCAPE '\\')")
        params += [_like_pattern(term)] * 2
    return " AND ".join(clauses), params


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def search(query: str, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """The lines holding every term of ``query``, newest issue first, at most ``limit`` of them."""
    from desk_app.domain.search import SearchHit, SearchResults, query_terms

    terms = query_terms(query)
    if not terms:
        return SearchResults(terms)
    database = database_proxy.obj
    where, params = _conditions(database, terms)
    with database_proxy.atomic():  # the count and the lines from one snapshot
        total, issues = database.execute_sql(
            f"SELECT COUNT(*), COUNT(DISTINCT d.issue_id) FROM search_doc d WHERE {where}", params
        ).fetchone()
        if not total:
            return SearchResults(terms)
        cursor = database.execute_sql(
            "SELECT i.year, i.number, i.serial, i.period_start, i.period_end,"
            " d.section, d.heading, d.path, d.text, d.department"
            f" FROM search_doc d JOIN issue i ON i.id = d.issue_id WHERE {where}"
            f" ORDER BY i.year DESC, i.number DESC, d.position LIMIT {int(limit)}",
            params,
        )
        hits = [
            SearchHit(IssueKey(year, number), serial, _day(start), _day(end), section, heading, path, text, department)
            for year, number, serial, start, end, section, heading, path, text, department in cursor.fetchall()
        ]
    return SearchResults(terms, hits, total, issues)
