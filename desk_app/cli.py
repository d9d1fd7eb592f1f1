"""The command line: ``python -m desk_app [--database URL] COMMAND …``.

Also the contract tests and tools use. Errors are one line naming the field, with
a non-zero exit status and no traceback; this path never imports Qt.
"""

from __future__ import annotations

import argparse
import codecs
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

    p = commands.add_parser(
        "import",
        help="import window-weekly/1 JSON files, past bulletins (.docx) and PDF text (.txt), each in its own transaction",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.json|FILE.docx|FILE.txt")
    p.add_argument("--complete-only", action="store_true",
                   help="do not import a .docx or .txt of which some paragraphs were not understood")  # fmt: skip
    p.add_argument(
        "--unlock",
        metavar="REASON",
        help="replace issued (locked) issues too: each is unlocked for REASON (kept in its change log) "
        "and becomes a draft; without it an issued issue is refused",
    )

    p = commands.add_parser("dump", help="write an issue as window-weekly/1 JSON")
    p.add_argument("issue", metavar="YEAR-NUMBER")
    p.add_argument("-o", "--output", type=Path, metavar="FILE.json", help="default: standard output")

    p = commands.add_parser("export", help="export an issue as .docx (or .pdf)")
    p.add_argument("issue", metavar="YEAR-NUMBER")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.docx")

    commands.add_parser("list", help="list the stored issues, newest first")

    p = commands.add_parser("backup", help="back up the local SQLite database into the data folder's 备份/")
    p.add_argument("--list", action="store_true", help="list the backups instead (newest first)")

    p = commands.add_parser("restore", help="replace the database by a backup (the current one is backed up first)")
    p.add_argument("file", type=Path, metavar="BACKUP.sqlite3")

    commands.add_parser("check", help="full integrity check of the SQLite database (never writes to it)")
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


SHOWN_UNRECOGNISED = 10  # per file: a document that is no bulletin at all is not printed whole


def cmd_import(args: argparse.Namespace) -> int:
    """Each file is recognised (JSON, a past bulletin's .docx, a PDF's text as .txt), then stored in its
    own transaction; a file that is refused, or does not pass the checks, stores nothing."""
    import peewee

    from desk_app.domain.exchange import InvalidIssue
    from desk_app.domain.recognise import fill_left_out_titles
    from desk_app.domain.validation import validate
    from desk_app.reading.recognition import Verdict, recognise_file
    from desk_app.services import import_issue
    from desk_app.storage.repository import ConflictError, IssueLocked, departments_used, latest_issue, previous_issue

    if args.unlock is not None and not args.unlock.strip():
        raise CommandError("--unlock needs a reason")
    failed = partial = 0
    known = departments_used() if any(p.suffix.lower() != ".json" for p in args.files) else []
    from desk_app import collector

    collector.release()  # thousands of files may follow: the usual collection from here on
    for path in args.files:
        recognition = recognise_file(path, known_departments=known)
        for problem in recognition.problems:
            kind = "error" if problem.is_error else "warning"
            print(f"{path}: {kind}: {problem.message()}", file=sys.stderr)
        for piece in recognition.unrecognised[:SHOWN_UNRECOGNISED]:
            shown = " ".join(piece.text.split())
            shown = shown if len(shown) <= 60 else shown[:60] + "…"
            print(f"{path}: warning: {piece.place}: not understood, not imported: {shown}", file=sys.stderr)
        if len(recognition.unrecognised) > SHOWN_UNRECOGNISED:
            more = len(recognition.unrecognised) - SHOWN_UNRECOGNISED
            print(f"{path}: warning: and {more} more paragraph(s) not understood", file=sys.stderr)
        verdict = recognition.verdict
        if verdict is Verdict.REFUSED or (verdict is Verdict.NEEDS_A_LOOK and args.complete_only):
            if verdict is Verdict.NEEDS_A_LOOK:
                print(f"{path}: error: parts not understood (--complete-only): not imported", file=sys.stderr)
            failed += 1
            continue
        missing = []
        if recognition.kind != "json":
            issue = recognition.issue
            left_out = not (issue.dynamics.title and issue.inspection.title and issue.reform.progress.title)
            like = (previous_issue(issue.key) or latest_issue()) if left_out else None
            for filled in fill_left_out_titles(issue, like):
                print(f"{path}: warning: {filled}: not printed (the part is left out), taken from {like.key}", file=sys.stderr)
            # What a bulletin's text did not give (a sentence not understood) is missing, not of a wrong type.
            missing = [p for p in validate(recognition.issue) if p.is_error]
        for problem in missing:
            print(f"{path}: error: {problem.message()}", file=sys.stderr)
        if missing:
            failed += 1
            continue
        try:
            # the issue as recognised: not written out and parsed again
            result = import_issue(recognition.issue, unlock_reason=args.unlock, source=path.name)
        except IssueLocked as exc:
            print(f"{path}: error: not imported: {exc} (import --unlock REASON replaces it)", file=sys.stderr)
            failed += 1
            continue
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
        partial += verdict is Verdict.NEEDS_A_LOOK
        for problem in result.warnings:
            print(f"{path}: warning: {problem.message()}", file=sys.stderr)
        action = "replaced" if result.save.replaced else "imported"
        print(f"{action} {result.save.key} (serial {result.issue.masthead.serial}) from {path}")
    if partial:
        print(f"{partial} file(s) imported with parts not understood (listed above): check them", file=sys.stderr)
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
    from desk_app.storage.repository import previous_figures

    try:  # the checks against last week need a few of its columns, not the whole issue
        result = export_issue(issue, args.output, previous=previous_figures(issue.key))
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
    from desk_app.storage.repository import read_issue_list

    def line(year, number, serial, first, last, changed, _revision) -> str:  # noqa: ANN001 - read_issue_list's row
        shown_serial = "" if serial is None else f"总第{serial}期"
        period = period_text(first, last) if first or last else ""
        return f"{year}-{number}\t{shown_serial}\t{period}\t{changed.isoformat(' ', 'minutes')}\n"

    # Each issue's line made as its row is read (no summary objects); one write: a line at a time
    # is most of the time at 10,000 issues.
    sys.stdout.write("".join(read_issue_list(line)))
    return EXIT_OK


def _sqlite_file(url: str | None) -> Path:
    """The database file the file-level commands work on; PostgreSQL is backed up by its server."""
    from desk_app.storage.database import default_url, mask_password, sqlite_path

    path = sqlite_path(url or default_url())
    if path is None:
        raise CommandError(
            f"{mask_password(url or '')} is not a SQLite file: a PostgreSQL database is backed up by its server, e.g. "
            "'pg_dump --format=custom --file=bulletins.dump URL', restored with 'pg_restore --clean --dbname=URL bulletins.dump'"
        )
    return path


def _backup_keep() -> int:
    from desk_app.settings import load_settings

    return load_settings().backup_keep


def cmd_backup(args: argparse.Namespace) -> int:
    from desk_app.storage.backups import BackupError, list_backups, make_backup

    database = _sqlite_file(args.database)
    if args.list:
        for info in list_backups():
            issues = info.issues()
            held = f"{len(issues)} issues, newest {issues[0][0]}-{issues[0][1]}" if issues else "no issues"
            print(f"{info.path}	{info.created:%Y-%m-%d %H:%M:%S}	{info.reason}	{info.size} bytes	{held}")
        return EXIT_OK
    try:
        target = make_backup(database, "manual", keep=_backup_keep())
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    print(f"backed up {database} to {target}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desk_app.storage.backups import BackupError, restore_backup
    from desk_app.storage.migrations import DatabaseTooNew

    database = _sqlite_file(args.database)
    try:
        result = restore_backup(args.file, database, keep=_backup_keep())
    except (BackupError, DatabaseTooNew) as exc:
        raise CommandError(str(exc)) from exc
    if result.safety_backup:
        print(f"the database as it was is backed up in {result.safety_backup}")
    if result.moved_aside:
        print(f"the damaged database was moved aside, unchanged, to {result.moved_aside}")
    print(f"restored {database} from {args.file}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from desk_app.storage.integrity import inspect_sqlite_file, stored_issue_keys, stored_schema_version
    from desk_app.storage.migrations import latest_version

    database = _sqlite_file(args.database)
    if not database.exists():
        raise CommandError(f"{database} does not exist")
    problem = inspect_sqlite_file(database, full=True, for_writing=False)
    if problem is not None:
        raise CommandError(problem.message())
    version = stored_schema_version(database)
    note = "" if version <= latest_version() else f" (newer than this program's {latest_version()})"
    print(f"ok: {database} passes integrity_check; schema version {version}{note}; {len(stored_issue_keys(database))} issues")
    return EXIT_OK


COMMANDS = {"import": cmd_import, "dump": cmd_dump, "export": cmd_export, "list": cmd_list,
            "backup": cmd_backup, "restore": cmd_restore, "check": cmd_check}
FILE_COMMANDS = {"backup", "restore", "check"}  # they work on the file itself: never through open_database


OUTPUT_ERRORS = "desk_app.escape_or_replace"


def _escape_or_replace(error: UnicodeError) -> tuple[str | bytes, int]:
    """surrogateescape where it applies (a Linux file name's undecodable bytes), else '?'."""
    try:
        return codecs.lookup_error("surrogateescape")(error)
    except UnicodeError:
        return codecs.lookup_error("replace")(error)


def _output_never_fails() -> None:
    """A character the output's encoding lacks is printed as '?' instead of raising.

    Redirected to a file or a pipe on a Chinese Windows, standard output is encoded in the
    ANSI code page (936, GBK), which has no emoji and none of the rarer characters (𠀀) a
    file name or a field may hold; Python's error handler there (strict, or surrogateescape
    in a PyInstaller bundle) raises UnicodeEncodeError. A windowed program has no streams (None).
    """
    codecs.register_error(OUTPUT_ERRORS, _escape_or_replace)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and stream.errors in ("strict", "surrogateescape"):
            reconfigure(errors=OUTPUT_ERRORS)


def _starts_the_gui(argv: Sequence[str]) -> bool:
    return not any(word in COMMANDS or word in ("-h", "--help") for word in argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _output_never_fails()
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
        if args.command not in FILE_COMMANDS:
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
