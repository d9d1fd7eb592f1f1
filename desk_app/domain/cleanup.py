"""Text as it is printed: the clean-up rules for pasted and typed text, in one place.

``clean(text)`` returns the cleaned text and every change it made (where, what, which rule,
named in Chinese) so that the GUI can show them and the clerk can undo them. The rules:

- half-width ``, . ; : ? ! ( )`` in Chinese text become full-width (，。；：？！（）); whether a mark is
  "in Chinese text" is decided by the nearest letter or digit on either side (spaces and other marks
  skipped): a Chinese character there makes it Chinese. At the end of a line that holds Chinese, a
  half-width mark is Chinese too. A pair of brackets goes full-width together when its content or
  either outside neighbour is Chinese, or when it holds a number: (1) → （1）, (一) → （一）;
- a ``.`` right after a digit stays (「1.」 is the bulletin's own numbering, SPEC §2) unless it ends the line;
- straight quotes in a line that holds Chinese are paired: "…" → “…”, '…' → ‘…’ (an apostrophe
  between Latin letters, as in don't, stays); ``...``, ``。。。`` and a single ``…`` become ……;
- full-width digits and Latin letters (１２３, ＷＰＳ) become half-width, as the bulletin prints them;
- spaces next to a Chinese character or a Chinese mark are removed: 「受理 356 件」 → 「受理356件」,
  「使用 WPS 办理」 → 「使用WPS办理」 (decided: the bulletin, like the reference issue's 「CMA证书」,
  has no spaces between Chinese and Latin words); spaces between Latin words and digits stay;
- zero-width characters (from WeChat) are removed, and spaces at the start and end of a line;
- line breaks: a break in the middle of a sentence (the line does not end in 。！？；：… or a closing
  quote after them, and the next line does not start with a number such as （1）) is joined; any other
  break, or an empty line, starts a new paragraph. A field holds one paragraph, so there paragraphs
  are joined as consecutive sentences; a department's submission keeps them (one entry each);
- sentence fields (an entry of 窗口动态, a 推进情况 item, …) get a final 。 when they end without one
  (a final ，、； becomes 。).

Digits and decimals (3.5, 1,234, 12:30, 2023.6.9), Latin words, URLs (https://…, www.…),
e-mail addresses and file names are never changed. ``clean(clean(x).text) == clean(x)``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .validation import text_fields

# --- what the rules look at ----------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Chinese punctuation: CJK symbols (、。《》「」【】…), full-width forms (，：；（）！？), curly quotes, …, —.
_CJK_MARKS = set("、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟‘’“”…—·") | {chr(c) for c in range(0xFF01, 0xFF66) if not chr(c).isalnum()}
_SPACES = " \t\u3000\xa0\u2002\u2003\u2009\u202f"
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\u2028\u2029\x85]")  # Word's soft line break is \x0b
_ENDING = "。！？；：…"
_CLOSING = "”’）」』》】〕"
_FINAL_ENDING = "。！？：…"  # a paragraph ending in one of these needs no 。 (：: an introduction)
_FINAL_REPLACED = "，、；,;"

_ELLIPSIS = re.compile(r"[。…]*…[。…]*|。{2,}")  # after the marks: 「...」 is 「。。。」 by then
_HALF_TO_FULL = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_MARK_NAMES = {",": "逗号", ".": "句号", ";": "分号", ":": "冒号", "?": "问号", "!": "叹号", "(": "括号", ")": "括号"}

_ENUMERATOR = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})"
_NUMBERED_START = re.compile(rf"^(?:[（(]\s*{_ENUMERATOR}\s*[）)]|\d{{1,3}}[.、．](?!\d)|[一二三四五六七八九十]{{1,3}}、)")
_BRACKETED_NUMBER = re.compile(rf"\s*{_ENUMERATOR}\s*")

# Spans no rule touches: URLs, e-mail addresses, file names, dotted names and numbers with separators.
_URL_TAIL = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9\-_~/#=&%+]"
_PROTECTED = re.compile(
    "|".join(
        (
            rf"(?:https?|ftp)://{_URL_TAIL}",
            rf"www\.{_URL_TAIL}",
            r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
            r"[^\s,;:!?()<>\"'，。；：、！？“”‘’（）《》【】]+\.(?:docx?|xlsx?|pptx?|pdf|txt|wps|et|dps|ofd|zip|rar|7z|jpe?g|png|gif|csv)(?![A-Za-z0-9])",
            r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",  # 3.5, 2023.6.9, gov.cn, v1.2
            r"\d+(?:[,:]\d+)+",  # 1,234 and 12:30
        )
    )
)


def _is_han(char: str) -> bool:
    return bool(_HAN.match(char))


def _is_chinese(char: str) -> bool:
    """A Chinese character or a Chinese punctuation mark."""
    return _is_han(char) or char in _CJK_MARKS


def _is_word(char: str) -> bool:
    return char.isalnum()


# --- the result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change: at ``position`` of the text as given, ``before`` became ``after`` by ``rule``."""

    position: int
    before: str
    after: str
    rule: str


