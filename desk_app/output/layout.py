"""The printed layout of the bulletin: fixed page geometry (SPEC §4) and the configurable fonts.

Lengths are in twips (1/20 pt, 1/1440 inch), the unit of WordprocessingML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple


def mm(millimetres: float) -> int:
    """Millimetres → twips, rounded."""
    return round(millimetres * 1440 / 25.4)


def pt(points: float) -> int:
    """Points → twips."""
    return round(points * 20)


# Page: A4 with the GB/T 9704 margins; the type area is 156 × 225 mm.
PAGE_WIDTH = 11906
PAGE_HEIGHT = 16838
MARGIN_TOP = mm(37)
MARGIN_BOTTOM = mm(35)
MARGIN_LEFT = mm(28)
MARGIN_RIGHT = mm(26)
TYPE_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
TYPE_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

# 22 lines of 28 characters: an exact 28.95 pt line pitch, 16 pt (三号) text with −0.25 pt
# character spacing (28 × 15.75 pt = 441 pt fits the 442 pt line; 29 characters do not).
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = 579
CHAR_SPACING = -5  # twentieths of a point
# LibreOffice (7.4) leaves out a punctuation mark it hangs at the end of a justified line that
# is full to within 1.2 pt (28 × 15.75 pt of the 442.2 pt line): its PDF would lose that 「，」.
# A twentieth of a point less per character leaves 2.6 pt and the mark is printed. Only in the
# copy LibreOffice turns into PDF (pinned by tests/test_libreoffice_behaviour.py).
LIBREOFFICE_CHAR_SPACING = -6

# Type sizes (号 → half-points, the unit of w:sz).
SIZE_CHU = 84  # 初号 42 pt
SIZE_XIAOCHU = 72  # 小初 36 pt
SIZE_ER = 44  # 二号 22 pt
SIZE_SAN = 32  # 三号 16 pt
SIZE_SI = 28  # 四号 14 pt

RED = "FF0000"


class SettingsProblem(NamedTuple):
    """Something wrong in the settings file: English for the command line, Chinese for the GUI."""

    message: str
    message_zh: str

PAGE_NUMBERS_OUTSIDE = "outside"  # odd pages right, even pages left, one character in
PAGE_NUMBERS_CENTRED = "centred"
PAGE_NUMBER_STYLES = (PAGE_NUMBERS_OUTSIDE, PAGE_NUMBERS_CENTRED)


MAX_FONT_NAME = 64  # Windows' own limit is 31 (LF_FACESIZE - 1); room for odd installs, not for junk


def is_font_name(value: object) -> bool:
    """A name a document can carry: text, printable (no control characters XML cannot hold), not too long."""
    return isinstance(value, str) and bool(value.strip()) and value.isprintable() and len(value.strip()) <= MAX_FONT_NAME


@dataclass(frozen=True)
class ExportLayout:
    """What a clerk may change about the printed bulletin: font names and where page numbers go.

    Many offices have 仿宋/楷体 rather than the _GB2312 versions, so every name is a setting.
    """

    body_font: str = "仿宋_GB2312"  # body text, 「1.」「（1）」, masthead lines, 报尾
    kai_font: str = "楷体_GB2312"  # 「（一）」 headings, run-in titles, the period line
    hei_font: str = "黑体"  # 「一、」 headings
    title_font: str = "方正小标宋简体"  # masthead title and headline
    song_font: str = "宋体"  # page numbers
    latin_font: str = "Times New Roman"  # Latin letters and digits everywhere but the page numbers
    page_numbers: str = PAGE_NUMBERS_OUTSIDE

    def __post_init__(self) -> None:
        if self.page_numbers not in PAGE_NUMBER_STYLES:
            raise ValueError(f"page_numbers must be one of {', '.join(PAGE_NUMBER_STYLES)}, not {self.page_numbers!r}")
        for name in FONT_ROLES:
            if not is_font_name(getattr(self, name)):
                raise ValueError(f"{name} must name a font")

    def fonts(self) -> dict[str, str]:
        """Role → font name, in the order of FONT_ROLES."""
        return {role: getattr(self, role) for role in FONT_ROLES}

    def to_data(self) -> dict:
        fonts = {key: getattr(self, role) for role, key in _DATA_KEYS.items()}
        return {"fonts": fonts, "page_numbers": self.page_numbers}

    @classmethod
    def from_data(cls, data: object) -> tuple[ExportLayout, list[SettingsProblem]]:
        """A layout from settings data, leniently: each bad or missing value falls back to its default.

        Returns the layout and what was wrong, for a warning (never an exception).
        """
        problems: list[SettingsProblem] = []
        if not isinstance(data, Mapping):
            if data is not None:
                problems.append(
                    SettingsProblem(
                        "export settings are not an object; using the defaults",
                        "“export”（导出设置）的格式不对，已使用默认的导出设置。",
                    )
                )
            return cls(), problems
        changes: dict[str, str] = {}
        fonts = data.get("fonts", {})
        if not isinstance(fonts, Mapping):
            problems.append(
                SettingsProblem(
                    "export.fonts is not an object; using the default fonts",
                    "“export.fonts”（字体）的格式不对，已使用默认字体。",
                )
            )
            fonts = {}
        for role, key in _DATA_KEYS.items():
            if key not in fonts:
                continue
            value = fonts[key]
            if is_font_name(value):
                changes[role] = value.strip()
            else:
                default = getattr(cls, role)
                problems.append(
                    SettingsProblem(
                        f"export.fonts.{key} is not a font name; using {default}",
                        f"{FONT_ROLES[role][1]}的字体（export.fonts.{key}）不是字体名称，已使用“{default}”。",
                    )
                )
        if "page_numbers" in data:
            value = data["page_numbers"]
            if value in PAGE_NUMBER_STYLES:
                changes["page_numbers"] = value
            else:
                problems.append(
                    SettingsProblem(
                        f"export.page_numbers must be one of {', '.join(PAGE_NUMBER_STYLES)}; using {cls.page_numbers}",
                        "页码位置（export.page_numbers）只能是 outside（单页右、双页左）或 centred（居中），"
                        "已使用默认的单页右、双页左。",
                    )
                )
        return replace(cls(), **changes), problems


# Role → (English, Chinese) description, for messages and the settings dialog.
FONT_ROLES: dict[str, tuple[str, str]] = {
    "body_font": ("body text", "正文"),
    "kai_font": ("level-2 headings and run-in titles", "二级标题和段首小标题"),
    "hei_font": ("level-1 headings", "一级标题"),
    "title_font": ("masthead title and headline", "报头和标题"),
    "song_font": ("page numbers", "页码"),
    "latin_font": ("Latin letters and digits", "西文和数字"),
}

# Role → key under "fonts" in settings.json.
_DATA_KEYS = {
    "body_font": "body",
    "kai_font": "kai",
    "hei_font": "hei",
    "title_font": "title",
    "song_font": "song",
    "latin_font": "latin",
}
