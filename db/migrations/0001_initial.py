"""Schema version 1: issues and their lists.

Frozen history: this file describes the schema as it was at version 1 and never
changes; later versions are later files.
"""

import peewee as pw

from desk_app.storage.migrations import frozen_model


def upgrade(database: pw.Database) -> None:
    def text() -> pw.Field:
        return pw.TextField(default="")

    def count() -> pw.Field:
        return pw.IntegerField(null=True)

    def day() -> pw.Field:
        return pw.DateField(null=True)

    issue = frozen_model(
        database,
        "issue",
        dict(
            year=pw.IntegerField(),
            number=pw.IntegerField(),
            serial=count(),
            masthead_title=text(),
            issuer=text(),
            issue_date=day(),
            headline=text(),
            period_start=day(),
            period_end=day(),
            reform_title=text(),
            stats_title=text(),
            **{f"{span}_{name}": count() for span in ("week", "ytd") for name in ("consult", "accept", "issue", "transfer")},
            authorization_title=text(),
            stationed=count(),
            authorized=count(),
            progress_title=text(),
            approvals_title=text(),
            approvals_source=text(),
            approvals_from=day(),
            approvals_to=day(),
            **{f"{c}_{s}": count() for c in ("licensing", "public_service", "other") for s in ("accepted", "completed")},
            dynamics_title=text(),
            inspection_title=text(),
            inspection_intro=text(),
            distribution_report=text(),
            distribution_send=text(),
            distribution_issue=text(),
            copies=count(),
            created_at=pw.DateTimeField(),
            updated_at=pw.DateTimeField(),
            revision=pw.IntegerField(default=1),
        ),
        indexes=((("year", "number"), True),),
    )

    def child(table: str, parent: type[pw.Model], fk: str, **fields: pw.Field) -> type[pw.Model]:
        fk_field = pw.ForeignKeyField(parent, on_delete="CASCADE", column_name=f"{fk}_id")
        return frozen_model(database, table, {fk: fk_field, "position": pw.IntegerField(), **fields})

    group = child("dynamics_group", issue, "issue", title=pw.TextField())
    tables = [
        issue,
        child("newly_authorized", issue, "issue", name=pw.TextField(), note=text()),
        child("progress_item", issue, "issue", text=pw.TextField()),
        group,
        child("dynamics_entry", group, "group", department=text(), text=pw.TextField()),
        child("inspection_item", issue, "issue", item=pw.TextField(), result=pw.TextField()),
    ]
    database.create_tables(tables)
