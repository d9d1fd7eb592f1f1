"""Importing exchange files (window-weekly/1) from the GUI: one transaction per file, errors in Chinese."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from desk_app.domain.exchange import InvalidIssue, loads
from desk_app.domain.model import IssueKey
from desk_app.files import read_exchange_file
from desk_app.services import import_issue_text
from desk_app.storage import repository

from .dialogs import Dialogs

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    imported: list[IssueKey] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    failed: int = 0
    warnings: int = 0

    def text(self) -> str:
        head = f"导入 {len(self.imported)} 期" + (f"，{self.failed} 个文件未导入" if self.failed else "")
        return head + "\n\n" + "\n".join(self.lines) if self.lines else head


def import_files(paths: list[Path], dialogs: Dialogs) -> ImportReport:
    report = ImportReport()
    for path in paths:
        name = path.name
        try:
            text = read_exchange_file(path)
            key = loads(text).key
        except InvalidIssue as exc:
            report.failed += 1
            report.lines.append(f"✗ {name}：" + "；".join(p.message_zh() for p in exc.problems[:8]))
            continue
        if key is not None and repository.issue_exists(key):
            state = repository.issue_state(key)
            if state.issued:  # unlocked with a reason in the issue's window (解锁…), not here
                report.failed += 1
                report.lines.append(f"✗ {name}：{key.year}年第{key.number}期{state.text_zh()}，未导入；如需替换请先解锁。")
                continue
            if not dialogs.ask(
                "替换已有的一期", f"{key.year}年第{key.number}期已在数据库中。\n用文件“{name}”的内容替换它吗？", yes="替换"
            ):
                report.lines.append(f"– {name}：未导入（保留已有的{key.year}年第{key.number}期）。")
                continue
        try:
            imported = import_issue_text(text, source=name)
        except InvalidIssue as exc:
            report.failed += 1
            report.lines.append(f"✗ {name}：" + "；".join(p.message_zh() for p in exc.problems[:8]))
            continue
        except repository.IssueLocked as exc:  # issued by someone else since the check above
            report.failed += 1
            report.lines.append(f"✗ {name}：未导入。{exc.message_zh()}")
            continue
        except Exception as exc:  # the database refused: name it, go on with the next file
            log.exception("importing %s failed", path)
            report.failed += 1
            report.lines.append(f"✗ {name}：无法写入数据库（{exc}）。")
            continue
        result, warnings = imported.save, imported.warnings
        report.imported.append(result.key)
        action = "替换" if result.replaced else "导入"
        report.lines.append(f"✓ {name}：已{action}{result.key.year}年第{result.key.number}期。")
        for warning in warnings:
            report.warnings += 1
            report.lines.append(f"    提醒：{warning.message_zh()}")
        log.info("imported %s from %s", result.key, path)
    return report
