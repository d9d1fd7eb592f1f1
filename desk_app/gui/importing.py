"""Importing files from the GUI (exchange .json, past bulletins .docx, PDF text .txt): the whole workflow.

Files are read (``recognise_file``) and saved (``services.import_issue``, one transaction a file)
in a worker thread, through that thread's own database connection (peewee keeps one a thread;
SQLite's WAL lets the window read meanwhile, ``run_writing`` waits for other writers), behind a
progress dialog that can be cancelled: what was saved stays, the rest is reported as not imported.
A few files are previewed before anything is saved (导入 / 取消); a folder imports what was fully
recognised, holds what needs a look, refuses the rest and asks once about replacing stored issues.
The final report (已导入 / 需要查看 / 未导入, each file with its reason) can be copied or saved.

The window's open issue is saved before an import and reopened after one that replaced it: the
editor shows what was imported and its next autosave cannot overwrite it with the old content.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.exchange import InvalidIssue
from desk_app.domain.model import IssueKey
from desk_app.domain.problems import Problem
from desk_app.domain.validation import validate
from desk_app.reading.recognition import Recognition, Verdict, recognise_file
from desk_app.services import import_issue
from desk_app.storage import repository

if TYPE_CHECKING:
    from .dialogs import Dialogs
    from .main_window import MainWindow

log = logging.getLogger(__name__)

FILE_SUFFIXES = (".json", ".docx", ".txt")
FILE_FILTER = "周报文件 (*.json *.docx *.txt);;周报交换文件 (*.json);;Word 文档 (*.docx);;PDF 导出的文本 (*.txt);;所有文件 (*)"
PREVIEW_LIMIT = 5  # more files than this are imported as a folder is: no preview of each
SHOWN_PROBLEMS = 8
SHOWN_PIECES = 5
PROGRESS_DELAY_MS = 300  # a quick import of one file does not flash a dialog


class Outcome(Enum):
    IMPORTED = "已导入"
    NEEDS_A_LOOK = "需要查看"
    NOT_IMPORTED = "未导入"


MARKS = {Outcome.IMPORTED: "✓", Outcome.NEEDS_A_LOOK: "？", Outcome.NOT_IMPORTED: "✗"}


@dataclass
class FileOutcome:
    path: Path
    name: str  # as shown: the file name, or its place under the imported folder
    outcome: Outcome
    reason: str  # in Chinese, naming the issue or the places at fault
    key: IssueKey | None = None
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{MARKS[self.outcome]} {self.name}：{self.reason}"


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    held: list[Recognition] = field(default_factory=list)  # needing a look: the clerk may import them after looking

    def of(self, outcome: Outcome) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.outcome is outcome]

    @property
    def imported(self) -> list[IssueKey]:
        return [o.key for o in self.of(Outcome.IMPORTED) if o.key is not None]

    @property
    def failed(self) -> int:
        return len(self.of(Outcome.NOT_IMPORTED))

    @property
    def warnings(self) -> int:
        return sum(len(o.warnings) for o in self.outcomes)

    @property
    def lines(self) -> list[str]:
        out = []
        for o in self.outcomes:
            out.append(o.line())
            out += [f"    提醒：{w}" for w in o.warnings]
        return out

    def summary(self) -> str:
        parts = [f"已导入 {len(self.of(Outcome.IMPORTED))} 个文件"]
        if self.of(Outcome.NEEDS_A_LOOK):
            parts.append(f"需要查看 {len(self.of(Outcome.NEEDS_A_LOOK))} 个")
        if self.failed:
            parts.append(f"未导入 {self.failed} 个")
        return "，".join(parts)

    def text(self) -> str:
        """The report as plain text, grouped, each file with its reason (to read, copy or save)."""
        out = [self.summary()]
        for outcome in Outcome:
            found = self.of(outcome)
            if not found:
                continue
            out += ["", f"{outcome.value}（{len(found)}）"]
            for o in found:
                out.append("  " + o.line())
                out += [f"      提醒：{w}" for w in o.warnings]
        return "\n".join(out) + "\n"


# reading and saving one file (no Qt: run in the worker thread) ---------------------------------


def _issue_name(key: IssueKey) -> str:
    return f"{key.year}年第{key.number}期"


def _problems_zh(problems: list) -> str:
    shown = "；".join(p.message_zh() for p in problems[:SHOWN_PROBLEMS])
    return shown + (f"；另有 {len(problems) - SHOWN_PROBLEMS} 处" if len(problems) > SHOWN_PROBLEMS else "")


def _pieces_zh(recognition: Recognition) -> str:
    pieces = recognition.unrecognised
    shown = "；".join(f"{p.place}“{_clip(p.text)}”" for p in pieces[:SHOWN_PIECES])
    more = f"；另有 {len(pieces) - SHOWN_PIECES} 处" if len(pieces) > SHOWN_PIECES else ""
    return f"有 {len(pieces)} 处未能识别：{shown}{more}。"


def _clip(text: str, length: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length] + "…"


def recognise(path: Path, known_departments: Sequence[str] = ()) -> Recognition:
    """``recognise_file``, with what would refuse the issue's save found now (for the preview and the report).

    A folder, a pipe or a device is refused as such before its name's ending is looked at.
    """
    path = Path(path)
    refusal = _not_a_regular_file(path)
    if refusal is not None:
        return Recognition(path, path.suffix.lstrip("."), problems=[refusal])
    try:
        recognition = recognise_file(path, known_departments=known_departments)
        if recognition.kind != "json" and recognition.issue is not None:
            _fill_left_out_titles(recognition)
    except Exception as exc:  # a reader's bug must not stop the other files
        log.exception("recognising %s failed", path)
        return Recognition(path, path.suffix.lstrip("."), problems=[Problem("", "unreadable", detail=str(exc))])
    if recognition.issue is not None and not recognition.problems:
        recognition.problems = [p for p in validate(recognition.issue) if p.is_error]
    return recognition


def _fill_left_out_titles(recognition: Recognition) -> None:
    """A printed bulletin leaves out an empty part's title: taken from the issue before (as the command line does)."""
    from desk_app.domain.recognise import fill_left_out_titles

    issue = recognition.issue
    if issue.dynamics.title and issue.inspection.title and issue.reform.progress.title:
        return
    like = (repository.previous_issue(issue.key) if issue.key else None) or repository.latest_issue()
    fill_left_out_titles(issue, like)


