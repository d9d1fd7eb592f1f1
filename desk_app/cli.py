"""The command line: ``python -m desk_app [--database URL] COMMAND …``.

Also the contract tests and tools use. Errors are one line naming the field, with
a non-zero exit status and no traceback; this path never imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A failure to report in one line."""


def _global_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk-app",
        description="窗口工作周报 — compile the weekly window work bulletin. Without a command, starts the GUI.",
    )
    parser.add_argument("--database", metavar="URL", help="peewee database URL (default: the local SQLite file)")
    parser.add_argument("--smoke-test", action="store_true", help="build every part of the GUI on a temporary database and exit")
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = _global_parser()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("import", help="import window-weekly/1 JSON files (each in its own transaction)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.json")

    p = commands.add_parser("dump", help="write an issue as window-weekly/1 JSON")
    p.add_argument("issue", metavar="YEAR-NUMBER")
    p.add_argument("-o", "--output", type=Path, metavar="FILE.json", help="default: standard output")

    p = commands.add_parser("export", help="export an issue as .docx (or .pdf)")
    p.add_argument("issue", metavar="YEAR-NUMBER")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.docx")

    commands.add_parser("list", help="list the stored issues, newest first")
    return parser


def _open(url: str | None) -> None:
    from desk_app.storage.database import DatabaseError, open_database
    from desk_app.storage.migrations import DatabaseTooNew

    try:
        open_database(url)
    except (DatabaseError, DatabaseTooNew) as exc:
        raise CommandError(str(exc)) from exc
    except Exception as exc:  # driver errors (wrong host, password, …) come in many classes
        raise CommandError(f"cannot open the database: {exc}") from exc


def _issue_key(text: str):
    from desk_app.domain.model import IssueKey

    try:
        return IssueKey.parse(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


def _load(text: str):
    from desk_app.storage.repository import IssueNotFound, load_issue

    try:
        return load_issue(_issue_key(text))
    except IssueNotFound as exc:
        raise CommandError(str(exc)) from exc


def cmd_import(args: argparse.Namespace) -> int:
    import peewee

    from desk_app.domain.exchange import InvalidIssue
    from desk_app.services import import_issue_text
    from desk_app.storage.repository import ConflictError

    failed = 0
    for path in args.files:
        try:
            text = path.read_text(encoding="utf-8-sig")  # a BOM from Notepad is not an error
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{path}: cannot read: {exc}", file=sys.stderr)
            failed += 1
            continue
        try:
            result = import_issue_text(text)
        except InvalidIssue as exc:
            for problem in exc.problems:
                print(f"{path}: error: {problem.message()}", file=sys.stderr)
            failed += 1
            continue
        except (peewee.DatabaseError, ConflictError) as exc:
            # Still busy after the retries, or refused: this file is not stored; go on with the next.
            print(f"{path}: error: not stored in the database: {exc}", file=sys.stderr)
            failed += 1
            continue
        for problem in result.warnings:
            print(f"{path}: warning: {problem.message()}", file=sys.stderr)
        action = "replaced" if result.save.replaced else "imported"
        print(f"{action} {result.save.key} (serial {result.issue.masthead.serial}) from {path}")
    if failed:
        print(f"{failed} of {len(args.files)} file(s) not imported", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    from desk_app.domain.exchange import dumps
    from desk_app.output.atomic import write_atomically

    text = dumps(_load(args.issue))
    if args.output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the console's code page
        sys.stdout.flush()
    else:
        write_atomically(args.output, lambda p: p.write_text(text, encoding="utf-8"))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from desk_app.services import ExportRefused, export_issue

    issue = _load(args.issue)
    from desk_app.storage.repository import previous_issue

    try:
        result = export_issue(issue, args.output, previous=previous_issue(issue.key))
    except ExportRefused as exc:
        for problem in exc.problems:
            print(f"error: {problem.message()}", file=sys.stderr)
        raise CommandError(f"issue {issue.key} has errors; nothing exported") from exc
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"exported {issue.key} to {result.path}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from desk_app.domain.rules import period_text
    from desk_app.storage.repository import list_issues

    for s in list_issues():
        serial = "" if s.serial is None else f"总第{s.serial}期"
        period = period_text(s.period_start, s.period_end) if s.period_start or s.period_end else ""
        print(f"{s.key}\t{serial}\t{period}\t{s.updated_at:%Y-%m-%d %H:%M}")
    return EXIT_OK


COMMANDS = {"import": cmd_import, "dump": cmd_dump, "export": cmd_export, "list": cmd_list}


def _starts_the_gui(argv: Sequence[str]) -> bool:
    return not any(word in COMMANDS or word in ("-h", "--help") for word in argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if _starts_the_gui(argv):
        # The sub-commands' parsers cost ~4 ms of the GUI's start-up: build them only when needed.
        args = _global_parser().parse_args(argv)
        args.command = None
    else:
        args = _parser().parse_args(argv)
    if args.command is None:
        from desk_app.gui.launch import run_gui

        return run_gui(database_url=args.database, smoke_test=args.smoke_test)
    try:
        _open(args.database)
        return COMMANDS[args.command](args)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # unwritable output and the like, said in one line
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        from desk_app.storage.database import close_database

        close_database()
