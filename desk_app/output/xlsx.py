"""The 统计 window's tables as an .xlsx workbook (openpyxl): one sheet a table.

Values stay numbers and dates, so that a clerk can go on calculating in Excel or WPS; the
number formats say how they show: counts ``0``, percentages ``0.0%``, dates as real dates
in a Chinese format (2023年2月17日). A table's note goes under it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from desk_app.domain.statistics import DATE, INTEGER, PERCENT, Table

from .atomic import write_atomically

NUMBER_FORMATS = {INTEGER: "0", PERCENT: "0.0%", DATE: 'yyyy"年"m"月"d"日"'}
_SHEET_NAME_BAD = '[]:*?/\\'
_MAX_SHEET_NAME = 31  # Excel's limit


def _sheet_name(title: str, taken: set[str]) -> str:
    name = "".join("_" if c in _SHEET_NAME_BAD else c for c in title)[:_MAX_SHEET_NAME] or "表"
    base, n = name, 2
    while name in taken:
        suffix = f"({n})"
        name, n = base[: _MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _width(value: object, kind: str) -> int:
    """Columns wide enough for their text: a CJK character is about two Latin ones."""
    if kind == DATE and value is not None:
        return 16
    text = f"{value:.1%}" if kind == PERCENT and isinstance(value, float) else str(value if value is not None else "")
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text) + 2


def write_xlsx(tables: Iterable[Table], target: Path) -> Path:
    """Write ``tables`` to ``target`` (replacing it only once the whole workbook is written)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    header_font, total_font = Font(bold=True), Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E8EEF7")
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, taken))
        kinds = [c.kind for c in table.columns]
        widths = [_width(c.title, "text") for c in table.columns]
        sheet.append([c.title for c in table.columns])
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        rows = list(table.rows) + ([table.totals] if table.totals is not None else [])
        for row in rows:
            sheet.append(list(row))
            for index, (cell, kind) in enumerate(zip(sheet[sheet.max_row], kinds, strict=True)):
                if kind in NUMBER_FORMATS and cell.value is not None and not isinstance(cell.value, str):
                    cell.number_format = NUMBER_FORMATS[kind]
                widths[index] = max(widths[index], _width(cell.value, kind))
        if table.totals is not None:
            for cell in sheet[sheet.max_row]:
                cell.font = total_font
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(width, 40)
        sheet.freeze_panes = "B2"
    target = Path(target)
    write_atomically(target, lambda path: _save(workbook, path))
    return target


def _save(workbook, path: Path) -> None:  # noqa: ANN001
    import warnings

    with warnings.catch_warnings():
        # openpyxl opens a scratch file in text mode without an encoding only to take its name
        # (worksheet/_writer.py: create_temporary_file) and writes it in binary: nothing to fix here.
        warnings.simplefilter("ignore", EncodingWarning)
        workbook.save(path)