def _not_a_regular_file(path: Path) -> Problem | None:
    try:
        info = os.stat(path)
    except OSError as exc:
        return Problem("", "unreadable", detail=exc.strerror or str(exc))
    if stat.S_ISREG(info.st_mode):
        return None
    return Problem("", "not_a_file", detail="a folder" if stat.S_ISDIR(info.st_mode) else "a device or pipe")


def _recognise_and_look_up(path: Path, name: str = "", known_departments: Sequence[str] = ()) -> tuple[Recognition, bool, str]:
    recognition = recognise(path, known_departments)
    key = recognition.issue.key if recognition.issue is not None else None
    exists = key is not None and recognition.verdict is not Verdict.REFUSED and repository.issue_exists(key)
    if exists and repository.issue_state(key).issued:  # unlocked with a reason in its window (解锁…), not here
        recognition.problems.append(Problem("", "issue_issued", detail=f"{key.year}-{key.number}", detail_zh=f"{key.year}年第{key.number}"))
        exists = False  # refused: nobody is asked whether to replace it
    return recognition, exists, name


def save_recognition(recognition: Recognition, name: str) -> FileOutcome:
    """Store the issue recognised in one file (one transaction); a refusal or database error is its outcome."""
    issue = recognition.issue
    assert issue is not None
    try:
        result = import_issue(issue, source=name)
    except InvalidIssue as exc:
        return FileOutcome(recognition.path, name, Outcome.NOT_IMPORTED, _problems_zh(exc.problems), issue.key)
    except repository.IssueLocked as exc:  # issued on another computer since it was looked up
        return FileOutcome(recognition.path, name, Outcome.NOT_IMPORTED, f"未导入。{exc.message_zh()}", issue.key)
    except Exception as exc:  # the database refused: name it, go on with the next file
        log.exception("importing %s failed", recognition.path)
        return FileOutcome(recognition.path, name, Outcome.NOT_IMPORTED, f"无法写入数据库（{exc}），未导入。", issue.key)
    action = "替换" if result.save.replaced else "导入"
    log.info("imported %s from %s", result.save.key, recognition.path)
    return FileOutcome(
        recognition.path,
        name,
        Outcome.IMPORTED,
        f"已{action}{_issue_name(result.save.key)}。",
        result.save.key,
        [w.message_zh() for w in result.warnings],
    )


