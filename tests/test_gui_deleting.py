"""Deleting an issue checks the revision like a save does, and the copy kept is the newest stored version."""

from __future__ import annotations

import json

import pytest
from gui_support import dialogs, stored, stored_reference, type_into, window  # noqa: F401

from desk_app.domain.model import IssueKey
from desk_app.storage import repository

pytestmark = pytest.mark.usefixtures("stored_reference")


def kept_copies(data_dir):
    return sorted((data_dir / "备份").glob("已删除-*.json"))


def test_delete_after_another_clerks_save_deletes_nothing(qtbot, window, dialogs, isolated_data_dir):
    theirs = stored()
    theirs.headline = "另一位同事刚保存的标题"
    repository.save_issue(theirs)  # another clerk, on the shared database
    dialogs.answers = [True]  # 删除
    window.delete_issue()
    assert repository.issue_exists(theirs.key) and stored().headline == "另一位同事刚保存的标题"
    title, text = dialogs.last("warn")
    assert title == "这一期未删除" and "其他同事修改" in text
    assert window.session is not None and window.session.issue.headline == "另一位同事刚保存的标题"
    assert kept_copies(isolated_data_dir) == []


def test_delete_keeps_a_copy_of_the_newest_stored_version(qtbot, window, dialogs, isolated_data_dir):
    type_into(qtbot, window, "headline", "删除前最后输入的标题")  # saved by the delete itself
    dialogs.answers = [True]
    window.delete_issue()
    assert not repository.issue_exists(IssueKey(2023, 6))
    (copy,) = kept_copies(isolated_data_dir)
    assert json.loads(copy.read_text(encoding="utf-8"))["headline"] == "删除前最后输入的标题"


def test_the_repository_refuses_a_stale_delete(reference_issue):
    _, revision = repository.load_issue_with_revision(reference_issue.key)
    repository.save_issue(reference_issue)  # revision + 1
    with pytest.raises(repository.ConflictError):
        repository.delete_issue(reference_issue.key, expected_revision=revision)
    deleted = repository.delete_issue(reference_issue.key, expected_revision=revision + 1)
    assert deleted == reference_issue and not repository.issue_exists(reference_issue.key)