@dataclass(frozen=True)
class Cleaned:
    text: str
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def summary(self) -> str:
        """「半角逗号改为全角 2 处、句末补句号」."""
        return summarize(self.changes)


def summarize(changes: Iterable[Change]) -> str:
    counted = Counter(change.rule for change in changes)
    return "、".join(rule if n == 1 else f"{rule} {n} 处" for rule, n in counted.items())


class _Text:
    """The text being cleaned, with where each of its characters was in the text as given."""

    def __init__(self, text: str):
        self.text = text
        self.origin = list(range(len(text) + 1))
        self.changes: list[Change] = []

    def apply(self, edits: list[tuple[int, int, str, str]]) -> None:
        """Replace ``text[start:end]`` by ``new`` for each (start, end, new, rule); edits must not overlap."""
        if not edits:
            return
        pieces, origin, last = [], [], 0
        for start, end, new, rule in sorted(edits):
            pieces.append(self.text[last:start])
            origin += self.origin[last:start]
            self.changes.append(Change(self.origin[start], self.text[start:end], new, rule))
            pieces.append(new)
            origin += [self.origin[start]] * len(new)
            last = end
        pieces.append(self.text[last:])
        origin += self.origin[last:]
        self.text = "".join(pieces)
        self.origin = origin


# --- the rules ---------------------------------------------------------------------------------


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSING + _SPACES)
    return bool(stripped) and stripped[-1] in _ENDING + ".!?;:"


def _line_break_kinds(text: str) -> Iterable[tuple[int, int, bool]]:
    """Each line break inside ``text`` (with the spaces around it): (start, end, starts a new paragraph)."""
    for match in re.finditer(rf"[{_SPACES}]*\n[{_SPACES}\n]*", text):
        start, end = match.span()
        before, after = text[:start], text[end:]
        if not before.strip(_SPACES) or not after.strip(_SPACES):
            continue  # at the very start or end: stripped
        paragraph_break = match.group().count("\n") > 1 or _ends_sentence(before) or bool(_NUMBERED_START.match(after))
        yield start, end, paragraph_break


def _line_breaks(t: _Text, sentence: bool) -> None:
    """Spaces at line ends, and each line break joined (mid-sentence) or two paragraphs joined as sentences."""
    text = t.text
    edits = []
    for start, end, paragraph_break in _line_break_kinds(text):
        before, after = text[:start], text[end:]
        if not paragraph_break:
            both_latin = before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum()
            edits.append((start, end, " " if both_latin else "", "合并段内换行"))
        else:
            ending = "。" if sentence and _HAN.search(before) and not _ends_sentence(before) else ""
            edits.append((start, end, ending, "两段合为一段"))
    lead = re.match(rf"[{_SPACES}\n]+", text)
    if lead:
        edits.append((0, lead.end(), "", "删除段首段尾空格"))
    trail = re.search(rf"[{_SPACES}\n]+$", text)
    if trail and trail.start() > 0:
        edits.append((trail.start(), len(text), "", "删除段首段尾空格"))
    t.apply(edits)


def _full_width_alnum(t: _Text) -> None:
    edits = []
    for match in re.finditer(r"[０-９]+|[Ａ-Ｚａ-ｚ]+", t.text):
        run = match.group()
        half = "".join(chr(ord(c) - 0xFEE0) for c in run)
        edits.append((match.start(), match.end(), half, "全角数字改为半角" if run[0].isdigit() else "全角字母改为半角"))
    t.apply(edits)


def _protected(text: str) -> list[bool]:
    shielded = [False] * len(text)
    for match in _PROTECTED.finditer(text):
        for i in range(match.start(), match.end()):
            shielded[i] = True
    return shielded


