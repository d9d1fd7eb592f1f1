"""The departments list (db/migrations/0004): names and the other names they go by, to recognise a submission's sender."""

from __future__ import annotations

import peewee

from desk_app.domain.cleanup import Department

from .models import BaseModel
from .repository import departments_used
from .transactions import run_writing


class DepartmentRow(BaseModel):
    name = peewee.TextField(unique=True)
    aliases = peewee.TextField(default="")  # one per line

    class Meta:
        table_name = "department"


def _department(row: DepartmentRow) -> Department:
    return Department(row.name, tuple(a.strip() for a in row.aliases.splitlines() if a.strip()))


def list_departments() -> list[Department]:
    """The list as kept, in the order it was made (most used first when seeded)."""
    return [_department(row) for row in DepartmentRow.select().order_by(DepartmentRow.id)]


def known_departments() -> list[Department]:
    """The list, and the names used in stored issues since that the list does not have yet."""
    listed = list_departments()
    names = {d.name for d in listed}
    return listed + [Department(name) for name in departments_used() if name not in names]


def save_department(name: str, aliases: tuple[str, ...] | list[str] = ()) -> Department:
    """Add a department, or give one already listed these aliases."""
    name = name.strip()
    if not name:
        raise ValueError("a department needs a name")
    text = "\n".join(a.strip() for a in aliases if a.strip() and a.strip() != name)

    def write() -> None:
        updated = DepartmentRow.update(aliases=text).where(DepartmentRow.name == name).execute()
        if not updated:
            DepartmentRow.create(name=name, aliases=text)

    run_writing(write)
    return Department(name, tuple(text.splitlines()))


def remove_department(name: str) -> bool:
    return bool(run_writing(lambda: DepartmentRow.delete().where(DepartmentRow.name == name).execute()))
