"""Schema version 4: the list of departments, for recognising who a pasted submission is from.

``department`` holds a name (as 窗口动态 stores it, e.g. 公安厅) and the other names it goes by,
one per line (``aliases``: 省市场监督管理局 for 省市场监管局). The variants with and without
「四川省」/「省」 in front are recognised without being listed (desk_app.domain.cleanup.Department).
It is seeded from the department names the stored issues use and from the departments of the
2023-06 reference issue; the clerk's list can be edited later (desk_app.storage.departments).

Frozen history: this file describes the schema as it was at version 4 and never changes.
"""

import peewee as pw

from desk_app.storage.migrations import frozen_model

# The reference issue's departments (窗口动态, 新增授权, 推进情况), with the other names they go by.
REFERENCE_DEPARTMENTS = (
    ("公安厅", ""),
    ("自然资源厅", ""),
    ("应急管理厅", "应急厅"),
    ("水利厅", ""),
    ("省市场监管局", "省市场监督管理局"),
    ("司法厅", ""),
    ("省地震局", ""),
    ("省测绘地理信息局", ""),
    ("经济和信息化厅", "经信厅"),
    ("教育厅", ""),
    ("生态环境厅", ""),
)


def upgrade(database: pw.Database) -> None:
    department = frozen_model(
        database,
        "department",
        dict(name=pw.TextField(unique=True), aliases=pw.TextField(default="")),
    )
    database.create_tables([department])
    cursor = database.execute_sql(
        "SELECT department, COUNT(*) FROM dynamics_entry WHERE department <> '' "
        "GROUP BY department ORDER BY COUNT(*) DESC, department"
    )
    used = [name.strip() for name, _uses in cursor.fetchall() if name.strip()]
    reference = dict(REFERENCE_DEPARTMENTS)
    names = list(dict.fromkeys([*used, *reference]))  # most used first, then the reference's others
    for name in names:
        aliases = reference.get(name, "")
        database.execute_sql(
            f"INSERT INTO department (name, aliases) VALUES ({database.param}, {database.param})", (name, aliases)
        )
