"""The search's Qt-free parts (lines of an issue, terms, excerpts) and its index: made by the migration for
issues stored before it, and kept by every save, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy

from desk_app.domain import search
from desk_app.domain.compose import compose
from desk_app.domain.model import IssueKey
from desk_app.output.text import render_text
from desk_app.storage import repository, search_index
from desk_app.storage.models import SearchDocRow, database_proxy


def test_documents_are_the_printed_lines_with_their_section_and_field(reference_issue):
    documents = search.search_documents(reference_issue)
    printed = [line.replace("\t", " ") for line in render_text(compose(reference_issue)).splitlines() if line.strip()]
    assert [d.text for d in documents] == printed
    assert [d.position for d in documents] == list(range(len(documents)))
    by_text = {d.text: d for d in documents}
    stats = next(d for d in documents if d.text.startswith("本周，共计咨询618人次"))
    assert (stats.section, stats.heading, stats.path) == ("reform", "一、综窗改革攻坚行动", "reform.window_stats.week.consult")
    assert by_text["2023年第6期（总第426期）"].path == "masthead.number" and by_text["2023年第6期（总第426期）"].heading == "报头"
    entry = next(d for d in documents if "王飙" in d.text)
    assert (entry.path, entry.department) == ("dynamics.groups[2].entries[0].text", "司法厅")
    assert by_text["（三）厅（局）长进大厅"].path == "dynamics.groups[2].title"
    assert by_text["报：中心领导。"].path == "distribution.report" and by_text["报：中心领导。"].section == "distribution"
    inspection = next(d for d in documents if d.text.startswith("（六）大厅防控情况。"))
    assert inspection.path == "inspection.items[5].result"
    assert by_text["3.起草《四川省政务服务综合窗口攻坚破难行动方案》。"].path == "reform.progress.items[2]"


def test_paths_skip_what_is_not_printed(reference_issue):
    issue = copy.deepcopy(reference_issue)
    issue.dynamics.groups[0].entries = []  # an empty group is not printed: the next keeps its own index
    issue.reform.progress.items.insert(0, "  ")
    documents = search.search_documents(issue)
    assert next(d for d in documents if d.text == "（一）窗口服务效能提升工作情况").path == "dynamics.groups[1].title"
    assert next(d for d in documents if d.text.startswith("1.政务一窗")).path == "reform.progress.items[1]"


def test_terms_and_excerpts():
    assert search.query_terms("  受理　窗口 受理 ") == ["受理", "窗口"]  # the full-width space splits too
    assert search.query_terms("   ") == []
    text = "近日，公安厅被省政府评为2022年度全省深化“放管服”改革优化营商环境工作先进集体。" * 3
    cut = search.excerpt(text, ["营商环境"], width=30)
    assert cut.cut_after and [t for t, marked in cut.pieces if marked] == ["营商环境"]
    assert len(cut.text.strip("…")) == 30
    whole = search.excerpt("受理116件，办结受理", ["受理", "116"])
    assert whole.pieces == (("受理116", True), ("件，办结", False), ("受理", True))
    assert not whole.cut_before and not whole.cut_after
    assert search.excerpt("CMA证书", ["cma"]).pieces[0] == ("CMA", True)  # Latin letters either case
    dated = search.excerpt("据四川一体化政务服务平台数据统计，2024年1月1日至2024年12月27日，省本级行政许可事项受理57673件", ["受理"], width=27)
    assert dated.text.startswith("…年12月27日")  # not "…024年": a number is never cut
    assert search.matches("CMA证书", ["cma", "证"]) and not search.matches("CMA证书", ["cma", "书证"])


def test_results_summary_in_chinese():
    hit = search.SearchHit(IssueKey(2023, 6), 426, None, None, "reform", "一、综窗改革攻坚行动", "reform.title", "x")
    assert search.SearchResults([]).summary_zh().startswith("请输入")
    assert search.SearchResults(["x"]).summary_zh() == "没有找到。"
    assert search.SearchResults(["x"], [hit], 1, 1).summary_zh() == "共找到 1 处，分布在 1 期中。"
    assert "显示最新的 1 处" in search.SearchResults(["x"], [hit], 5, 2).summary_zh()


def test_the_migration_indexes_issues_stored_before_it(database_url, reference_issue, monkeypatch):
    """A database at version 1 holding issues: version 2 fills the index as a save would."""
    from desk_app.storage import migrations
    from desk_app.storage.database import close_database, open_database
    from old_schema import insert_issue_row

    every = migrations.available_migrations()
    monkeypatch.setattr(migrations, "available_migrations", lambda: {1: every[1]})
    open_database(database_url)
    rows = []
    for number in (5, 6):
        issue = copy.deepcopy(reference_issue)
        issue.masthead.number = number
        row = insert_issue_row(issue)  # as version 1 stored it
        repository._write_children(row, issue)
        rows.append(row)
    close_database()
    monkeypatch.setattr(migrations, "available_migrations", lambda: every)
    open_database(database_url)
    try:
        migrated = sorted((d.issue_id, d.position, d.section, d.heading, d.path, d.text, d.department) for d in SearchDocRow.select())
        with database_proxy.atomic():
            search_index.rebuild()
        rebuilt = sorted((d.issue_id, d.position, d.section, d.heading, d.path, d.text, d.department) for d in SearchDocRow.select())
        assert migrated == rebuilt and len(migrated) == 2 * len(search.search_documents(reference_issue))
        assert [h.key for h in search_index.search("王飙").hits] == [IssueKey(2023, 6), IssueKey(2023, 5)]
        assert search_index.search("飙").total == 2 * sum("飙" in d.text for d in search.search_documents(reference_issue))
    finally:
        close_database()


def test_a_failed_save_leaves_the_index_as_it_was(db, reference_issue, monkeypatch):
    repository.save_issue(reference_issue)
    changed = copy.deepcopy(reference_issue)
    changed.headline = "不应出现的标题"

    def fail(*_args):  # noqa: ANN002
        raise RuntimeError("disk gone")

    monkeypatch.setattr(repository, "index_issue", fail)
    try:
        repository.save_issue(changed)
    except RuntimeError:
        pass
    assert search_index.search("不应出现").total == 0
    assert search_index.search("政务服务工作").total == 1  # the old headline, still indexed


def test_a_postgres_role_that_may_not_create_extensions_searches_without_pg_trgm(reference_issue):
    """On a shared server a clerk's role may lack CREATE on the database (pg_trgm is a trusted extension,
    so that is all it needs): the migration leaves the trigram indexes out, and searching still finds everything."""
    import os
    from urllib.parse import urlparse

    import pytest

    from desk_app.storage.database import close_database, make_database, open_database

    url = os.environ.get("DESK_APP_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL: set DESK_APP_TEST_POSTGRES_URL (the test command starts a server)")
    admin = make_database(url)
    admin.connect()
    role = "desk_app_test_clerk"
    try:
        admin.execute_sql("DROP SCHEMA public CASCADE")
        admin.execute_sql("CREATE SCHEMA public")
        admin.execute_sql(f"DROP ROLE IF EXISTS {role}")
        admin.execute_sql(f"CREATE ROLE {role} LOGIN")
        admin.execute_sql(f"GRANT ALL ON SCHEMA public TO {role}")
        parsed = urlparse(url)
        clerk_url = parsed._replace(netloc=f"{role}@{parsed.hostname}:{parsed.port}").geturl()
        open_database(clerk_url)
        try:
            repository.save_issue(reference_issue)
            indexes = database_proxy.obj.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'search_doc'").fetchall()
            assert not any("trgm" in name for (name,) in indexes)
            assert [h.path for h in search_index.search("王飙").hits] == ["dynamics.groups[2].entries[0].text"]
            assert search_index.search("飙").total == 1 and search_index.search("厅（局）长进大厅").total >= 1
        finally:
            close_database()
    finally:
        admin.execute_sql("DROP SCHEMA public CASCADE")
        admin.execute_sql("CREATE SCHEMA public")
        admin.execute_sql(f"DROP OWNED BY {role}")
        admin.execute_sql(f"DROP ROLE {role}")
        admin.close()