def _lines(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _neighbour_word(text: str, i: int, step: int, lo: int, hi: int) -> str:
    """The nearest letter, digit or Chinese character from ``i`` in direction ``step``, within the line; "" if none."""
    j = i + step
    while lo <= j < hi:
        if _is_word(text[j]):
            return text[j]
        j += step
    return ""


def _ellipses(t: _Text) -> None:
    edits = []
    for match in _ELLIPSIS.finditer(t.text):
        run = match.group()
        if run == "。。":
            edits.append((match.start(), match.end(), "。", "删除重复的句号"))
        elif run != "……":
            edits.append((match.start(), match.end(), "……", "省略号改为“……”"))
    t.apply(edits)


def _marks(t: _Text) -> None:
    """Half-width marks, brackets and straight quotes in Chinese text → Chinese ones."""
    text, shielded = t.text, _protected(t.text)
    edits: list[tuple[int, int, str, str]] = []
    for lo, hi in _lines(text):
        has_han = bool(_HAN.search(text, lo, hi))

        def chinese_around(i: int, lo: int = lo, hi: int = hi, has_han: bool = has_han) -> bool:
            before, after = _neighbour_word(text, i, -1, lo, hi), _neighbour_word(text, i, +1, lo, hi)
            return _is_han(before) or _is_han(after) or (has_han and after == "")

        pairs: dict[int, int] = {}
        stack: list[int] = []
        for i in range(lo, hi):
            if shielded[i]:
                continue
            if text[i] == "(":
                stack.append(i)
            elif text[i] == ")" and stack:
                pairs[stack.pop()] = i
        for opening, closing in pairs.items():
            inside = text[opening + 1 : closing]
            if (_HAN.search(inside) or _BRACKETED_NUMBER.fullmatch(inside)
                    or _is_han(_neighbour_word(text, opening, -1, lo, hi)) or _is_han(_neighbour_word(text, closing, +1, lo, hi))):
                edits.append((opening, opening + 1, "（", "半角括号改为全角"))
                edits.append((closing, closing + 1, "）", "半角括号改为全角"))
        paired = set(pairs) | set(pairs.values())
        double_open = single_open = False
        for i in range(lo, hi):
            char = text[i]
            if char == "“":
                double_open = True
            elif char == "”":
                double_open = False
            elif char == "‘":
                single_open = True
            elif char == "’":
                single_open = False
            if shielded[i] or i in paired:
                continue
            if char == '"' and has_han:
                edits.append((i, i + 1, "”" if double_open else "“", "直引号改为弯引号"))
                double_open = not double_open
            elif char == "'" and has_han:
                previous, following = text[i - 1 : i], text[i + 1 : i + 2]
                if previous.isascii() and previous.isalpha() and following.isascii() and following.isalpha():
                    continue  # don't, it's
                edits.append((i, i + 1, "’" if single_open else "‘", "直单引号改为弯引号"))
                single_open = not single_open
            elif char in _HALF_TO_FULL:
                if char == "." and text[i - 1 : i].isdigit() and _neighbour_word(text, i, +1, lo, hi):
                    continue  # 「1.」 numbering, or a number: not a full stop
                if chinese_around(i):
                    edits.append((i, i + 1, _HALF_TO_FULL[char], f"半角{_MARK_NAMES[char]}改为全角"))
    t.apply(edits)


def _space_rule(before: str, after: str) -> str:
    if before in _CJK_MARKS or after in _CJK_MARKS or not (_is_word(before) and _is_word(after)):
        return "删除标点旁的空格"
    if _is_han(before) and _is_han(after):
        return "删除汉字间的空格"
    other = after if _is_han(before) else before
    return "删除汉字与数字间的空格" if other.isdigit() else "删除汉字与英文间的空格"


def _chinese_beside_space(one: str, other: str) -> bool:
    """Whether a space between ``one`` and ``other`` goes because of ``one``; curly quotes are Latin quotes too."""
    if one in "‘’“”":
        return _is_chinese(other)
    return _is_chinese(one)


def _spaces(t: _Text) -> None:
    text = t.text
    edits = []
    for match in re.finditer(rf"[{_SPACES}]+", text):
        start, end = match.span()
        if start == 0 or end == len(text) or text[start - 1] == "\n" or text[end] == "\n":
            continue
        before, after = text[start - 1], text[end]
        if _chinese_beside_space(before, after) or _chinese_beside_space(after, before):
            edits.append((start, end, "", _space_rule(before, after)))
    t.apply(edits)


def _ended_for_good(paragraph: str) -> bool:
    stripped = paragraph.rstrip(_CLOSING + _SPACES)
    return bool(stripped) and stripped[-1] in _FINAL_ENDING


def _final_stops(t: _Text) -> None:
    text = t.text
    edits = []
    for lo, hi in _lines(text):
        paragraph = text[lo:hi]
        if not _HAN.search(paragraph) or _ended_for_good(paragraph):
            continue
        kept = paragraph.rstrip(_FINAL_REPLACED)
        if len(kept) < len(paragraph):  # 「…，」 → 「…。」; 「…。，」 → 「…。」
            edits.append((lo + len(kept), hi, "" if _ended_for_good(kept) else "。", "句末标点改为句号"))
        else:
            edits.append((hi, hi, "。", "句末补句号"))
    t.apply(edits)


def clean(text: str, *, sentence: bool = False) -> Cleaned:
    """``text`` as it should be printed in one field, and what was changed.

    ``sentence``: the text is one or more sentences (an entry, a 推进情况 item), so it ends in 。.
    Its paragraphs are joined (as sentences); :func:`split_paragraphs` keeps them apart.
    """
    t = _Text(text)
    normalized = _BREAKS.sub("\n", text)
    if normalized != text:  # silently: a line break is a line break, however the program wrote it
        t.text, t.origin = normalized, [i for i, _ in _break_origins(text)] + [len(text)]
    t.apply([(m.start(), m.end(), "", "删除不可见字符") for m in _INVISIBLE.finditer(t.text)])
    _line_breaks(t, sentence)
    _full_width_alnum(t)
    _marks(t)
    _spaces(t)
    _ellipses(t)
    if sentence:
        _final_stops(t)
    return Cleaned(t.text, tuple(sorted(t.changes, key=lambda c: c.position)))


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` by the same line-break rule as :func:`clean` (soft breaks stay in, to be joined)."""
    text = _INVISIBLE.sub("", _BREAKS.sub("\n", text))
    paragraphs, last = [], 0
    for start, end, paragraph_break in _line_break_kinds(text):
        if paragraph_break:
            paragraphs.append(text[last:start])
            last = end
    paragraphs.append(text[last:])
    return [p for p in paragraphs if p.strip(_SPACES + "\n")]


def _break_origins(text: str) -> Iterable[tuple[int, str]]:
    """(position in ``text``, character) of ``text`` with its line breaks made \\n, \\r\\n counted once."""
    i = 0
    while i < len(text):
        if text.startswith("\r\n", i):
            yield i, "\n"
            i += 2
            continue
        yield i, "\n" if _BREAKS.fullmatch(text[i]) else text[i]
        i += 1


TYPED_MARKS = ",.;:?!()\""
_AFTER_CHINESE = "”’）》」』】"


def typed_mark(before: str, mark: str) -> str | None:
    """The Chinese mark for a half-width ``mark`` just typed after ``before`` (the text before it), or None.

    As a Chinese input method would: 「件,」 → 「件，」; 「(」 at the start or after Chinese → 「（」, its
    「)」 → 「）」; a straight quote after Chinese opens “ and the next one closes ”. After a digit or a
    Latin letter a mark stays half-width (3.5, 1,234, 「1.」, WPS, Word).
    """
    last = before[-1:]
    chinese_before = bool(last) and (_is_han(last) or last in _AFTER_CHINESE)
    if mark in ",.;:?!":
        return _HALF_TO_FULL[mark] if chinese_before else None
    if mark == "(":
        return "（" if not last or chinese_before or last in _CJK_MARKS else None
    if mark == ")":
        return "）" if before.count("（") > before.count("）") else None
    if mark == '"':
        if before.count("“") > before.count("”"):
            return "”"
        return "“" if not last or chinese_before or last in _CJK_MARKS else None
    return None


# --- whole issues ------------------------------------------------------------------------------------

_SENTENCE_FIELDS = re.compile(
    r"^(?:dynamics\.groups\[\d+\]\.entries\[\d+\]\.text|reform\.progress\.items\[\d+\]|inspection\.intro|inspection\.items\[\d+\]\.result)$"
)


def is_sentence_field(path: str) -> bool:
    """Fields that hold sentences and so end in 。 (titles, names and the 报/送/发 lines do not: compose adds theirs)."""
    return bool(_SENTENCE_FIELDS.match(path))


def clean_field(path: str, text: str) -> Cleaned:
    return clean(text, sentence=is_sentence_field(path))


@dataclass(frozen=True)
class FieldCleanup:
    path: str
    before: str
    after: str
    changes: tuple[Change, ...]


def clean_issue(issue: object) -> list[FieldCleanup]:
    """What 「整理标点」 would change in every text field of ``issue`` (unchanged fields left out)."""
    found = []
    for path, text in text_fields(issue):
        cleaned = clean_field(path, text)
        if cleaned.changed:
            found.append(FieldCleanup(path, text, cleaned.text, cleaned.changes))
    return found


# --- a department's submission ------------------------------------------------------------------------


@dataclass(frozen=True)
class Department:
    """A department as the list in the database knows it: its name and other names it goes by."""

    name: str
    aliases: tuple[str, ...] = ()

    def names(self) -> list[str]:
        """Its name, its aliases, and each with or without 「四川省」/「省」 in front."""
        found: list[str] = []
        for name in (self.name, *self.aliases):
            base = name.removeprefix("四川省").removeprefix("省")
            for variant in (name, base, f"省{base}", f"四川省{base}"):
                if len(variant) >= 2 and variant not in found:
                    found.append(variant)
        return found


@dataclass
class SubmittedEntry:
    text: str
    department: str = ""
    changes: tuple[Change, ...] = field(default_factory=tuple)
    raw: str = ""


@dataclass
class Submission:
    """A department's text split into entries of 窗口动态, each cleaned, with the department recognised."""

    entries: list[SubmittedEntry]
    department: str = ""  # the one recognised for the submission as a whole ("" if none)


_NUMBER_PREFIX = re.compile(rf"^\s*(?:[（(]\s*{_ENUMERATOR}\s*[）)]|\d{{1,3}}[.、．](?!\d)|[一二三四五六七八九十]{{1,3}}、)\s*")
_LABEL_TAIL = re.compile(r"(?:驻大厅窗口|窗口|行政审批处)?\s*([:：]?)\s*")


def recognise_department(text: str, departments: Iterable[Department]) -> tuple[str, int] | None:
    """The department ``text`` is about: (its name, where its mention ends when it starts the text).

    A name at the start wins; else the longest name or alias in the text, the first of equals.
    The end is -1 when the name is not at the start.
    """
    best: tuple[tuple[bool, int, int], str, int] | None = None
    for department in departments:
        for name in department.names():
            position = text.find(name)
            if position < 0:
                continue
            at_start = position == 0
            score = (at_start, len(name), -position)
            if best is None or score > best[0]:
                best = (score, department.name, position + len(name) if at_start else -1)
    return None if best is None else (best[1], best[2])


def split_submission(text: str, departments: Iterable[Department]) -> Submission:
    """A pasted or dropped submission: paragraphs as entries, numbering (（1）, 一、) stripped, each cleaned.

    A paragraph that starts 「省公安厅窗口：」 names the department and loses that label; a paragraph that is
    nothing but a department's name names it for the entries after it.
    """
    departments = list(departments)
    entries: list[SubmittedEntry] = []
    current = ""
    first_found = ""
    for paragraph in split_paragraphs(text):
        raw = _NUMBER_PREFIX.sub("", paragraph, count=1)
        body = clean(raw).text  # the department is looked for in the cleaned text: no stray spaces
        recognised = recognise_department(body, departments)
        department = ""
        if recognised is not None:
            department, end = recognised
            if end >= 0:
                label = _LABEL_TAIL.match(body, end)
                rest = body[label.end():]
                if label.group(1) or not rest.strip(_SPACES + "：:。"):
                    body = rest  # 「省公安厅窗口：近日，…」 → 「近日，…」; a line 「省公安厅窗口」 names the department
            first_found = first_found or department
        if not body.strip(_SPACES + "：:。"):
            current = department or current  # a heading line naming the department
            continue
        # What the clerk is shown: every change from the paragraph as sent (its label and numbering aside).
        changes = clean(raw, sentence=True).changes
        entries.append(SubmittedEntry(clean(body, sentence=True).text, department or current, changes, raw))
    return Submission(entries, first_found)
