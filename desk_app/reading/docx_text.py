"""A .docx (typed in Word or WPS, or exported by this program) → its paragraphs as a reader sees them.

In reading order: body paragraphs, tables (a row of one-line cells is one line, cells split by a
tab: the masthead's issuer | date), text boxes (DrawingML ``wps:txbx`` or VML ``v:textbox``, the
``mc:Fallback`` copy of an ``mc:AlternateContent`` skipped) before the paragraph they are anchored
in. Auto-numbering (``w:numPr``, on the paragraph or its style) is turned into the label Word shows
(「一、」「（一）」「1.」「（1）」). Hidden text (``w:vanish``), deleted revisions and field codes are not
text. Runs split anywhere (WPS splits mid-word) are joined.

A .docx is a zip from anyone: only regular files up to MAX_DOCX_BYTES are opened, each part is read
only if its uncompressed size is within bounds (checked before reading, and the read is bounded
too: a zip bomb lies about its sizes), and XML is parsed without DTDs, entities or network.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from desk_app.domain.recognise import TextParagraph
from desk_app.domain.rules import chinese_number

MAX_DOCX_BYTES = 50 * 1024 * 1024  # a bulletin with photos is a few MB
MAX_PART_BYTES = 40 * 1024 * 1024  # uncompressed document.xml, numbering.xml, styles.xml
MAX_PARAGRAPHS = 50_000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


class DocxRefused(Exception):
    """The file is not a .docx this program may read; ``code`` and ``detail`` say why (problems.py)."""

    def __init__(self, code: str, detail: str, detail_zh: str = ""):
        super().__init__(detail)
        self.code, self.detail, self.detail_zh = code, detail, detail_zh or detail


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)  # fmt: skip


def _parse(data: bytes, name: str):
    # Word and WPS never write a DTD; one in a .docx is there for its entities (billion laughs, XXE).
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DocxRefused("not_docx", f"{name} declares a DTD or entities, which Word never writes",
                          f"{name} 含有 Word 从不写入的 DTD 或实体声明")  # fmt: skip
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocxRefused("not_docx", f"{name} is not well-formed XML ({exc})", f"{name} 不是有效的 XML") from exc
    if root.tag.startswith(f"{{{_STRICT_W}}}"):
        raise DocxRefused("not_docx", "Strict Open XML is not supported; save it as an ordinary Word document (.docx)",
                          "不支持“严格 Open XML”格式，请另存为普通的 Word 文档（.docx）")  # fmt: skip
    return root


class _Package:
    """The zip, read part by part within bounds."""

    def __init__(self, path: Path):
        try:
            info = os.stat(path)
        except OSError as exc:
            raise DocxRefused("unreadable", exc.strerror or str(exc)) from exc
        if not stat.S_ISREG(info.st_mode):
            raise DocxRefused("not_a_file", "a folder" if stat.S_ISDIR(info.st_mode) else "a device or pipe")
        if info.st_size > MAX_DOCX_BYTES:
            raise DocxRefused("file_too_large", f"{info.st_size} > {MAX_DOCX_BYTES} bytes")
        try:
            with open(path, "rb") as stream:
                head = stream.read(8)
        except OSError as exc:
            raise DocxRefused("unreadable", exc.strerror or str(exc)) from exc
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise DocxRefused("not_docx", "an old Word 97-2003 .doc or a password-protected document; save it as .docx in Word or WPS",
                              "这是旧版 Word 97-2003 的 .doc 或加了密码的文档，请在 Word 或 WPS 中另存为 .docx")  # fmt: skip
        if not head.startswith(b"PK"):
            raise DocxRefused("not_docx", "not a zip package", "不是 zip 压缩包格式")
        try:
            self.zip = zipfile.ZipFile(path)
            self.names = {i.filename: i for i in self.zip.infolist()}
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise DocxRefused("not_docx", f"a damaged zip ({exc})", "压缩包已损坏") from exc

    def close(self) -> None:
        self.zip.close()

    def read(self, name: str) -> bytes | None:
        info = self.names.get(name)
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise DocxRefused("not_docx", f"{name} is encrypted", f"{name} 已加密")
        if info.file_size > MAX_PART_BYTES:
            raise DocxRefused("file_too_large", f"{name} unpacks to {info.file_size} bytes (at most {MAX_PART_BYTES})",
                              f"{name} 解压后有 {info.file_size} 字节（最多 {MAX_PART_BYTES}）")  # fmt: skip
        try:
            with self.zip.open(info) as stream:
                data = stream.read(MAX_PART_BYTES + 1)  # the declared size may lie
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise DocxRefused("not_docx", f"{name} cannot be unpacked ({exc})", f"{name} 无法解压") from exc
        if len(data) > MAX_PART_BYTES:
            raise DocxRefused("file_too_large", f"{name} unpacks to more than {MAX_PART_BYTES} bytes",
                              f"{name} 解压后超过 {MAX_PART_BYTES} 字节")  # fmt: skip
        return data

    def main_part(self) -> str:
        """word/document.xml, or wherever the package's relationships put the main document."""
        rels = self.read("_rels/.rels")
        if rels is not None:
            for rel in _parse(rels, "_rels/.rels").iter(f"{{{_REL}}}Relationship"):
                if rel.get("Type") == _OFFICE_DOCUMENT:
                    target = rel.get("Target", "").lstrip("/")
                    if target in self.names:
                        return target
        if "word/document.xml" in self.names:
            return "word/document.xml"
        kinds = {"xl/": "an Excel workbook", "ppt/": "a PowerPoint presentation", "mimetype": "an OpenDocument file (.odt?)"}
        kinds_zh = {"xl/": "Excel 工作簿", "ppt/": "PowerPoint 演示文稿", "mimetype": "OpenDocument 文件（.odt？）"}
        for prefix, kind in kinds.items():
            if any(n.startswith(prefix) for n in self.names):
                raise DocxRefused("not_docx", f"{kind}, not a Word document", f"这是{kinds_zh[prefix]}，不是 Word 文档")
        raise DocxRefused("not_docx", "a zip without word/document.xml", "压缩包中没有 word/document.xml")

    def related(self, main: str, kind: str) -> str | None:
        """The part of relationship type ending ``kind`` (numbering, styles) next to ``main``."""
        folder = PurePosixPath(main).parent
        rels = self.read(str(folder / "_rels" / (PurePosixPath(main).name + ".rels")))
        if rels is not None:
            for rel in _parse(rels, "document.xml.rels").iter(f"{{{_REL}}}Relationship"):
                if rel.get("Type", "").endswith("/" + kind) and rel.get("TargetMode") != "External":
                    target = rel.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else str(folder / target)
                    return path if path in self.names else None
        fallback = str(folder / f"{kind}.xml")
        return fallback if fallback in self.names else None


