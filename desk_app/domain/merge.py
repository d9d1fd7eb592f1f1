"""Two versions of one issue, field by field: what differs, and an issue made of the chosen parts.

Used when another clerk saved the issue meanwhile (shared database): the clerk sees
the differences and picks, per field, their own version or the other one.

Both versions are compared in the exchange format's dict form, so the field paths are
the ones validation problems and the GUI's widgets use (``approvals.from``,
``dynamics.groups[0].entries[1].text``). A list whose length differs is one difference
for the whole list: its items cannot be paired reliably once one was added or removed.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass
from typing import Any

from .exchange import parse_issue, to_data
from .model import Issue
from .paths import path_steps
from .problems import field_label_zh

EMPTY_TEXT = "（空）"
UNSET_TEXT = "（未填写）"
NO_ITEMS_TEXT = "（无）"

# Keys to_data leaves out when unset; filled in so both versions have the same shape.
_OPTIONAL_KEYS: dict[tuple[str, ...], dict[str, Any]] = {
    ("approvals",): {"from": None, "to": None},
    ("reform", "authorization", "newly_authorized", "*"): {"note": ""},
}
_NUMBERING = re.compile(r"^\s*\d+[.)] ")  # 「1. 」「    2) 」 before a list item's text
_COMMON_GROUND = 3  # fewer equal characters in a row are no common ground (a shared 「的」, a digit)

Span = tuple[int, int]


@dataclass(frozen=True)
class Difference:
    """One field (or whole list) that differs: its path, its Chinese label, both values as text."""

    path: str
    label: str
    theirs: str
    mine: str


def differences(theirs: Issue, mine: Issue) -> list[Difference]:
    """Where ``mine`` differs from ``theirs``, in the order of the bulletin."""
    found: list[Difference] = []
    _compare(_data(theirs), _data(mine), "", found)
    return found


@dataclass(frozen=True)
class ThreeWay:
    """The differences between theirs and mine, sorted by what each clerk changed since ``base``."""

    only_mine: list[str]  # paths only this clerk changed: theirs is unchanged there, take mine without asking
    both: list[Difference]  # both changed, differently: the clerk chooses
    only_theirs: int  # fields only the other clerk changed: theirs stays, nothing to ask


def three_way(base: Issue, theirs: Issue, mine: Issue) -> ThreeWay:
    """Compare with the version both started from, so that a field only one side changed is never asked about.

    Without a base, "mine" would also hold the old value of every field the other clerk
    changed and the clerk did not touch, and choosing mine there would undo that change.
    """
    base_data, their_data, my_data = _data(base), _data(theirs), _data(mine)
    only_mine: list[str] = []
    both: list[Difference] = []
    only_theirs = 0
    for found in differences(theirs, mine):
        steps = path_steps(found.path)
        try:
            original = _get(base_data, steps)
        except (KeyError, IndexError, TypeError):  # a list item the base did not have: both sides differ from it
            both.append(found)
            continue
        if original == _get(their_data, steps):
            only_mine.append(found.path)
        elif original == _get(my_data, steps):
            only_theirs += 1
        else:
            both.append(found)
    return ThreeWay(only_mine, both, only_theirs)


def merge(theirs: Issue, mine: Issue, chosen_paths: list[str] | set[str] | tuple[str, ...]) -> Issue:
    """Their version with mine taken for ``chosen_paths`` (paths of :func:`differences`).

    Raises ValueError for a path that does not name a field of both versions.
    """
    merged = _data(theirs)
    source = _data(mine)
    for path in chosen_paths:
        steps = path_steps(path)
        try:
            value = _get(source, steps)
            parent = _get(merged, steps[:-1])
            _get(parent, steps[-1:])  # their version has the field too
        except (KeyError, IndexError, TypeError):
            raise ValueError(f"not a field of both versions: {path!r}") from None
        parent[steps[-1]] = copy.deepcopy(value)
    return parse_issue(merged)  # structural check: the result is an issue like any other


def display_text(value: Any) -> str:
    """A value as the clerk reads it: lists one item a line, unset and empty said in words."""
    if value is None:
        return UNSET_TEXT
    if isinstance(value, list):
        if not value:
            return NO_ITEMS_TEXT
        return "\n".join(f"{i}. {_item_text(item)}" for i, item in enumerate(value, 1))
    if isinstance(value, dict):
        return _item_text(value)
    text = str(value)
    return text if text else EMPTY_TEXT


def changed_spans(theirs: str, mine: str) -> tuple[list[Span], list[Span]]:
    """Where two display texts differ: (start, end) character ranges in each, pairwise.

    The n-th range of one text and the n-th of the other are the same change; a range
    is empty where the other text has something this one lacks, so both can be shown
    at the first change. Lists are compared item by item first (their numbers aside):
    one item removed is that item, not every line after it.
    """
    if "\n" not in theirs and "\n" not in mine:
        return _character_spans(theirs, mine, 0, 0)
    their_lines, my_lines = theirs.splitlines(keepends=True), mine.splitlines(keepends=True)
    their_starts, my_starts = _starts(their_lines), _starts(my_lines)
    matcher = difflib.SequenceMatcher(
        None, [_NUMBERING.sub("", line.rstrip("\n")) for line in their_lines],
        [_NUMBERING.sub("", line.rstrip("\n")) for line in my_lines], autojunk=False,
    )
    their_spans: list[Span] = []
    my_spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a, a_end, b, b_end = their_starts[i1], their_starts[i2], my_starts[j1], my_starts[j2]
        if tag == "replace":
            found = _character_spans(theirs[a:a_end], mine[b:b_end], a, b)
            their_spans += found[0]
            my_spans += found[1]
        elif tag != "equal":
            their_spans.append((a, a_end - theirs[a:a_end].endswith("\n")))
            my_spans.append((b, b_end - mine[b:b_end].endswith("\n")))
    return their_spans, my_spans


def _starts(lines: list[str]) -> list[int]:
    """Where each line starts, and the end of the last."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _character_spans(theirs: str, mine: str, their_offset: int, my_offset: int) -> tuple[list[Span], list[Span]]:
    # autojunk would ignore the commonest characters: in Chinese text its punctuation.
    matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
    common = [block for block in matcher.get_matching_blocks() if block.size >= _COMMON_GROUND]
    their_spans: list[Span] = []
    my_spans: list[Span] = []
    their_at = my_at = 0
    for block in [*common, difflib.Match(len(theirs), len(mine), 0)]:
        if block.a > their_at or block.b > my_at:
            their_spans.append(_trimmed(theirs, their_at, block.a, their_offset))
            my_spans.append(_trimmed(mine, my_at, block.b, my_offset))
        their_at, my_at = block.a + block.size, block.b + block.size
    return their_spans, my_spans


