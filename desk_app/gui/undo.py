"""Undo for the issue's structure: adding, deleting and moving the items of its lists.

Each step is a QUndoCommand holding the items themselves (not copies), so that what
was typed into an item after it was added or moved comes back with it. Steps change
the issue in memory through ``StructureSteps`` (the editor), which rebuilds the tab,
saves as after any edit and puts the cursor where the step left it. Typing inside
a field has the field's own undo (see pages/base.py FieldKeys).
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack
from shiboken6 import isValid

UNDO_LIMIT = 200


class StructureSteps(Protocol):
    """What the steps need from the editor."""

    def list_at(self, list_path: str) -> list: ...
    def list_changed(self, list_path: str, old_count: int, focus: str | None) -> None: ...


def make_stack(parent: Any) -> QUndoStack:  # noqa: ANN401 - a QObject
    stack = QUndoStack(parent)
    stack.setUndoLimit(UNDO_LIMIT)
    return stack


def _item_path(list_path: str, index: int, sub: str = "") -> str:
    return f"{list_path}[{index}]{sub}"


class InsertItems(QUndoCommand):
    """``items`` put into ``list_path`` from ``index`` on."""

    def __init__(self, steps: StructureSteps, text: str, list_path: str, index: int, items: list, focus: str = ""):
        super().__init__(text)
        self.steps, self.list_path, self.index, self.items, self.focus = steps, list_path, index, items, focus

    def redo(self) -> None:
        items = self.steps.list_at(self.list_path)
        old_count = len(items)
        items[self.index:self.index] = self.items
        self.steps.list_changed(self.list_path, old_count, _item_path(self.list_path, self.index, self.focus))

    def undo(self) -> None:
        items = self.steps.list_at(self.list_path)
        old_count = len(items)
        del items[self.index:self.index + len(self.items)]
        near = min(self.index, len(items) - 1)
        self.steps.list_changed(self.list_path, old_count, _item_path(self.list_path, near) if items else None)


class RemoveItem(QUndoCommand):
    """The item at ``index`` of ``list_path`` taken out."""

    def __init__(self, steps: StructureSteps, text: str, list_path: str, index: int):
        super().__init__(text)
        self.steps, self.list_path, self.index = steps, list_path, index
        self.item = steps.list_at(list_path)[index]

    def redo(self) -> None:
        items = self.steps.list_at(self.list_path)
        old_count = len(items)
        del items[self.index]
        near = min(self.index, len(items) - 1)
        self.steps.list_changed(self.list_path, old_count, _item_path(self.list_path, near) if items else None)

    def undo(self) -> None:
        items = self.steps.list_at(self.list_path)
        old_count = len(items)
        items.insert(self.index, self.item)
        self.steps.list_changed(self.list_path, old_count, _item_path(self.list_path, self.index))


class MoveItem(QUndoCommand):
    """An item moved from ``source`` of one list to ``target`` of the same or another list."""

    def __init__(self, steps: StructureSteps, text: str, source: tuple[str, int], target: tuple[str, int], sub: str = ""):
        super().__init__(text)
        self.steps, self.source, self.target, self.sub = steps, source, target, sub

    def _move(self, source: tuple[str, int], target: tuple[str, int]) -> None:
        (from_list, from_index), (to_list, to_index) = source, target
        item = self.steps.list_at(from_list).pop(from_index)
        self.steps.list_at(to_list).insert(to_index, item)
        self.steps.list_changed(to_list, -1, _item_path(to_list, to_index, self.sub))

    def redo(self) -> None:
        self._move(self.source, self.target)

    def undo(self) -> None:
        self._move(self.target, self.source)


def undo_menu_texts(stack: QUndoStack, undo_action: Any, redo_action: Any) -> None:  # noqa: ANN401 - QActions
    """编辑's 撤销「删除动态」/ 重做「…」 follow the stack: the step they would take, or disabled."""

    def show() -> None:
        if not isValid(stack) or not isValid(undo_action) or not isValid(redo_action):
            return  # the window is going: the stack clears itself as it is destroyed
        for action, verb, can, text in ((undo_action, "撤销", stack.canUndo(), stack.undoText()),
                                        (redo_action, "重做", stack.canRedo(), stack.redoText())):
            key = "Z" if verb == "撤销" else "Y"
            action.setText(f"{verb}「{text}」(&{key})" if can else f"{verb}(&{key})")
            action.setEnabled(can)

    stack.indexChanged.connect(lambda _index: show())
    for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged, stack.redoTextChanged):
        signal.connect(lambda _value: show())
    show()