def refused(recognition: Recognition, name: str) -> FileOutcome:
    key = recognition.issue.key if recognition.issue is not None else None
    return FileOutcome(recognition.path, name, Outcome.NOT_IMPORTED, _problems_zh(recognition.problems) or "无法识别。", key)


def held(recognition: Recognition, name: str) -> FileOutcome:
    return FileOutcome(recognition.path, name, Outcome.NEEDS_A_LOOK, _pieces_zh(recognition), recognition.issue.key)


def cancelled(path: Path, name: str) -> FileOutcome:
    return FileOutcome(path, name, Outcome.NOT_IMPORTED, "导入已取消，未导入。")


def files_in(folder: Path) -> list[Path]:
    """The files an import of ``folder`` takes: .json, .docx and .txt in it and its subfolders, in name order."""
    found = [p for p in folder.rglob("*") if p.suffix.lower() in FILE_SUFFIXES and p.is_file() and not p.name.startswith("~$")]
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def import_files(paths: list[Path], dialogs: Dialogs) -> ImportReport:
    """Import ``paths`` here and now (no thread, no preview), asking before replacing a stored issue."""
    report = ImportReport()
    known = _known_departments(paths)
    for path in paths:
        recognition, exists, _name = _recognise_and_look_up(path, path.name, known)
        if recognition.verdict is Verdict.REFUSED:
            report.outcomes.append(refused(recognition, path.name))
            continue
        if exists and not _may_replace(dialogs, recognition, path.name):
            report.outcomes.append(_kept(recognition, path.name))
            continue
        report.outcomes.append(save_recognition(recognition, path.name))
    return report


def _known_departments(paths: list[Path]) -> list[str]:
    """Department names stored entries use: they name a bulletin's 窗口动态 entries (not printed in it)."""
    return repository.departments_used() if any(p.suffix.lower() != ".json" for p in paths) else []


def _may_replace(dialogs: Dialogs, recognition: Recognition, name: str) -> bool:
    key = recognition.issue.key
    return dialogs.ask("替换已有的一期", f"{_issue_name(key)}已在数据库中。\n用文件“{name}”的内容替换它吗？", yes="替换")


def _kept(recognition: Recognition, name: str) -> FileOutcome:
    key = recognition.issue.key
    return FileOutcome(recognition.path, name, Outcome.NOT_IMPORTED, f"保留已有的{_issue_name(key)}，未替换。", key)


# the worker thread --------------------------------------------------------------------------


class _Steps(QObject):
    """Runs ``work`` on each item in its own thread; ``cancel`` stops it before the next item."""

    counted = Signal(int)  # how many items there are (a folder is listed in the thread too)
    stepped = Signal(int, str)  # items done, the name of the one now begun
    ended = Signal(object, object)  # the results (fewer than the items when cancelled), the items

    def __init__(self, items: list | Callable[[], list], name_of: Callable[[Any], str], work: Callable[[Any, str], Any]):
        super().__init__()
        self.items, self.name_of, self.work = items, name_of, work
        self.cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        results: list = []
        items: list = []
        try:
            items = self.items() if callable(self.items) else self.items
            self.counted.emit(len(items))
            for index, item in enumerate(items):
                if self.cancel.is_set():
                    break
                name = self.name_of(item)
                self.stepped.emit(index, name)
                results.append(self.work(item, name))
        except Exception:  # work() reports per item; this is a bug: what was done is still reported
            log.exception("import worker failed")
        finally:
            _close_thread_connection()
            self.ended.emit(results, items)


def _close_thread_connection() -> None:
    """The worker's own connection (peewee keeps one a thread): closed, not left to the garbage collector."""
    from desk_app.storage.models import database_proxy

    database = database_proxy.obj
    if database is not None and not database.is_closed() and not database.in_transaction():
        database.close()


# dialogs ------------------------------------------------------------------------------------


def _day(value: Any) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "（未填）"


