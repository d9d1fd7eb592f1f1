"""Storage: issues round-trip, replace atomically, migrate, and a newer database is refused untouched."""

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import peewee
import pytest

from desk_app.domain.exchange import dumps
from desk_app.domain.model import Entry, Group, IssueKey
from desk_app.storage import repository
from desk_app.storage.database import DatabaseError, close_database, default_url, open_database, sqlite_path, sqlite_url
from desk_app.storage.migrations import DatabaseTooNew, current_version, latest_version
from desk_app.storage.models import EntryRow, GroupRow, database_proxy

KEY = IssueKey(2023, 6)


def test_round_trip_of_the_reference_issue(db, reference_issue):
    result = repository.save_issue(reference_issue)
    assert (result.key, result.replaced, result.revision) == (KEY, False, 1)
    assert repository.load_issue(KEY) == reference_issue


def test_saving_again_replaces_lists_instead_of_appending(db, reference_issue):
    repository.save_issue(reference_issue)
    reference_issue.dynamics.groups = [Group("唯一分组", [Entry("水利厅", "一条。")])]
    result = repository.save_issue(reference_issue)
    assert result.replaced and result.revision == 2
    assert repository.load_issue(KEY).dynamics.groups == [Group("唯一分组", [Entry("水利厅", "一条。")])]
    assert GroupRow.select().count() == 1 and EntryRow.select().count() == 1


def test_list_is_newest_first_and_previous_is_the_one_before(db, reference_issue):
    for year, number in [(2022, 52), (2023, 6), (2023, 5), (2023, 10)]:
        reference_issue.masthead.year, reference_issue.masthead.number = year, number
        repository.save_issue(reference_issue)
    assert [s.key for s in repository.list_issues()] == [(2023, 10), (2023, 6), (2023, 5), (2022, 52)]
    assert repository.previous_issue(IssueKey(2023, 5)).key == (2022, 52)
    assert repository.previous_issue(IssueKey(2022, 52)) is None
    assert repository.latest_issue().key == repository.latest_key() == (2023, 10)


def _stored_summary_columns(key: IssueKey):
    from desk_app.storage.models import IssueRow

    return IssueRow.get((IssueRow.year == key.year) & (IssueRow.number == key.number))


def test_the_list_reads_dates_as_the_fields_do(db, reference_issue):
    reference_issue.period.end = None
    repository.save_issue(reference_issue)
    (summary,) = repository.list_issues()
    row = _stored_summary_columns(KEY)
    assert (summary.serial, summary.period_start, summary.period_end, summary.updated_at, summary.revision) == (
        row.serial, row.period_start, None, row.updated_at, row.revision,
    )
    assert type(summary.period_start).__name__ == "date" and type(summary.updated_at).__name__ == "datetime"


def test_the_list_reads_values_that_are_not_iso_text_through_the_fields(db, reference_issue, monkeypatch):
    """PostgreSQL hands back date objects, and an old file may hold another text format: both still read."""
    repository.save_issue(reference_issue)
    expected = repository.list_issues()
    moment = expected[0].updated_at.strftime("%Y-%m-%d %H:%M:%S.%f")
    database_proxy.execute_sql(f"UPDATE issue SET updated_at = {database_proxy.obj.param}", (moment,))
    assert repository.list_issues() == expected  # ISO with microseconds: the fast path
    real = database_proxy.obj.execute

    class DateObjects:  # as psycopg2 returns them
        def __init__(self, cursor):
            rows = cursor.fetchall()
            self.rows = [(*r[:3], date.fromisoformat(r[3]) if isinstance(r[3], str) else r[3], *r[4:]) for r in rows]

        def fetchall(self):
            return self.rows

        def __iter__(self):
            return iter(self.rows)

    monkeypatch.setattr(database_proxy.obj, "execute", lambda query: DateObjects(real(query)))
    assert repository.list_issues() == expected


def test_delete_removes_the_issue_and_its_lists(db, reference_issue):
    repository.save_issue(reference_issue)
    repository.delete_issue(KEY)
    assert repository.list_issues() == []
    assert GroupRow.select().count() == 0 and EntryRow.select().count() == 0
    with pytest.raises(repository.IssueNotFound):
        repository.load_issue(KEY)


def test_a_stale_revision_is_a_conflict_not_an_overwrite(db, reference_issue):
    repository.save_issue(reference_issue)
    _, revision = repository.load_issue_with_revision(KEY)
    reference_issue.headline = "别人改的"
    repository.save_issue(reference_issue, expected_revision=revision)
    reference_issue.headline = "我改的"
    with pytest.raises(repository.ConflictError):
        repository.save_issue(reference_issue, expected_revision=revision)
    assert repository.load_issue(KEY).headline == "别人改的"


