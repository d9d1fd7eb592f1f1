"""The prepared template shipped in resources/docx is what docx_template.build_template() makes today."""

from __future__ import annotations

from desk_app.output import docx_template
from desk_app.output.docx_template import build_template, template_parts, template_path


def test_the_shipped_template_is_up_to_date():
    shipped = template_parts(template_path().read_bytes())
    made = template_parts(build_template())
    made.pop("docProps/core.xml"), shipped.pop("docProps/core.xml")  # dates of making; every export sets them
    assert shipped == made, "run: python -m desk_app.output.docx_template"


def test_the_template_has_none_of_what_the_bulletin_drops():
    parts = template_parts(template_path().read_bytes())
    assert not [name for name in parts if "customXml" in name or "thumbnail" in name or "stylesWithEffects" in name]
    assert len(parts["word/styles.xml"]) < 200  # emptied: the export writes its own styles
    assert b'w:val="15"' in parts["word/settings.xml"]  # Word 2013+ layout, not 兼容模式


def test_a_missing_template_file_is_made_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_template, "template_path", lambda: tmp_path / "none.docx")
    document = docx_template.open_template()
    assert document.styles.element.find("*") is None
    assert len(document.element.body) == 1  # the section properties only
