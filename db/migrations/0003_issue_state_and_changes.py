"""Schema version 3: issued (locked) issues and a change log per issue.

- ``issue.status``: ``draft`` or ``issued``. An issued issue is frozen: the repository refuses
  to save or delete it until it is unlocked, with a reason (desk_app.storage.change_log).
  ``issued_at``/``issued_by``: when and by whom it was marked 已印发.
- ``issue_change``: who changed what field of an issue and when, with the values before and
  after; ``kind`` is created, edit, imported, issued, unlocked or restored; ``note`` holds an
  unlock's reason or an import's file.

Existing issues become drafts: nothing was locked before this version.

Frozen history: this file describes the schema as it was at version 3 and never changes.
"""

import peewee as pw

from desk_app.storage.migrations import frozen_model


def upgrade(database: pw.Database) -> None:
    moment = "TIMESTAMP" if isinstance(database, pw.PostgresqlDatabase) else "DATETIME"
    # Plain ALTER TABLE … ADD COLUMN: both SQLite and PostgreSQL add a column with a default in place.
    database.execute_sql("ALTER TABLE issue ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'draft'")
    database.execute_sql(f"ALTER TABLE issue ADD COLUMN issued_at {moment}")
    database.execute_sql("ALTER TABLE issue ADD COLUMN issued_by TEXT NOT NULL DEFAULT ''")

    issue = frozen_model(database, "issue", {})
    change = frozen_model(
        database,
        "issue_change",
        dict(
            issue=pw.ForeignKeyField(issue, on_delete="CASCADE", column_name="issue_id"),
            at=pw.DateTimeField(),
            who=pw.TextField(default=""),
            kind=pw.CharField(max_length=16),
            path=pw.TextField(default=""),
            before=pw.TextField(null=True),
            after=pw.TextField(null=True),
            note=pw.TextField(default=""),
        ),
        indexes=((("issue", "id"), False),),
    )
    database.create_tables([change])
