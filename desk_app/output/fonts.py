"""Is a font installed, and what will Word show instead when it is not?

Never required: where the program cannot tell (no Windows font folder, no fontconfig) it
says nothing. On Windows the font folders are scanned and each font file's name table is
read (the family names Word matches, in English and Chinese); elsewhere fontconfig's
``fc-list`` answers. Only the real families count, not fontconfig aliases.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from .layout import FONT_ROLES, ExportLayout

# Names tried, in order, when a font is missing. The .docx carries them as w:altName in its
# font table (ECMA-376 §17.8.3.1: an application that cannot find the font tries each
# alternate name before substituting by metrics), so Word picks the first one installed.
ALTERNATES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("FangSong_GB2312", "仿宋", "FangSong"),
    "楷体_GB2312": ("KaiTi_GB2312", "楷体", "KaiTi"),
    "仿宋": ("FangSong", "仿宋_GB2312"),
    "楷体": ("KaiTi", "楷体_GB2312"),
    "黑体": ("SimHei",),
    "宋体": ("SimSun",),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "华文中宋", "STZhongsong"),
    "方正小标宋_GBK": ("方正小标宋简体", "华文中宋", "STZhongsong"),
}
class FontDescription(NamedTuple):
    """What a .docx font table says of a font (ECMA-376 §17.8.3), so that Word, lacking the font,
    finds it under another name or picks a substitute of the same kind (a 仿宋 for a 仿宋)."""

    alt_name: str | None  # one name: the schema allows one w:altName and Word reads it as one name
    panose: str  # PANOSE classification, 10 bytes in hex
    charset: str  # 86: GB2312, 00: ANSI
    family: str  # roman, modern, auto…
    pitch: str  # fixed or variable
    signature: tuple[str, str, str, str, str, str]  # Unicode (usb0–3) and code-page (csb0–1) ranges


# As Word itself describes these fonts in the documents it writes (the values come from the
# fonts' OS/2 tables); 方正小标宋简体 as Founder's GBK-era fonts describe themselves.
_GB2312_ERA = ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")
_WINDOWS_CJK = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")
FONT_DESCRIPTIONS: dict[str, FontDescription] = {
    "仿宋_GB2312": FontDescription("仿宋", "02010609030101010101", "86", "modern", "fixed", _GB2312_ERA),
    "楷体_GB2312": FontDescription("楷体", "02010609030101010101", "86", "modern", "fixed", _GB2312_ERA),
    "仿宋": FontDescription("FangSong", "02010609060101010101", "86", "modern", "fixed", _WINDOWS_CJK),
    "楷体": FontDescription("KaiTi", "02010609060101010101", "86", "modern", "fixed", _WINDOWS_CJK),
    "黑体": FontDescription("SimHei", "02010609060101010101", "86", "modern", "fixed", _WINDOWS_CJK),
    "宋体": FontDescription(
        "SimSun",
        "02010600030101010101",
        "86",
        "auto",
        "variable",
        ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000"),
    ),
    "方正小标宋简体": FontDescription(
        "FZXiaoBiaoSong-B05S", "02000000000000000000", "86", "auto", "variable", _GB2312_ERA
    ),
    "方正小标宋_GBK": FontDescription("方正小标宋简体", "02000000000000000000", "86", "auto", "variable", _GB2312_ERA),
    "Times New Roman": FontDescription(
        None,
        "02020603050405020304",
        "00",
        "roman",
        "variable",
        ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000"),
    ),
}

# Fonts with the same metrics: having one is as good as having the other (line breaks do not move).
METRIC_COMPATIBLE: dict[str, tuple[str, ...]] = {
    "Times New Roman": ("Liberation Serif", "Tinos"),
    "Arial": ("Liberation Sans", "Arimo"),
}
# One design under two names. GB/T 9704 names the GB2312-era 仿宋_GB2312 and 楷体_GB2312; Windows
# (Vista and later) ships the same 中易 fonts, extended to GB18030, as 仿宋/楷体 (FangSong/KaiTi),
# and has no *_GB2312 at all. Word shows the installed name through the .docx's altName (ALTERNATES),
# with the same glyphs and widths, so nothing moves: a stock Windows is not warned about them.
SAME_DESIGN: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("FangSong_GB2312", "仿宋", "FangSong"),
    "楷体_GB2312": ("KaiTi_GB2312", "楷体", "KaiTi"),
    "仿宋": ("FangSong", "仿宋_GB2312", "FangSong_GB2312"),
    "楷体": ("KaiTi", "楷体_GB2312", "KaiTi_GB2312"),
}


def equivalent_names(name: str) -> tuple[str, ...]:
    """``name`` and the fonts that, installed, make it as good as installed."""
    return (name, *METRIC_COMPATIBLE.get(name, ()), *SAME_DESIGN.get(name, ()))
# Chinese text in a font Word cannot find at all is shown in Word's default Chinese font.
DEFAULT_SUBSTITUTE = "宋体"
LATIN_SUBSTITUTE = "Times New Roman"

_FONT_SUFFIXES = {".ttf", ".ttc", ".otf", ".otc"}
_FAMILY_NAME_IDS = {1, 16}  # family, typographic family


class MissingFont(NamedTuple):
    role: str  # an ExportLayout field name
    name: str
    substitute: str | None  # None: some font of Word's choosing

    def message(self) -> str:
        what = FONT_ROLES[self.role][0]
        instead = f"Word will use {self.substitute} instead" if self.substitute else "Word will substitute another font"
        return f"font {self.name} ({what}) is not installed here; {instead}, so line breaks may differ"

    def message_zh(self) -> str:
        what = FONT_ROLES[self.role][1]
        instead = f"Word 将以“{self.substitute}”代替" if self.substitute else "Word 将以其他字体代替"
        return f"本机未安装{what}字体“{self.name}”，{instead}，换行和分页可能与正式版式不同。"


def font_names_in_file(path: Path) -> set[str]:
    """The family names (every language) in a TrueType/OpenType file or collection."""
    names: set[str] = set()
    with open(path, "rb") as file:
        head = file.read(12)
        if len(head) < 12:
            return names
        if head[:4] == b"ttcf":
            (count,) = struct.unpack(">I", head[8:12])
            offsets = struct.unpack(f">{count}I", file.read(4 * count))
        else:
            offsets = (0,)
        for offset in offsets:
            names |= _names_at(file, offset)
    return names


def _names_at(file, offset: int) -> set[str]:
    file.seek(offset)
    header = file.read(12)
    if len(header) < 12:
        return set()
    (tables,) = struct.unpack(">H", header[4:6])
    directory = file.read(16 * tables)
    for i in range(tables):
        tag, _, table_offset, length = struct.unpack(">4sIII", directory[16 * i : 16 * i + 16])
        if tag == b"name":
            file.seek(table_offset)
            return _parse_name_table(file.read(length))
    return set()


def _parse_name_table(table: bytes) -> set[str]:
    names: set[str] = set()
    if len(table) < 6:
        return names
    _, count, storage = struct.unpack(">HHH", table[:6])
    for i in range(count):
        record = table[6 + 12 * i : 18 + 12 * i]
        if len(record) < 12:
            break
        platform, encoding, _, name_id, length, offset = struct.unpack(">6H", record)
        if name_id not in _FAMILY_NAME_IDS:
            continue
        raw = table[storage + offset : storage + offset + length]
        if platform in (0, 3):
            codec = "utf-16-be"
        elif platform == 1 and encoding == 0:
            codec = "mac_roman"
        elif platform == 1 and encoding == 25:
            codec = "gb2312"
        else:
            continue
        name = raw.decode(codec, errors="ignore").strip("\x00 ")
        if name:
            names.add(name)
    return names


def windows_font_folders() -> list[Path]:
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")  # fonts installed for one user
    return folders


def scan_font_folders(folders: Iterable[Path]) -> frozenset[str]:
    """Family names of every font file under ``folders`` (unreadable files are skipped)."""
    names: set[str] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.suffix.lower() in _FONT_SUFFIXES:
                try:
                    names |= font_names_in_file(path)
                except (OSError, struct.error):
                    continue
    return frozenset(names)


def fontconfig_families(timeout: float = 5.0) -> frozenset[str] | None:
    """Families fontconfig knows (aliases excluded), or None without a usable ``fc-list``."""
    program = shutil.which("fc-list")
    if program is None:
        return None
    import subprocess  # here: Windows never needs it

    try:
        done = subprocess.run(
            [program, "--format", "%{family}\n"], capture_output=True, timeout=timeout, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    families: set[str] = set()
    for line in done.stdout.decode("utf-8", errors="replace").splitlines():
        families.update(name.strip() for name in line.split(",") if name.strip())
    return frozenset(families)


@cache
def installed_families() -> frozenset[str] | None:
    """Every installed font family (case-folded), or None when this computer cannot tell."""
    if sys.platform == "win32":
        families: frozenset[str] | None = scan_font_folders(windows_font_folders())
        if not families:
            return None
    else:
        families = fontconfig_families()
    return None if families is None else frozenset(name.casefold() for name in families)


def is_installed(name: str, families: frozenset[str] | None = None) -> bool | None:
    """True/False, or None when unknown."""
    families = installed_families() if families is None else families
    if families is None:
        return None
    return any(n.casefold() in families for n in equivalent_names(name))


def substitute_for(name: str, families: frozenset[str], *, latin: bool = False) -> str | None:
    """What Word shows for a missing ``name``: the first installed alternate, else its default
    (None when that default is the missing font itself or not installed either)."""
    for alternate in ALTERNATES.get(name, ()):
        if alternate.casefold() in families:
            return alternate
    default = LATIN_SUBSTITUTE if latin else DEFAULT_SUBSTITUTE
    if name.casefold() == default.casefold() or not is_installed(default, families):
        return None
    return default


def missing_fonts(layout: ExportLayout, families: frozenset[str] | None = None) -> list[MissingFont]:
    """The layout's fonts this computer does not have (empty when it cannot tell)."""
    families = installed_families() if families is None else families
    if families is None:
        return []
    missing: list[MissingFont] = []
    seen: set[str] = set()
    for role, name in layout.fonts().items():
        if name in seen or is_installed(name, families):
            continue
        seen.add(name)
        missing.append(MissingFont(role, name, substitute_for(name, families, latin=role == "latin_font")))
    return missing


