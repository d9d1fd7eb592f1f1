"""Which fonts are installed, and the warnings an export gives when one is missing."""

from __future__ import annotations

import json
import os
import struct
import subprocess
from pathlib import Path

import pytest

from desk_app.output import fonts
from desk_app.output.layout import ExportLayout


def name_table(names: list[tuple[int, int, int, int, str]]) -> bytes:
    """A 'name' table: (platform, encoding, language, name id, text)."""
    records, storage = b"", b""
    for platform, encoding, language, name_id, text in names:
        raw = text.encode("mac_roman" if platform == 1 else "utf-16-be")
        records += struct.pack(">6H", platform, encoding, language, name_id, len(raw), len(storage))
        storage += raw
    return struct.pack(">3H", 0, len(names), 6 + len(records)) + records + storage


def sfnt(names: list[tuple[int, int, int, int, str]], offset: int = 0) -> bytes:
    """A minimal OpenType font holding only a name table, placed at ``offset`` in its file."""
    table = name_table(names)
    header = struct.pack(">IHHHH", 0x00010000, 2, 32, 1, 0)
    directory = struct.pack(">4sIII", b"head", 0, 0, 0)  # a table before 'name', to be skipped
    directory += struct.pack(">4sIII", b"name", 0, offset + 12 + 32, len(table))
    return header + directory + table


FANGSONG = [
    (3, 1, 0x0409, 1, "FangSong"),
    (3, 1, 0x0804, 1, "仿宋"),
    (3, 1, 0x0409, 2, "Regular"),  # a style name, not a family
    (1, 0, 0, 1, "FangSong"),
]


def test_family_names_in_every_language_are_read_from_a_font_file(tmp_path: Path):
    path = tmp_path / "simfang.ttf"
    path.write_bytes(sfnt(FANGSONG))
    assert fonts.font_names_in_file(path) == {"FangSong", "仿宋"}


def test_every_font_of_a_collection_is_read(tmp_path: Path):
    first = sfnt([(3, 1, 0x0804, 1, "宋体")], offset=20)
    second = sfnt([(3, 1, 0x0804, 1, "新宋体")], offset=20 + len(first))
    path = tmp_path / "simsun.ttc"
    header = b"ttcf" + struct.pack(">IIII", 0x00010000, 2, 20, 20 + len(first))
    path.write_bytes(header + first + second)
    assert fonts.font_names_in_file(path) == {"宋体", "新宋体"}


def test_the_real_stand_in_fonts_read_like_fontconfig_says():
    """Cross-check the parser with fontconfig on the fonts this machine (and CI) has."""
    import shutil

    fandol = Path("/usr/local/share/fonts/fandol/FandolFang-Regular.otf")
    if not fandol.is_file() or shutil.which("fc-query") is None:
        pytest.skip("the Fandol fonts or fontconfig are not installed here")
    listed = subprocess.run(["fc-query", "--format", "%{family}", str(fandol)], capture_output=True, check=True)
    assert fonts.font_names_in_file(fandol) == set(listed.stdout.decode("utf-8").split(","))


def test_a_folder_scan_skips_broken_files_and_other_files(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "simfang.TTF").write_bytes(sfnt(FANGSONG))
    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00\x00\x05")  # truncated
    (tmp_path / "garbage.otf").write_bytes(b"x" * 64)
    (tmp_path / "readme.txt").write_text("仿宋_GB2312", encoding="utf-8")
    assert fonts.scan_font_folders([tmp_path, tmp_path / "missing"]) == frozenset({"FangSong", "仿宋"})


def test_windows_font_folders_include_the_per_user_folder(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert fonts.windows_font_folders() == [
        tmp_path / "Windows" / "Fonts",
        tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts",
    ]


def test_without_fc_list_the_program_cannot_tell_and_says_nothing(monkeypatch):
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    assert fonts.fontconfig_families() is None
    fonts.installed_families.cache_clear()
    monkeypatch.setattr(fonts.sys, "platform", "linux")
    try:
        assert fonts.installed_families() is None
        assert fonts.missing_fonts(ExportLayout()) == []
    finally:
        fonts.installed_families.cache_clear()


def test_a_hanging_fc_list_is_given_up(monkeypatch):
    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs.get("timeout"))

    monkeypatch.setattr(subprocess, "run", hang)
    assert fonts.fontconfig_families() is None


def test_fontconfig_lists_real_families_not_aliases():
    families = fonts.fontconfig_families()
    if families is None:
        pytest.skip("no fontconfig here")
    assert "仿宋_GB2312" not in families  # an alias in the tests' fonts.conf, never a font


def families(*names: str) -> frozenset[str]:
    return frozenset(n.casefold() for n in names)


