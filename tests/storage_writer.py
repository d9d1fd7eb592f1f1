"""A writer in its own process for the concurrency and crash tests: saves issues in a loop, saying what it committed.

    python tests/storage_writer.py URL WRITER [--edits N] [--go FILE]

Opens the database, prints ``ready``, waits for FILE to exist (when given, so that several
writers start together), then saves edit 0, 1, 2, … (N of them, or until killed) with
``repository.save_issue``: before each it prints ``saving WRITER I``, after its commit
``committed WRITER I``. What edit I of a writer stores is ``edit(WRITER, I)``, so a checker
can tell exactly what every reported commit must have left in the database.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "bulletin.json"
FIRST_NUMBER = 7  # after the reference issue (2023-6)
KEYS = 6  # the edits go round issues 2023-7 … 2023-12, so most saves replace a stored issue


def key_of(edit_number: int):  # noqa: ANN201
    from desk_app.domain.model import IssueKey

    return IssueKey(2023, FIRST_NUMBER + edit_number % KEYS)


def edit(writer: int, edit_number: int, reference=None):  # noqa: ANN001, ANN201
    """The issue edit ``edit_number`` of ``writer`` saves: its own headline, and lists of varying length."""
    if reference is None:
        from desk_app.domain.exchange import loads

        reference = loads(REFERENCE.read_text(encoding="utf-8"))
    issue = copy.deepcopy(reference)
    key = key_of(edit_number)
    issue.masthead.number = key.number
    issue.masthead.serial = (reference.masthead.serial or 0) + key.number - reference.masthead.number
    issue.headline = f"写入者{writer}的第{edit_number}次修改"
    repeat = 1 + (writer + edit_number) % 4  # so that each save deletes and inserts a different number of rows
    for group in issue.dynamics.groups:
        group.entries = [copy.deepcopy(entry) for _ in range(repeat) for entry in group.entries]
    issue.inspection.items = issue.inspection.items[: 1 + edit_number % max(1, len(issue.inspection.items))]
    return issue


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("writer", type=int)
    parser.add_argument("--edits", type=int, default=0, help="0: until killed")
    parser.add_argument("--go", type=Path)
    args = parser.parse_args(argv)

    from desk_app.domain.exchange import loads
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    reference = loads(REFERENCE.read_text(encoding="utf-8"))
    open_database(args.url)
    print("ready", flush=True)
    while args.go is not None and not args.go.exists():
        time.sleep(0.005)
    counter = range(args.edits) if args.edits else itertools.count()
    for number in counter:
        issue = edit(args.writer, number, reference)
        print(f"saving {args.writer} {number}", flush=True)
        repository.save_issue(issue)
        print(f"committed {args.writer} {number}", flush=True)
    close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