# What a font check found, kept for the next process: scanning the font files (Windows) or running
# fc-list (elsewhere) is 10-20 ms of every export's process, and the fonts seldom change.
REMEMBERED_FORMAT = 1


def font_sources() -> list[Path]:
    """Folders whose modification times change when fonts are installed or removed.

    On Windows the font folders themselves (a file added or removed changes its folder's time).
    Elsewhere the usual font folders and fontconfig's caches, which fc-cache (run whenever a
    package installs fonts) and fontconfig itself rewrite when a font folder changed.
    """
    if sys.platform == "win32":
        return windows_font_folders()
    home = Path.home()
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
            home / ".fonts", Path("/var/cache/fontconfig"), user_cache / "fontconfig"]  # fmt: skip


def sources_state() -> list[list]:
    """[folder, modification time in ns or None] of every font source, and fontconfig's own file if set."""
    state: list[list] = []
    config = os.environ.get("FONTCONFIG_FILE")
    paths = [*font_sources(), *([Path(config)] if config and sys.platform != "win32" else [])]
    for path in paths:
        try:
            state.append([str(path), path.stat().st_mtime_ns])
        except OSError:
            state.append([str(path), None])
    return state


def remembered_families(path: Path) -> frozenset[str] | None:
    """``installed_families()``, read from ``path`` when the font sources have not changed since it
    was written there, else found now and written for next time (a file that cannot be read or
    written is no error: the families are found as without it)."""
    import json

    state = sources_state()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("format") == REMEMBERED_FORMAT and kept.get("sources") == state:
            families = kept.get("families")
            if families is None or (isinstance(families, list) and all(isinstance(n, str) for n in families)):
                return None if families is None else frozenset(families)
    except (OSError, ValueError, AttributeError):
        pass
    families = installed_families()
    text = json.dumps({"format": REMEMBERED_FORMAT, "sources": state,
                       "families": None if families is None else sorted(families)}, ensure_ascii=False)  # fmt: skip
    # Renamed into place, so that two exports at once never read half a file; not atomic.py's
    # write, whose umask juggling would race with the export's own file on the other thread.
    temporary = path.with_name(f".~{path.stem}.{os.getpid()}.{threading.get_ident()}{path.suffix}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
    return families


class FontCheck:
    """``missing_fonts`` with the slow part (scanning font files, running fc-list) started at once
    on a background thread, so an export overlaps it with composing and writing the document.
    ``remembered``: the file where the families found are kept for the next process."""

    def __init__(self, remembered: Path | None = None) -> None:
        self._families: frozenset[str] | None = None
        self._thread = threading.Thread(target=self._find, args=(remembered,), name="font-check", daemon=True)
        self._thread.start()

    def _find(self, remembered: Path | None) -> None:
        self._families = installed_families() if remembered is None else remembered_families(remembered)

    def missing(self, layout: ExportLayout) -> list[MissingFont]:
        self._thread.join()
        return [] if self._families is None else missing_fonts(layout, self._families)