def _trimmed(text: str, start: int, end: int, offset: int) -> Span:
    """A span without the line breaks at its ends: a marked line break cannot be seen."""
    while start < end and text[start] == "\n":
        start += 1
    while end > start and text[end - 1] == "\n":
        end -= 1
    return offset + start, offset + end


# comparing -------------------------------------------------------------------------------


def _data(issue: Issue) -> dict[str, Any]:
    data = to_data(issue)
    _fill_optional(data, ())
    return data


def _fill_optional(value: Any, where: tuple[str, ...]) -> None:
    if isinstance(value, list):
        for item in value:
            _fill_optional(item, (*where, "*"))
    elif isinstance(value, dict):
        for key, default in _OPTIONAL_KEYS.get(where, {}).items():
            value.setdefault(key, default)
        for key, item in value.items():
            _fill_optional(item, (*where, key))


def _compare(theirs: Any, mine: Any, path: str, found: list[Difference]) -> None:
    if isinstance(theirs, dict) and isinstance(mine, dict):
        for key in theirs:
            _compare(theirs[key], mine.get(key), f"{path}.{key}" if path else key, found)
    elif isinstance(theirs, list) and isinstance(mine, list) and len(theirs) == len(mine):
        for index, (their_item, my_item) in enumerate(zip(theirs, mine, strict=True)):
            _compare(their_item, my_item, f"{path}[{index}]", found)
    elif theirs != mine:
        found.append(Difference(path, field_label_zh(path), display_text(theirs), display_text(mine)))


def _item_text(item: Any) -> str:
    """One list item on one line (a group: its title, then its entries)."""
    if not isinstance(item, dict):
        return display_text(item)
    if "entries" in item:
        entries = "".join(f"\n    {i}) {_item_text(e)}" for i, e in enumerate(item["entries"], 1))
        return f"{item['title'] or EMPTY_TEXT}{entries or '（没有动态）'}"
    if "department" in item:
        return f"【{item['department']}】{item['text']}" if item["department"] else item["text"] or EMPTY_TEXT
    if "name" in item:  # as printed: 省测绘地理信息局（部分事项授权）
        return f"{item['name']}（{item['note']}）" if item.get("note") else item["name"] or EMPTY_TEXT
    if "item" in item:
        return f"{item['item']}：{item['result']}"
    return "；".join(display_text(v) for v in item.values())


# paths -----------------------------------------------------------------------------------


def _get(data: Any, steps: list[str | int]) -> Any:
    for step in steps:
        if isinstance(step, int) and not isinstance(data, list):
            raise TypeError(step)
        data = data[step]
    return data