def test_renumbering_an_issue_keeps_one_row(db, reference_issue):
    repository.save_issue(reference_issue)
    reference_issue.masthead.number = 7
    repository.save_issue(reference_issue, original_key=KEY)
    assert [s.key for s in repository.list_issues()] == [(2023, 7)]


def test_a_failed_save_leaves_the_stored_issue_whole(db, reference_issue, monkeypatch):
    repository.save_issue(reference_issue)
    before = dumps(repository.load_issue(KEY))
    reference_issue.dynamics.groups = [Group("新分组", [Entry("公安厅", "新内容")])]

    def crash(*args, **kwargs):
        raise RuntimeError("power cut in the middle of a save")

    monkeypatch.setattr(repository, "_write_children", crash)
    with pytest.raises(RuntimeError):
        repository.save_issue(reference_issue)
    assert dumps(repository.load_issue(KEY)) == before


def test_departments_used_most_often_first(db, reference_issue):
    reference_issue.dynamics.groups.append(Group("再一组", [Entry("水利厅", "又一条。")]))
    repository.save_issue(reference_issue)
    used = repository.departments_used()
    assert used[0] == "水利厅"
    assert set(used) == {"公安厅", "自然资源厅", "应急管理厅", "水利厅", "省市场监管局", "司法厅"}


def test_schema_is_at_the_latest_version(db):
    assert current_version(database_proxy.obj) == latest_version() >= 1


def test_default_database_is_a_file_in_the_data_folder(isolated_data_dir):
    database = open_database()
    try:
        assert Path(database.database).parent == isolated_data_dir
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
    finally:
        close_database()
    assert default_url().startswith("sqlite:///")


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///relative.db", "relative.db"),
        ("sqlite:////tmp/x y/周报.db", "/tmp/x y/周报.db"),
        ("sqlite:///C:/Users/张三/周报.db", "C:/Users/张三/周报.db"),
        ("sqlite:////tmp/x%20y.db", "/tmp/x y.db"),
        ("postgresql://clerk@server/bulletins", None),
    ],
)
def test_sqlite_urls(url, path):
    assert sqlite_path(url) == (None if path is None else Path(path))


FOLDER_NAMES = ["周报 数据", "张#1", "问?号", "百分%20号", "a%b", "#?% 混合 #2?"]


@pytest.mark.parametrize("name", FOLDER_NAMES)
def test_the_default_url_round_trips_any_data_folder(name, tmp_path, monkeypatch):
    folder = tmp_path / "base" / name / "window-weekly"
    monkeypatch.setenv("DESK_APP_DATA_DIR", str(folder))
    assert sqlite_path(default_url()) == folder / "bulletins.sqlite3"
    database = open_database()
    try:
        assert Path(database.database) == folder / "bulletins.sqlite3"
    finally:
        close_database()
    assert (folder / "bulletins.sqlite3").is_file()
    assert [p.name for p in (tmp_path / "base").iterdir()] == [name]  # nothing under a cut-off name


@pytest.mark.parametrize("name", FOLDER_NAMES)
@pytest.mark.parametrize("base", ["C:/Users/张三/AppData/Local", "/home/张三/.local/share", "relative"])
def test_sqlite_url_and_sqlite_path_are_inverse(base, name):
    path = Path(base) / name / "bulletins.sqlite3"
    assert sqlite_path(sqlite_url(path)) == path
    url = sqlite_url(path)
    assert "#" not in url and "?" not in url
    assert all(c in url for c in name if c not in "#?%")  # Chinese and spaces stay readable


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseError, match="folder of the database does not exist"):
        open_database("sqlite:///" + (tmp_path / "no such folder" / "x.db").as_posix())


def test_an_unknown_scheme_is_a_clear_error():
    with pytest.raises(DatabaseError, match="cannot use database URL"):
        open_database("oracle://somewhere/db")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_newer_database_is_refused_and_not_modified(sqlite_url, reference_issue):
    open_database(sqlite_url)
    repository.save_issue(reference_issue)
    close_database()
    path = sqlite_path(sqlite_url)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE schema_version SET version = ?", (latest_version() + 1,))
    connection.close()
    before = _sha256(path)
    with pytest.raises(DatabaseTooNew) as caught:
        open_database(sqlite_url)
    close_database()
    assert "newer than this program" in str(caught.value)
    assert "请安装新版程序" in caught.value.message_zh()
    assert _sha256(path) == before


def test_an_old_database_is_upgraded_step_by_step(sqlite_url, reference_issue, monkeypatch, tmp_path):
    """A database at version 1 is taken to the latest version by the numbered files, keeping its data."""
    from desk_app.storage import migrations

    all_migrations = migrations.available_migrations()
    open_database(sqlite_url, migrate=False)
    monkeypatch.setattr(migrations, "available_migrations", lambda: {1: all_migrations[1]})
    assert migrations.ensure_schema(database_proxy.obj) == 1
    monkeypatch.setattr(migrations, "available_migrations", lambda: all_migrations)
    assert migrations.ensure_schema(database_proxy.obj) == latest_version()
    repository.save_issue(reference_issue)
    assert repository.load_issue(KEY) == reference_issue
    close_database()


