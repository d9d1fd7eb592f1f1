"""peewee models of the stored bulletins, bound late through a DatabaseProxy.

One row per issue holds its scalar fields; its lists (newly authorised
departments, progress items, dynamics groups and entries, inspection items) are
child tables ordered by ``position``. The schema itself is made and upgraded by
the numbered migrations in ``db/migrations``; these classes must match the newest.
"""

from __future__ import annotations

from datetime import datetime

import peewee

database_proxy = peewee.DatabaseProxy()


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


class BaseModel(peewee.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = peewee.IntegerField()

    class Meta:
        table_name = "schema_version"


class IssueRow(BaseModel):
    year = peewee.IntegerField()
    number = peewee.IntegerField()
    serial = peewee.IntegerField(null=True)
    masthead_title = peewee.TextField(default="")
    issuer = peewee.TextField(default="")
    issue_date = peewee.DateField(null=True)
    headline = peewee.TextField(default="")
    period_start = peewee.DateField(null=True)
    period_end = peewee.DateField(null=True)

    reform_title = peewee.TextField(default="")
    stats_title = peewee.TextField(default="")
    week_consult = peewee.IntegerField(null=True)
    week_accept = peewee.IntegerField(null=True)
    week_issue = peewee.IntegerField(null=True)
    week_transfer = peewee.IntegerField(null=True)
    ytd_consult = peewee.IntegerField(null=True)
    ytd_accept = peewee.IntegerField(null=True)
    ytd_issue = peewee.IntegerField(null=True)
    ytd_transfer = peewee.IntegerField(null=True)
    authorization_title = peewee.TextField(default="")
    stationed = peewee.IntegerField(null=True)
    authorized = peewee.IntegerField(null=True)
    progress_title = peewee.TextField(default="")

    approvals_title = peewee.TextField(default="")
    approvals_source = peewee.TextField(default="")
    approvals_from = peewee.DateField(null=True)
    approvals_to = peewee.DateField(null=True)
    licensing_accepted = peewee.IntegerField(null=True)
    licensing_completed = peewee.IntegerField(null=True)
    public_service_accepted = peewee.IntegerField(null=True)
    public_service_completed = peewee.IntegerField(null=True)
    other_accepted = peewee.IntegerField(null=True)
    other_completed = peewee.IntegerField(null=True)

    dynamics_title = peewee.TextField(default="")
    inspection_title = peewee.TextField(default="")
    inspection_intro = peewee.TextField(default="")

    distribution_report = peewee.TextField(default="")
    distribution_send = peewee.TextField(default="")
    distribution_issue = peewee.TextField(default="")
    copies = peewee.IntegerField(null=True)

    created_at = peewee.DateTimeField(default=now)
    updated_at = peewee.DateTimeField(default=now)
    revision = peewee.IntegerField(default=1)  # optimistic locking between clerks
    status = peewee.CharField(max_length=16, default="draft")  # draft | issued (db/migrations/0003)
    issued_at = peewee.DateTimeField(null=True)
    issued_by = peewee.TextField(default="")

    class Meta:
        table_name = "issue"
        indexes = ((("year", "number"), True),)  # and issue_list, which covers the list (migration 0005)


class NewlyAuthorizedRow(BaseModel):
    issue = peewee.ForeignKeyField(IssueRow, on_delete="CASCADE", backref="newly_authorized")
    position = peewee.IntegerField()
    name = peewee.TextField()
    note = peewee.TextField(default="")

    class Meta:
        table_name = "newly_authorized"


class ProgressItemRow(BaseModel):
    issue = peewee.ForeignKeyField(IssueRow, on_delete="CASCADE", backref="progress_items")
    position = peewee.IntegerField()
    text = peewee.TextField()

    class Meta:
        table_name = "progress_item"


class GroupRow(BaseModel):
    issue = peewee.ForeignKeyField(IssueRow, on_delete="CASCADE", backref="groups")
    position = peewee.IntegerField()
    title = peewee.TextField()

    class Meta:
        table_name = "dynamics_group"


class EntryRow(BaseModel):
    group = peewee.ForeignKeyField(GroupRow, on_delete="CASCADE", backref="entries")
    position = peewee.IntegerField()
    department = peewee.TextField(default="")
    text = peewee.TextField()

    class Meta:
        table_name = "dynamics_entry"


class InspectionItemRow(BaseModel):
    issue = peewee.ForeignKeyField(IssueRow, on_delete="CASCADE", backref="inspection_items")
    position = peewee.IntegerField()
    item = peewee.TextField()
    result = peewee.TextField()

    class Meta:
        table_name = "inspection_item"


class SearchDocRow(BaseModel):
    """One printed line of an issue for the archive's search (desk_app.domain.search; db/migrations/0002)."""

    issue = peewee.ForeignKeyField(IssueRow, on_delete="CASCADE", backref="search_docs")
    position = peewee.IntegerField()
    section = peewee.TextField()
    heading = peewee.TextField()
    path = peewee.TextField()
    text = peewee.TextField()
    department = peewee.TextField(default="")

    class Meta:
        table_name = "search_doc"


class ChangeRow(BaseModel):
    """Who changed which field of an issue, when, from what to what (db/migrations/0003)."""

    issue = peewee.ForeignKeyField(IssueRow, on_delete="CASCADE", backref="changes")
    at = peewee.DateTimeField(default=now)
    who = peewee.TextField(default="")
    kind = peewee.CharField(max_length=16)  # created | edit | imported | issued | unlocked | restored
    path = peewee.TextField(default="")
    before = peewee.TextField(null=True)
    after = peewee.TextField(null=True)
    note = peewee.TextField(default="")  # an unlock's reason, an import's file

    class Meta:
        table_name = "issue_change"
        indexes = ((("issue", "id"), False),)


ALL_MODELS = [
    SchemaVersion,
    IssueRow,
    NewlyAuthorizedRow,
    ProgressItemRow,
    GroupRow,
    EntryRow,
    InspectionItemRow,
    SearchDocRow,
    ChangeRow,
]