def test_missing_fonts_are_named_with_what_word_shows_instead():
    have = families("黑体", "宋体", "Times New Roman")
    missing = fonts.missing_fonts(ExportLayout(), have)
    assert [(m.name, m.substitute) for m in missing] == [
        ("仿宋_GB2312", "宋体"),  # neither it nor 仿宋: Word's default Chinese font
        ("楷体_GB2312", "宋体"),
        ("方正小标宋简体", "宋体"),
    ]
    message = missing[2].message()
    assert "方正小标宋简体" in message and "masthead title" in message and "宋体 instead" in message
    assert missing[2].message_zh() == "本机未安装报头和标题字体“方正小标宋简体”，Word 将以“宋体”代替，换行和分页可能与正式版式不同。"


def test_windows_fangsong_and_kaiti_are_the_gb2312_fonts_under_their_newer_names():
    """Windows ships 中易仿宋/楷体 as 仿宋/楷体 and no *_GB2312: same design, nothing to warn about."""
    have = families("FangSong", "仿宋", "KaiTi", "楷体", "黑体", "宋体", "Times New Roman")
    assert [m.name for m in fonts.missing_fonts(ExportLayout(), have)] == ["方正小标宋简体"]
    # and the other way round: a PC with only the old GB2312 fonts, a layout naming the new ones
    old_pc = families("仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体", "Times New Roman")
    assert fonts.missing_fonts(ExportLayout(body_font="仿宋", kai_font="楷体"), old_pc) == []


WINDOWS_FONTS = {  # file → family names in it, as in C:\\Windows\\Fonts of a stock Windows 10/11
    "simfang.ttf": [[(3, 1, 0x0409, 1, "FangSong"), (3, 1, 0x0804, 1, "仿宋")]],
    "simkai.ttf": [[(3, 1, 0x0409, 1, "KaiTi"), (3, 1, 0x0804, 1, "楷体")]],
    "simhei.ttf": [[(3, 1, 0x0409, 1, "SimHei"), (3, 1, 0x0804, 1, "黑体")]],
    "simsun.ttc": [[(3, 1, 0x0409, 1, "SimSun"), (3, 1, 0x0804, 1, "宋体")],
                   [(3, 1, 0x0409, 1, "NSimSun"), (3, 1, 0x0804, 1, "新宋体")]],
    "times.ttf": [[(3, 1, 0x0409, 1, "Times New Roman")]],
}  # fmt: skip


def font_file(path: Path, faces: list[list[tuple[int, int, int, int, str]]]) -> None:
    if len(faces) == 1:
        path.write_bytes(sfnt(faces[0]))
        return
    body, offsets = b"", []
    start = 12 + 4 * len(faces)
    for face in faces:
        offsets.append(start + len(body))
        body += sfnt(face, offset=offsets[-1])
    path.write_bytes(b"ttcf" + struct.pack(">HHI", 1, 0, len(faces)) + struct.pack(f">{len(faces)}I", *offsets) + body)


@pytest.fixture
def windows_pc(monkeypatch, tmp_path: Path):
    """This process as a Windows PC whose font folder is a fake C:\\Windows\\Fonts."""
    windows = tmp_path / "Windows"
    (windows / "Fonts").mkdir(parents=True)
    for name, faces in WINDOWS_FONTS.items():
        font_file(windows / "Fonts" / name, faces)
    monkeypatch.setattr(fonts.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(windows))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    fonts.installed_families.cache_clear()
    yield windows / "Fonts"
    fonts.installed_families.cache_clear()


def test_a_stock_windows_font_folder_warns_only_about_the_title_font(windows_pc: Path):
    assert {"仿宋", "fangsong", "楷体", "黑体", "宋体", "新宋体", "times new roman"} <= fonts.installed_families()
    missing = fonts.missing_fonts(ExportLayout())
    assert [(m.name, m.substitute) for m in missing] == [("方正小标宋简体", "宋体")]


def test_with_office_fonts_the_title_is_shown_in_huawen_zhongsong(windows_pc: Path, tmp_path: Path):
    per_user = tmp_path / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    per_user.mkdir(parents=True)  # a font installed for this user only
    font_file(per_user / "STZHONGS.TTF", [[(3, 1, 0x0409, 1, "STZhongsong"), (3, 1, 0x0804, 1, "华文中宋")]])
    assert [(m.name, m.substitute) for m in fonts.missing_fonts(ExportLayout())] == [("方正小标宋简体", "华文中宋")]


def test_a_computer_with_every_font_gets_no_warning():
    have = families("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体", "Times New Roman")
    assert fonts.missing_fonts(ExportLayout(), have) == []


def test_a_metric_compatible_latin_font_counts_as_installed():
    have = families("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体", "Liberation Serif")
    assert fonts.missing_fonts(ExportLayout(), have) == []


