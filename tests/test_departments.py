"""The departments list (db/migrations/0004, desk_app/storage/departments.py): seeded, kept, used to recognise."""

from __future__ import annotations

from desk_app.domain.cleanup import Department, recognise_department
from desk_app.domain.model import Entry, Group
from desk_app.storage import departments, repository
from desk_app.storage.database import close_database, open_database
from desk_app.storage.migrations import latest_version
from desk_app.storage.models import database_proxy

REFERENCE_NAMES = {"公安厅", "自然资源厅", "应急管理厅", "水利厅", "省市场监管局", "司法厅", "省地震局", "省测绘地理信息局"}


def test_migration_4_seeds_the_list_from_the_stored_issues_most_used_first(sqlite_url, reference_issue, monkeypatch):
    from desk_app.storage import migrations

    every = migrations.available_migrations()
    open_database(sqlite_url, migrate=False)
    monkeypatch.setattr(migrations, "available_migrations", lambda: {n: p for n, p in every.items() if n < 4})
    before = migrations.ensure_schema(database_proxy.obj)
    assert before < 4 and not database_proxy.obj.table_exists("department")
    reference_issue.dynamics.groups.append(Group("再一组", [Entry("水利厅", "又一条。"), Entry("省大数据中心", "一条。")]))
    reference_issue.dynamics.groups.append(Group("又一组", [Entry("水利厅", "再一条。")]))
    repository.save_issue(reference_issue)
    monkeypatch.setattr(migrations, "available_migrations", lambda: every)
    assert migrations.ensure_schema(database_proxy.obj) == latest_version() >= 4
    listed = departments.list_departments()
    names = [d.name for d in listed]
    assert names[0] == "水利厅"  # used three times
    assert "省大数据中心" in names and REFERENCE_NAMES <= set(names)
    assert len(names) == len(set(names))
    assert Department("省市场监管局", ("省市场监督管理局",)) in listed
    assert repository.load_issue(reference_issue.key) == reference_issue  # nothing of the issues lost
    close_database()


def test_a_new_database_has_the_reference_departments(db):
    assert REFERENCE_NAMES <= {d.name for d in departments.list_departments()}


def test_the_list_can_be_edited_and_names_used_since_are_known(db, reference_issue):
    departments.save_department("省大数据中心", ["大数据中心", "省大数据中心"])
    departments.save_department("公安厅", ["四川省公安厅"])
    assert departments.remove_department("教育厅")
    assert not departments.remove_department("教育厅")
    listed = {d.name: d for d in departments.list_departments()}
    assert listed["省大数据中心"].aliases == ("大数据中心",)
    assert listed["公安厅"].aliases == ("四川省公安厅",)
    assert "教育厅" not in listed
    reference_issue.dynamics.groups[0].entries[0].department = "省医保局"
    repository.save_issue(reference_issue)
    known = departments.known_departments()
    assert "省医保局" in {d.name for d in known}
    assert recognise_department("省医保局窗口：近日", known) == ("省医保局", 4)
    assert recognise_department("大数据中心：近日", known) == ("省大数据中心", 5)