def test_migration_files_are_numbered_without_gaps():
    from desk_app.storage.migrations import available_migrations

    numbers = list(available_migrations())
    assert numbers == list(range(1, len(numbers) + 1))


# issued (locked) issues and the change log --------------------------------------------------


def test_an_issued_issue_is_not_saved_or_deleted_until_unlocked_with_a_reason(db, reference_issue):
    from desk_app.storage.change_log import changes_of

    repository.save_issue(reference_issue, who="张三")
    assert not repository.issue_state(KEY).issued
    revision = repository.mark_issued(KEY, who="李四")
    state = repository.issue_state(KEY)
    assert (state.issued, state.issued_by) == (True, "李四") and state.issued_at is not None
    assert repository.issued_issues() == {KEY: state}
    assert state.text_zh().startswith("已印发（") and state.text_zh().endswith("，李四）")

    reference_issue.headline = "印发后又改"
    with pytest.raises(repository.IssueLocked) as caught:
        repository.save_issue(reference_issue, expected_revision=revision)
    assert "如需修改请先解锁" in caught.value.message_zh()
    with pytest.raises(repository.IssueLocked):  # another window with an older revision is told the same
        repository.save_issue(reference_issue, expected_revision=1)
    with pytest.raises(repository.IssueLocked):
        repository.delete_issue(KEY)
    assert repository.load_issue(KEY).headline == "政务服务工作"

    with pytest.raises(ValueError):
        repository.unlock_issue(KEY, "   ")
    assert repository.issue_state(KEY).issued
    revision = repository.unlock_issue(KEY, "报送数字有误，更正后重印", expected_revision=revision, who="李四")
    assert not repository.issue_state(KEY).issued and repository.issued_issues() == {}
    repository.save_issue(reference_issue, expected_revision=revision, who="李四")
    assert repository.load_issue(KEY).headline == "印发后又改"

    kinds = [(c.kind, c.who, c.note) for c in changes_of(KEY)]
    assert kinds == [
        ("edit", "李四", ""),
        ("unlocked", "李四", "报送数字有误，更正后重印"),
        ("issued", "李四", ""),
        ("created", "张三", ""),
    ]


def test_marking_issued_with_a_stale_revision_is_a_conflict(db, reference_issue):
    repository.save_issue(reference_issue)
    repository.save_issue(reference_issue)  # revision 2, by someone else
    with pytest.raises(repository.ConflictError):
        repository.mark_issued(KEY, expected_revision=1)
    assert not repository.issue_state(KEY).issued


def test_a_save_logs_only_the_fields_that_changed_with_who_before_and_after(db, reference_issue):
    from desk_app.storage.change_log import changes_of

    repository.save_issue(reference_issue, who="张三")
    reference_issue.reform.authorization.authorized = 39
    reference_issue.dynamics.groups[0].entries[1].text = "改过的动态。"
    repository.save_issue(reference_issue, who="王五")
    changes = {c.path: c for c in changes_of(KEY)[:2]}
    authorized, text = changes["reform.authorization.authorized"], changes["dynamics.groups[0].entries[1].text"]
    assert (authorized.before, authorized.after, authorized.who, authorized.kind) == ("37", "39", "王五", "edit")
    assert text.before.startswith("近日，自然资源厅") and (text.after, text.who) == ("改过的动态。", "王五")
    assert {c.field_zh for c in changes.values()} == {"一、综窗改革 › 授权情况 › 已授权部门数", "三、窗口动态 › 分组1 › 动态2 › 内容"}
    repository.save_issue(reference_issue, who="王五")  # nothing changed: nothing logged
    assert len(changes_of(KEY)) == 3


def test_typing_on_in_one_field_is_one_line_of_the_log(db, reference_issue):
    from desk_app.storage.change_log import changes_of

    repository.save_issue(reference_issue, who="张三")
    for text in ("政", "政务", "政务服务周报"):
        reference_issue.headline = text
        repository.save_issue(reference_issue, who="张三")
    [typed, _created] = changes_of(KEY)
    assert (typed.path, typed.before, typed.after) == ("headline", "政务服务工作", "政务服务周报")
    reference_issue.headline = "政务服务工作"  # typed back: no change is left to log
    repository.save_issue(reference_issue, who="张三")
    assert [c.kind for c in changes_of(KEY)] == ["created"]
    reference_issue.headline = "别人的标题"  # someone else typing is their own line
    repository.save_issue(reference_issue, who="张三")
    reference_issue.headline = "别人的标题二"
    repository.save_issue(reference_issue, who="赵六")
    assert [(c.who, c.before, c.after) for c in changes_of(KEY)[:2]] == [
        ("赵六", "别人的标题", "别人的标题二"),
        ("张三", "政务服务工作", "别人的标题"),
    ]


