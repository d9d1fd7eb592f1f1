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
import re
from dataclasses import dataclass
from typing import Any

from .exchange import parse_issue, to_data
from .model import Issue
from .problems import field_label_zh

EMPTY_TEXT = "（空）"
UNSET_TEXT = "（未填写）"
NO_ITEMS_TEXT = "（无）"

# Keys to_data leaves out when unset; filled in so both versions have the same shape.
_OPTIONAL_KEYS: dict[tuple[str, ...], dict[str, Any]] = {
    ("approvals",): {"from": None, "to": None},
    ("reform", "authorization", "newly_authorized", "*"): {"note": ""},
}
_PART = re.compile(r"([A-Za-z_]+)((?:\[\d+\])*)")


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


def merge(theirs: Issue, mine: Issue, chosen_paths: list[str] | set[str] | tuple[str, ...]) -> Issue:
    """Their version with mine taken for ``chosen_paths`` (paths of :func:`differences`).

    Raises ValueError for a path that does not name a field of both versions.
    """
    merged = _data(theirs)
    source = _data(mine)
    for path in chosen_paths:
        steps = _steps(path)
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


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.split("."):
        match = _PART.fullmatch(part)
        if not match:
            raise ValueError(f"not a field path: {path!r}")
        name, indexes = match.groups()
        steps.append(name)
        steps += [int(i) for i in re.findall(r"\d+", indexes)]
    return steps


def _get(data: Any, steps: list[str | int]) -> Any:
    for step in steps:
        if isinstance(step, int) and not isinstance(data, list):
            raise TypeError(step)
        data = data[step]
    return data
