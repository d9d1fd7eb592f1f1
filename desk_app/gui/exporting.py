"""「导出 Word 文档」 and 「导出交换文件」: where to, writing, and what is said afterwards.

The save dialog opens in the folder last exported to (remembered in settings.ini), or in the
clerk's 文档 (Documents) folder the first time. Fonts this PC lacks are listed, with what Word
shows instead, in 「导出设置」; an export only points there, in one line, the first time per session.
Imported when the first export is made (not at start-up).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from desk_app.domain.model import Issue

from .app_settings import ask_save_target

if TYPE_CHECKING:
    from desk_app.domain.problems import Problem

    from .dialogs import Dialogs
    from .session import IssueSession

log = logging.getLogger(__name__)
APP_TITLE = "窗口工作周报"
DOCX_FOLDER_KEY = "export"
JSON_FOLDER_KEY = "json"
DOCX_FILTERS = "Word 文档 (*.docx);;PDF 文件（需安装 LibreOffice） (*.pdf)"
FONTS_NOTE = "本机缺少导出所用的{count}种字体，Word 会以其他字体代替，换行和分页可能与正式版式不同；缺哪些、以什么代替，见“文件 › 导出设置”。"


class ExportWindow(Protocol):
    """What the export needs from the main window."""

    dialogs: Dialogs
    session: IssueSession | None
    problems: list[Problem]  # the open issue's, as update_preview found them

    def update_preview(self) -> None: ...
    def refuse_export(self, errors: list[Problem]) -> None: ...
    def show_status(self, text: str, milliseconds: int) -> None: ...


def export_file_name(issue: Issue, suffix: str) -> str:
    """窗口工作周报2023年第6期.docx"""
    m = issue.masthead
    title = (m.title or APP_TITLE).strip()
    for bad in '<>:"/\\|?*':
        title = title.replace(bad, "")
    return f"{title}{m.year}年第{m.number}期{suffix}"


class Exporting:
    """The exports of one window (one session of the program)."""

    def __init__(self, window: ExportWindow):
        self.window = window
        self.fonts_note_said = False

    def export_docx(self) -> None:
        from desk_app.output.atomic import TargetLocked
        from desk_app.output.pdf import PdfError
        from desk_app.services import ExportRefused, export_issue

        window = self.window
        session, dialogs = window.session, window.dialogs
        if session is None:
            return
        session.save_now()
        window.update_preview()
        errors = [p for p in window.problems if p.is_error]
        if errors:
            window.refuse_export(errors)
            return
        issue = session.issue
        target = ask_save_target(dialogs, "导出 Word 文档", DOCX_FOLDER_KEY, export_file_name(issue, ".docx"), DOCX_FILTERS,
                                 (".docx", ".pdf"))
        if target is None:
            return
        try:
            result = export_issue(issue, target, previous=session.previous)
        except ExportRefused as exc:
            window.refuse_export(exc.problems)
            return
        except TargetLocked as exc:
            dialogs.warn("无法导出", exc.message_zh())
            return
        except PdfError as exc:
            dialogs.warn("无法导出 PDF", exc.message_zh())
            return
        except OSError as exc:
            log.exception("export to %s failed", target)
            dialogs.error("无法导出", f"无法写入“{target}”：{exc.strerror or exc}\n请换一个文件夹或文件名再试。")
            return
        log.info("exported %s to %s (missing fonts: %s)", issue.key, result.path, [f.name for f in result.missing_fonts])
        text = f"已导出到：\n{result.path}"
        notes = list(result.warnings_zh)
        if result.missing_fonts and not self.fonts_note_said:
            notes.append(FONTS_NOTE.format(count=len(result.missing_fonts)))
            self.fonts_note_said = True
        if notes:
            text += "\n\n请注意：\n" + "\n".join(f"• {note}" for note in notes)
        choice = dialogs.choose("导出完成", text, ["打开文件", "打开所在文件夹", "关闭"])
        if choice == 0:
            dialogs.open_path(result.path)
        elif choice == 1:
            dialogs.open_path(result.path.parent)

    def export_json(self) -> None:
        from desk_app.domain.exchange import dumps
        from desk_app.output.atomic import TargetLocked, write_atomically

        window = self.window
        session, dialogs = window.session, window.dialogs
        if session is None:
            return
        session.save_now()
        target = ask_save_target(dialogs, "导出交换文件", JSON_FOLDER_KEY, export_file_name(session.issue, ".json"),
                                 "周报交换文件 (*.json)", (".json",))
        if target is None:
            return
        text = dumps(session.issue)
        try:
            write_atomically(target, lambda p: p.write_text(text, encoding="utf-8"))
        except TargetLocked as exc:
            dialogs.warn("无法导出", exc.message_zh())
            return
        except OSError as exc:
            dialogs.error("无法导出", f"无法写入“{target}”：{exc.strerror or exc}")
            return
        window.show_status(f"已导出交换文件：{target}", 8000)