def test_added_and_removed_list_items_are_logged(db, reference_issue):
    from desk_app.storage.change_log import changes_of

    repository.save_issue(reference_issue)
    reference_issue.reform.progress.items.append("第六条。")
    del reference_issue.reform.authorization.newly_authorized[1]
    repository.save_issue(reference_issue)
    logged = {(c.path, c.before, c.after) for c in changes_of(KEY) if c.kind == "edit"}
    assert ("reform.progress.items[5]", None, "第六条。") in logged
    assert ("reform.authorization.newly_authorized[1].name", "省测绘地理信息局", None) in logged
    assert ("reform.authorization.newly_authorized[1].note", "部分事项授权", None) in logged


def test_an_entry_deleted_from_the_top_is_logged_as_that_entry_removed(db, reference_issue):
    from desk_app.storage.change_log import changes_of

    repository.save_issue(reference_issue)
    entries = reference_issue.dynamics.groups[1].entries
    third = entries[2].text
    removed = entries.pop(0)
    entries[1].text = "第三条改过。"  # and one later entry edited: logged at its new place
    repository.save_issue(reference_issue)
    logged = {(c.path, c.before, c.after) for c in changes_of(KEY) if c.kind == "edit"}
    assert logged == {
        ("dynamics.groups[1].entries[0].department", removed.department, None),
        ("dynamics.groups[1].entries[0].text", removed.text, None),
        ("dynamics.groups[1].entries[1].text", third, "第三条改过。"),
    }


def test_the_log_is_deleted_with_its_issue(db, reference_issue):
    from desk_app.storage.change_log import changes_of
    from desk_app.storage.models import ChangeRow

    repository.save_issue(reference_issue)
    repository.delete_issue(KEY)
    assert changes_of(KEY) == [] and ChangeRow.select().count() == 0


def test_migration_3_upgrades_a_version_2_database_with_its_data(database_url, reference_issue, monkeypatch):
    """Issues stored under version 2 become drafts with an empty log, and keep every field and search line."""
    from desk_app.domain.search import search_documents
    from desk_app.storage import migrations
    from desk_app.storage.change_log import changes_of
    from desk_app.storage.models import SearchDocRow

    all_migrations = migrations.available_migrations()
    open_database(database_url, migrate=False)
    monkeypatch.setattr(migrations, "available_migrations", lambda: {n: all_migrations[n] for n in (1, 2)})
    assert migrations.ensure_schema(database_proxy.obj) == 2
    _insert_as_version_2(reference_issue)
    monkeypatch.setattr(migrations, "available_migrations", lambda: all_migrations)
    assert migrations.ensure_schema(database_proxy.obj) == latest_version()
    assert repository.load_issue(KEY) == reference_issue
    assert SearchDocRow.select().count() == len(search_documents(reference_issue))
    assert not repository.issue_state(KEY).issued and changes_of(KEY) == []
    reference_issue.headline = "升级后修改"
    repository.save_issue(reference_issue, who="张三")
    assert [(c.path, c.after) for c in changes_of(KEY)] == [("headline", "升级后修改")]
    repository.mark_issued(KEY)
    assert repository.issue_state(KEY).issued
    close_database()


def _insert_as_version_2(issue) -> None:  # noqa: ANN001
    """Store ``issue`` with the columns version 2 had (the live models have more)."""
    from desk_app.storage.models import IssueRow
    from desk_app.storage.search_index import index_issue

    from old_schema import insert_issue_row

    with database_proxy.atomic():
        row_id = insert_issue_row(issue)
        repository._write_children(row_id, issue)
        index_issue(row_id, issue)
    assert IssueRow.select(IssueRow.id).count() == 1


def test_the_issue_list_is_read_from_its_covering_index(db):
    """Migration 0005: the list reads the index alone, not each issue's whole row (SQLite)."""
    from desk_app.storage.models import IssueRow, database_proxy
    from desk_app.storage.repository import _NEWEST_FIRST, _SUMMARY_FIELDS

    if not isinstance(database_proxy.obj, peewee.SqliteDatabase):
        pytest.skip("SQLite's query plan")
    query = IssueRow.select(IssueRow.year, IssueRow.number, *_SUMMARY_FIELDS).order_by(*_NEWEST_FIRST)
    sql, params = query.sql()
    plan = " ".join(str(row[-1]) for row in database_proxy.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
    assert "COVERING INDEX issue_list" in plan