def describe(recognition: Recognition) -> str:
    """What the preview shows of one file: what was recognised, what was not (with places), the problems."""
    verdicts = {
        Verdict.IMPORTABLE: "全部识别，可以导入",
        Verdict.NEEDS_A_LOOK: "部分内容未能识别，请查看",
        Verdict.REFUSED: "无法导入",
    }
    out = [f"【{recognition.path.name}】{verdicts[recognition.verdict]}"]
    issue = recognition.issue
    if issue is not None and issue.key is not None:
        m = issue.masthead
        serial = f"（总第{m.serial}期）" if m.serial is not None else ""
        out.append(f"  {_issue_name(issue.key)}{serial}，{_day(issue.period.start)}至{_day(issue.period.end)}")
        if issue.headline:
            out.append(f"  标题：{issue.headline}")
    if recognition.recognised:
        out.append(f"  已识别（{len(recognition.recognised)}）：")
        out += [f"    {line}" for line in recognition.recognised]
    if recognition.unrecognised:
        out.append(f"  未能识别（{len(recognition.unrecognised)}）：")
        out += [f"    {piece.place}：{piece.text}" for piece in recognition.unrecognised]
    if recognition.problems:
        out.append("  问题：")
        out += [f"    {p.message_zh()}" for p in recognition.problems]
    return "\n".join(out)


def _text_view(text: str) -> QPlainTextEdit:
    view = QPlainTextEdit(text)
    view.setReadOnly(True)  # still selectable and copyable
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setMinimumSize(560, 320)
    return view