def test_each_missing_font_is_named_once_and_without_a_known_substitute_word_chooses():
    layout = ExportLayout(body_font="某字体", kai_font="某字体", hei_font="黑体")
    missing = fonts.missing_fonts(layout, families("黑体", "方正小标宋简体", "Times New Roman"))
    assert [(m.role, m.name, m.substitute) for m in missing] == [
        ("body_font", "某字体", None),  # no alternates known, and 宋体, Word's default, is missing too
        ("song_font", "宋体", None),
    ]
    assert "another font" in missing[0].message()
    assert "其他字体" in missing[0].message_zh()


def test_the_docx_font_table_names_one_alternate_each_and_describes_the_bulletin_fonts(tmp_path: Path):
    from lxml import etree

    from desk_app.output.docx_writer import write_docx

    target = tmp_path / "x.docx"
    write_docx([], target, ExportLayout(body_font="仿宋", kai_font="某楷体"))
    import zipfile

    with zipfile.ZipFile(target) as archive:
        table = etree.fromstring(archive.read("word/fontTable.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    entries = {font.get(f"{w}name"): font for font in table}
    assert list(entries) == ["仿宋", "某楷体", "黑体", "方正小标宋简体", "宋体", "Times New Roman"]
    for name, font in entries.items():
        alt = font.findall(f"{w}altName")
        assert len(alt) <= 1 and all("," not in a.get(f"{w}val") for a in alt), name
        if name in fonts.FONT_DESCRIPTIONS:
            described = fonts.FONT_DESCRIPTIONS[name]
            assert font.find(f"{w}panose1").get(f"{w}val") == described.panose
            assert font.find(f"{w}sig").get(f"{w}csb0") == described.signature[4]
            # A substitute Word might pick is one of the names the warnings name.
            assert described.alt_name is None or described.alt_name in fonts.ALTERNATES.get(name, (described.alt_name,))
    assert entries["黑体"].find(f"{w}altName").get(f"{w}val") == "SimHei"
    # A font the program does not know: no made-up PANOSE, still a Chinese font of some kind.
    assert entries["某楷体"].find(f"{w}panose1") is None
    assert entries["某楷体"].find(f"{w}charset").get(f"{w}val") == "86"


# The families found, kept in the data folder for the next export --------------------------------

def test_the_families_found_are_kept_and_read_back_without_a_scan(windows_pc: Path, tmp_path: Path, monkeypatch):
    kept = tmp_path / "数据 文件夹" / "font-families.json"
    kept.parent.mkdir()
    first = fonts.remembered_families(kept)
    assert "仿宋" in first and kept.is_file()
    fonts.installed_families.cache_clear()  # as a new process

    def no_scan(folders):  # noqa: ANN001
        raise AssertionError("the font files were scanned again")

    monkeypatch.setattr(fonts, "scan_font_folders", no_scan)
    assert fonts.remembered_families(kept) == first


def test_a_font_installed_since_is_found(windows_pc: Path, tmp_path: Path):
    kept = tmp_path / "font-families.json"
    assert "华文中宋" not in fonts.remembered_families(kept)
    font_file(windows_pc / "STZHONGS.TTF", [[(3, 1, 0x0409, 1, "STZhongsong"), (3, 1, 0x0804, 1, "华文中宋")]])
    stat = windows_pc.stat()
    os.utime(windows_pc, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # as a coarser clock would show it
    fonts.installed_families.cache_clear()  # as a new process
    assert "华文中宋" in fonts.remembered_families(kept)
    assert "华文中宋" in json.loads(kept.read_text(encoding="utf-8"))["families"]


@pytest.mark.parametrize("content", ["{not json", '{"format": 1, "sources": [], "families": "仿宋"}', "[]", ""])
def test_a_damaged_or_foreign_file_is_found_anew_and_replaced(windows_pc: Path, tmp_path: Path, content: str):
    kept = tmp_path / "font-families.json"
    kept.write_text(content, encoding="utf-8")
    assert "仿宋" in fonts.remembered_families(kept)
    assert json.loads(kept.read_text(encoding="utf-8"))["format"] == fonts.REMEMBERED_FORMAT


def test_a_file_that_cannot_be_written_changes_nothing(windows_pc: Path, tmp_path: Path):
    kept = tmp_path / "no such folder" / "font-families.json"
    assert "仿宋" in fonts.remembered_families(kept)
    assert not kept.parent.exists()


def test_the_font_check_of_an_export_uses_the_kept_families(windows_pc: Path, tmp_path: Path):
    kept = tmp_path / "font-families.json"
    assert [m.name for m in fonts.FontCheck(kept).missing(ExportLayout())] == ["方正小标宋简体"]
    assert kept.is_file()
    kept.write_text(json.dumps({"format": fonts.REMEMBERED_FORMAT, "sources": fonts.sources_state(), "families": None}),
                    encoding="utf-8")  # fmt: skip
    assert fonts.FontCheck(kept).missing(ExportLayout()) == []  # "cannot tell", kept as such: no warning