# ---- numbering -------------------------------------------------------------------------------

_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter as Word shows it in ``w:numFmt``'s format."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "japaneseCounting"):  # fmt: skip
        return chinese_number(n) if 0 <= n < 1000 else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _HEAVENLY_STEMS[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n >= 1:
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""


@dataclass
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, _Level | None], dict[int, int]]] = field(default_factory=dict)
    style_numbering: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    restarted: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, numbering, styles) -> _Numbering:
        self = cls()
        if numbering is not None:
            for abstract in numbering.iter(_w("abstractNum")):
                self.abstract[abstract.get(_w("abstractNumId"), "")] = {
                    int(lvl.get(_w("ilvl"), "0")): _level(lvl) for lvl in abstract.iter(_w("lvl"))
                }
            for num in numbering.iter(_w("num")):
                abstract_id = _val(num.find(_w("abstractNumId"))) or ""
                levels: dict[int, _Level | None] = {}
                starts: dict[int, int] = {}
                for override in num.iter(_w("lvlOverride")):
                    ilvl = int(override.get(_w("ilvl"), "0"))
                    start = override.find(_w("startOverride"))
                    if start is not None:
                        starts[ilvl] = _int(_val(start), 1)
                    lvl = override.find(_w("lvl"))
                    levels[ilvl] = _level(lvl) if lvl is not None else None
                self.nums[num.get(_w("numId"), "")] = (abstract_id, levels, starts)
        if styles is not None:
            based_on: dict[str, str] = {}
            own: dict[str, tuple[str | None, int | None]] = {}
            for style in styles.iter(_w("style")):
                style_id = style.get(_w("styleId"), "")
                parent = style.find(_w("basedOn"))
                if parent is not None:
                    based_on[style_id] = _val(parent) or ""
                num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
                if num_pr is not None:
                    own[style_id] = (_val(num_pr.find(_w("numId"))), _int(_val(num_pr.find(_w("ilvl"))), None))
            for style_id in set(own) | set(based_on):
                seen, current = set(), style_id
                while current and current not in own and current not in seen:
                    seen.add(current)
                    current = based_on.get(current, "")
                if current in own:
                    self.style_numbering[style_id] = own[current]
        return self

    def label(self, p_pr) -> str:
        """The label Word shows before a paragraph (「（一）」), counting as it goes; "" if none."""
        num_id, ilvl = None, None
        if p_pr is not None:
            style = p_pr.find(_w("pStyle"))
            if style is not None:
                num_id, ilvl = self.style_numbering.get(_val(style) or "", (None, None))
            num_pr = p_pr.find(_w("numPr"))
            if num_pr is not None:
                own_id = _val(num_pr.find(_w("numId")))
                own_level = _int(_val(num_pr.find(_w("ilvl"))), None)
                num_id = own_id if own_id is not None else num_id
                ilvl = own_level if own_level is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        abstract_id, overrides, starts = self.nums[num_id]
        levels = dict(self.abstract.get(abstract_id, {}))
        levels.update({k: v for k, v in overrides.items() if v is not None})
        if ilvl not in levels:
            return ""
        # Lists of one abstract definition count on together, unless a list restarts (startOverride).
        key = num_id if starts else abstract_id
        counters = self.counters.setdefault(key, {})
        if starts and num_id not in self.restarted:
            self.restarted.add(num_id)
            counters.clear()
        level = levels[ilvl]
        start = starts.get(ilvl, level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return ""
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                shown = levels.get(k, _Level())
                value = counters.get(k, shown.start)
                text = text.replace(f"%{k + 1}", format_number(value, shown.fmt))
        return text


def _val(element) -> str | None:
    return None if element is None else element.get(_w("val"))


def _int(text: str | None, default):
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _level(lvl) -> _Level:
    return _Level(
        start=_int(_val(lvl.find(_w("start"))), 1),
        fmt=_val(lvl.find(_w("numFmt"))) or "decimal",
        text=_val(lvl.find(_w("lvlText"))) or "",
    )


# ---- text ------------------------------------------------------------------------------------

_SKIPPED = {_w(n) for n in ("del", "moveFrom", "instrText", "delText", "pPr", "rPr", "fldData", "commentReference")}
_FALLBACK = f"{{{MC}}}Fallback"
_CHOICE = f"{{{MC}}}Choice"
_ALTERNATE = f"{{{MC}}}AlternateContent"
_TXBX = _w("txbxContent")


def _hidden(r_pr) -> bool:
    if r_pr is None:
        return False
    vanish = r_pr.find(_w("vanish"))
    return vanish is not None and _val(vanish) not in ("0", "false", "off")


class _Walker:
    def __init__(self, numbering: _Numbering):
        self.numbering = numbering
        self.out: list[tuple[str, str]] = []  # (text, where: "" / 表格 / 文本框)

    def block(self, element, where: str = "") -> None:
        """Block-level content (body, cell, text box) in order."""
        for child in element:
            if len(self.out) > MAX_PARAGRAPHS:
                raise DocxRefused("too_many", f"more than {MAX_PARAGRAPHS} paragraphs", f"超过 {MAX_PARAGRAPHS} 段")
            tag = child.tag
            if tag == _w("p"):
                self.paragraph(child, where)
            elif tag == _w("tbl"):
                self.table(child, where)
            elif tag in (_w("sdt"), _w("customXml"), _w("ins"), _ALTERNATE, _CHOICE):
                inner = child.find(_w("sdtContent")) if tag == _w("sdt") else child
                if tag == _ALTERNATE:
                    inner = child.find(_CHOICE)
                if inner is not None:
                    self.block(inner, where)

    def table(self, table, where: str) -> None:
        place = where or "表格"
        for row in table.iter(_w("tr")):
            if row.getparent() is not table:
                continue  # a nested table's row: read with its cell
            cells = []
            for cell in row.findall(_w("tc")) + row.findall(f"{_w('sdt')}/{_w('sdtContent')}/{_w('tc')}"):
                walker = _Walker(self.numbering)
                walker.block(cell, place)
                cells.append(walker.out)
            filled = [c for c in cells if c]
            if len(filled) > 1 and all(len(c) == 1 and c[0][1] == place for c in filled):
                self.out.append(("\t".join(c[0][0] for c in filled), place))
            else:
                for c in filled:
                    self.out += c

    def paragraph(self, p, where: str) -> None:
        p_pr = p.find(_w("pPr"))
        label = self.numbering.label(p_pr)
        pieces: list[str] = []
        boxes: list = []
        self.inline(p, pieces, boxes)
        for box in boxes:
            self.block(box, "文本框")
        text = "".join(pieces)  # hidden runs gave nothing: a hidden paragraph (our 报尾's copy) has no text
        if text.strip():
            self.out.append((label + text, where))

    def inline(self, element, pieces: list[str], boxes: list) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED or tag == _FALLBACK or not isinstance(tag, str):
                continue
            if tag == _w("r"):
                hidden = _hidden(child.find(_w("rPr")))
                for part in child:
                    ptag = part.tag
                    if ptag == _w("t"):
                        if not hidden:
                            pieces.append(part.text or "")
                    elif ptag == _w("tab") and not hidden:
                        pieces.append("\t")
                    elif ptag in (_w("br"), _w("cr")) and not hidden and part.get(_w("type")) in (None, "textWrapping"):
                        pieces.append("\n")
                    elif ptag == _w("noBreakHyphen") and not hidden:
                        pieces.append("-")
                    elif ptag in (_w("drawing"), _w("pict"), _w("object"), _ALTERNATE):
                        boxes += _text_boxes(part)
            elif tag == _TXBX:
                boxes.append(child)
            elif tag in (_w("drawing"), _w("pict"), _ALTERNATE):
                boxes += _text_boxes(child)
            else:  # hyperlink, ins, smartTag, sdt, fldSimple, customXml, bookmarks…
                self.inline(child, pieces, boxes)


def _text_boxes(element) -> list:
    """The text boxes' contents in a drawing, once each: an mc:AlternateContent's Choice, not its Fallback."""
    if element.tag == _ALTERNATE:
        for branch in (element.find(_CHOICE), element.find(_FALLBACK)):
            if branch is not None:
                found = _text_boxes(branch)
                if found:
                    return found
        return []
    found = []
    for box in element.iter(_TXBX, _ALTERNATE):
        if box.tag == _ALTERNATE:
            continue
        ancestor, inner = box.getparent(), False
        while ancestor is not None and ancestor is not element:
            if ancestor.tag in (_TXBX, _FALLBACK):
                inner = True  # inside another box (read with it), or a fallback copy
                break
            ancestor = ancestor.getparent()
        if not inner:
            found.append(box)
    return found


def docx_paragraphs(path: Path) -> list[TextParagraph]:
    """The .docx's paragraphs with their places (第 N 段, counting paragraphs that hold text); raises DocxRefused."""
    package = _Package(Path(path))
    try:
        main = package.main_part()
        document = _parse(package.read(main) or b"", main)
        parts = {}
        for kind in ("numbering", "styles"):
            name = package.related(main, kind)
            data = package.read(name) if name else None
            parts[kind] = _parse(data, name) if data else None
    finally:
        package.close()
    body = document.find(_w("body"))
    if body is None:
        raise DocxRefused("not_docx", f"{main} has no body", f"{main} 没有正文")
    walker = _Walker(_Numbering.read(parts["numbering"], parts["styles"]))
    walker.block(body)
    return [
        TextParagraph(text, f"第 {n} 段" + (f"（{where}）" if where else ""))
        for n, (text, where) in enumerate(walker.out, start=1)
    ]