class ImportPreviewDialog(QDialog):
    """「导入预览」: what each file gave before anything is saved; 导入 or 取消."""

    def __init__(self, recognitions: list[Recognition], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导入预览")
        importable = [r for r in recognitions if r.verdict is not Verdict.REFUSED]
        self.heading = QLabel(
            f"{len(recognitions)} 个文件，可导入 {len(importable)} 个。导入前请核对识别的内容；无法导入的文件不会保存。"
        )
        self.heading.setWordWrap(True)
        self.view = _text_view("\n\n".join(describe(r) for r in recognitions))
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setEnabled(bool(importable))
        (self.import_button if importable else self.cancel_button).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.heading.text() + "\n" + self.view.toPlainText()


class ImportReportDialog(QDialog):
    """「导入结果」: 已导入 / 需要查看 / 未导入, copyable and savable; files held for a look can be looked at."""

    def __init__(self, report: ImportReport, dialogs: Dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.report, self.dialogs = report, dialogs
        self.look = False  # the clerk asked to look at the held files (and import them)
        self.setWindowTitle("导入结果")
        self.view = _text_view(report.text())
        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton("复制", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton("另存为文本…", QDialogButtonBox.ButtonRole.ActionRole)
        self.look_button: QPushButton | None = None
        if report.held:
            self.look_button = buttons.addButton(f"查看需要查看的 {len(report.held)} 个文件…", QDialogButtonBox.ButtonRole.AcceptRole)
            self.look_button.clicked.connect(self._look)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.saved_to: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.view.toPlainText()

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text())

    def save(self) -> None:
        from .app_settings import last_folder, remember_folder

        target = self.dialogs.save_file("保存导入结果", last_folder("json") / "导入结果.txt", "文本文件 (*.txt)")
        if target is None:
            return
        try:
            target.write_text(self.text(), encoding="utf-8")
        except OSError as exc:
            self.dialogs.error("无法保存", f"无法写入“{target}”：{exc.strerror or exc}")
            return
        remember_folder("json", target.parent)
        self.saved_to = target

    def _look(self) -> None:
        self.look = True
        self.accept()


# the workflow -------------------------------------------------------------------------------


class ImportWorkflow(QObject):
    """文件 › 导入文件… and 导入文件夹…, run by the main window."""

    finished = Signal(object)  # ImportReport, after the window shows what was imported

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.progress: QProgressDialog | None = None
        self._steps: _Steps | None = None
        self._thread: QThread | None = None
        self._then: Callable[[list, list], None] | None = None
        self.report = ImportReport()
        self._names: dict[Path, str] = {}
        self._replace_all: bool | None = None  # a folder asks once

    @property
    def dialogs(self) -> Dialogs:
        return self.window.dialogs

    @property
    def busy(self) -> bool:
        return self._thread is not None

    # entry points

    def import_files(self) -> None:
        from .app_settings import last_folder, remember_folder

        paths = self.dialogs.open_files("导入文件", last_folder("json"), FILE_FILTER)
        if paths:
            remember_folder("json", paths[0].parent)
            self.start(paths, preview=len(paths) <= PREVIEW_LIMIT)

    def import_folder(self) -> None:
        from .app_settings import last_folder, remember_folder

        folder = self.dialogs.open_folder("导入文件夹", last_folder("json"))
        if folder is None:
            return
        remember_folder("json", folder)
        self.start(lambda: files_in(folder), preview=False, root=folder)  # listed in the worker: a shared folder may be slow

    def start(self, paths: list[Path] | Callable[[], list[Path]], preview: bool, root: Path | None = None) -> None:
        if self.busy:
            return
        if self.window.session is not None:
            self.window.session.save_now()  # typed edits are stored before an import may replace them
        self.report = ImportReport()
        self._replace_all = None
        self._names = {}
        self._root = root
        self._preview = preview
        known: list[list[str]] = []  # looked up once, in the worker, when the first file is read

        def read(path: Path, name: str) -> tuple[Recognition, bool, str]:
            if not known:
                known.append(repository.departments_used() if path.suffix.lower() != ".json" else [])
            elif not known[0] and path.suffix.lower() != ".json":
                known[0] = repository.departments_used()
            return _recognise_and_look_up(path, name, known[0])

        self._run(paths, read, "正在读取", self._recognised, self._name_of_path)

    def _name_of_path(self, path: Path) -> str:
        return path.relative_to(self._root).as_posix() if self._root else path.name

    def cancel(self) -> None:
        """Stop before the next file (thread-safe): what is saved stays."""
        if self._steps is not None:
            self._steps.cancel.set()

    # steps

    def _run(
        self, items: list | Callable[[], list], work: Callable, verb: str, then: Callable[[list, list], None],
        name_of: Callable[[Any], str] | None = None,
    ) -> None:  # fmt: skip
        self._verb, self._then = verb, then
        self._count = 0 if callable(items) else len(items)
        progress = QProgressDialog(f"{verb}…", "取消", 0, self._count, self.window)
        progress.setWindowTitle("导入")
        progress.setWindowModality(Qt.WindowModality.WindowModal)  # no edits meanwhile: the import may replace the open issue
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self.cancel)
        progress.setValue(0)
        self.progress = progress
        steps = _Steps(items, name_of or (lambda recognition: self._names[recognition.path]), work)
        thread = QThread(self)
        steps.moveToThread(thread)
        thread.started.connect(steps.run)
        steps.counted.connect(self._counted)
        steps.stepped.connect(self._stepped)
        steps.ended.connect(self._ended)
        self._steps, self._thread = steps, thread
        thread.start()

    @Slot(int)
    def _counted(self, count: int) -> None:
        self._count = count
        if self.progress is not None:
            self.progress.setMaximum(max(count, 1))

    @Slot(int, str)
    def _stepped(self, done: int, name: str) -> None:
        if self.progress is not None:
            self.progress.setLabelText(f"{self._verb}第 {done + 1} 个，共 {self._count} 个：{name}")
            self.progress.setValue(done)

    @Slot(object, object)
    def _ended(self, results: list, items: list) -> None:
        thread, steps = self._thread, self._steps
        self._thread = self._steps = None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        if steps is not None:
            # Its thread has ended, so a deleteLater() would never run: let go of what it holds (the work
            # closes over this workflow and so the window); the last reference gone, Python deletes it.
            steps.items = steps.name_of = steps.work = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        left = items[len(results) :]
        then, self._then = self._then, None
        then(results, left)

    def _recognised(self, results: list[tuple[Recognition, bool, str]], left: list[Path]) -> None:
        report = self.report
        self._names.update({r.path: name for r, _exists, name in results})
        if left:  # cancelled while reading: nothing was saved
            report.outcomes += [cancelled(r.path, name) for r, _exists, name in results]
            report.outcomes += [cancelled(p, self._name_of_path(p)) for p in left]
            return self._show(report)
        if not results:
            self.dialogs.inform("导入", f"文件夹“{self._root}”及其子文件夹中没有 .json、.docx 或 .txt 文件。")
            self.finished.emit(report)
            return None
        recognitions = [r for r, _exists, _name in results]
        existing = {r.path for r, exists, _name in results if exists}
        if self._preview:
            if not self.dialogs.import_preview(recognitions):
                self.window.statusBar().showMessage("已取消导入，没有保存任何内容。", 8000)
                self.finished.emit(report)
                return None
            to_save = [r for r in recognitions if r.verdict is not Verdict.REFUSED]
        else:
            to_save = [r for r in recognitions if r.verdict is Verdict.IMPORTABLE]
            report.held += [r for r in recognitions if r.verdict is Verdict.NEEDS_A_LOOK]
        report.outcomes += [refused(r, self._names[r.path]) for r in recognitions if r.verdict is Verdict.REFUSED]
        report.outcomes += [held(r, self._names[r.path]) for r in report.held]
        self._save(to_save, existing, ask_each=self._preview)
        return None

    def _save(self, recognitions: list[Recognition], existing: set[Path], ask_each: bool) -> None:
        report, chosen, seen = self.report, [], {}
        replacing = [r for r in recognitions if r.path in existing]
        if replacing and not ask_each and self._replace_all is None:
            keys = "、".join(_issue_name(r.issue.key) for r in replacing[:5]) + ("等" if len(replacing) > 5 else "")
            answer = self.dialogs.choose(
                "替换已有的期",
                f"有 {len(replacing)} 个文件的期号已在数据库中（{keys}）。\n用文件的内容替换这些期，还是跳过这些文件？",
                ["全部替换", "全部跳过"],
            )
            self._replace_all = answer == 0
        for r in recognitions:
            name = self._names[r.path]
            key = r.issue.key
            if key in seen:  # two files of one issue: the first is imported, the second would silently replace it
                report.outcomes.append(
                    FileOutcome(r.path, name, Outcome.NOT_IMPORTED, f"与“{seen[key]}”是同一期（{_issue_name(key)}），未导入。", key)
                )
                continue
            if r.path in existing and not (_may_replace(self.dialogs, r, name) if ask_each else self._replace_all):
                report.outcomes.append(_kept(r, name))
                continue
            seen[key] = name
            chosen.append(r)
        if not chosen:
            self._show(report)
            return
        self._run(chosen, save_recognition, "正在导入", self._saved)

    def _saved(self, outcomes: list[FileOutcome], left: list[Recognition]) -> None:
        self.report.outcomes += outcomes
        self.report.outcomes += [cancelled(r.path, self._names[r.path]) for r in left]
        self._show(self.report)

    def _show(self, report: ImportReport) -> None:
        self._refresh_window(report.imported)
        # The issue and the report each in an event of their own: the window repaints in between.
        QTimer.singleShot(0, lambda: self._open_imported(report))

    def _open_imported(self, report: ImportReport) -> None:
        window = self.window
        if report.imported and (window.session is None or window.session.stored_key != report.imported[-1]):
            window.open_issue(report.imported[-1], preview_later=True)  # its preview after the next paint
        QTimer.singleShot(0, lambda: self._report(report))

    def _report(self, report: ImportReport) -> None:
        quiet = not report.failed and not report.warnings and not report.held and not report.of(Outcome.NEEDS_A_LOOK)
        if quiet and len(report.outcomes) <= PREVIEW_LIMIT:
            self.window.statusBar().showMessage(report.summary(), 8000)
            look = False
        else:
            look = self.dialogs.import_report(report)
        held_now, report.held = report.held, []
        if look and held_now:
            self._look_at(held_now)
            return
        self.finished.emit(report)

    def _look_at(self, recognitions: list[Recognition]) -> None:
        """The files held for a look: previewed; on 导入 saved (replacing asks, file by file)."""
        if not self.dialogs.import_preview(recognitions):
            self.finished.emit(self.report)
            return
        looked = {r.path for r in recognitions}
        self.report.outcomes = [o for o in self.report.outcomes if o.path not in looked]
        existing = {r.path for r in recognitions if repository.issue_exists(r.issue.key)}
        self._save(recognitions, existing, ask_each=len(recognitions) <= PREVIEW_LIMIT)

    def _refresh_window(self, imported: list[IssueKey]) -> None:
        """The list shows what is stored; an open issue that was imported over is reopened from the database."""
        window = self.window
        current = window.session.stored_key if window.session else None
        if current in imported:
            window.session.dirty = False  # type: ignore[union-attr]  # saved before the import began
            window._close_session()
        if not imported:
            window.load_list(select=current)
            return
        window.model.reload(repository.list_issues())
        window._update_enabled()
