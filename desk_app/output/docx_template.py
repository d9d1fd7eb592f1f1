"""The package every bulletin .docx starts from: prepared once, shipped in resources/, read as it is.

python-docx's default template carries two 440 kB styles parts (theme fonts that make Chinese fall
back to MS Mincho in Word), a sample bibliography (customXml), a thumbnail of an empty page that
file browsers would show, and Word 2010's compatibility mode. The bulletin is formatted directly
and rebuilds its styles part, so none of that is wanted. Preparing it on every export meant
rewriting the template's zip and searching the whole document for each part dropped; so it is
prepared here, written to ``TEMPLATE`` (``python -m desk_app.output.docx_template`` after a
python-docx upgrade; tests/test_docx_template.py checks that the shipped file is what this
makes), and bundled with the other resources for the offline PCs.
"""

from __future__ import annotations

import sys
import zipfile
from io import BytesIO
from pathlib import Path

from desk_app.resources import resource_path

TEMPLATE = "resources/docx/bulletin-template.docx"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_EMPTY_STYLES = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="%s"/>' % _W.encode()


def template_path() -> Path:
    return resource_path(TEMPLATE)


def open_template():  # noqa: ANN201
    """A python-docx Document of the prepared template (made in memory should the file be missing)."""
    from docx import Document

    path = template_path()
    if path.is_file():
        return Document(str(path))
    return Document(BytesIO(build_template()))


def build_template() -> bytes:
    """The prepared template, from python-docx's default one."""
    import docx
    from docx import Document
    from docx.oxml.ns import qn

    source_path = Path(docx.__file__).parent / "templates" / "default.docx"
    lean = BytesIO()
    # The styles emptied before python-docx reads them: parsing them is most of its opening time.
    with zipfile.ZipFile(source_path) as source, zipfile.ZipFile(lean, "w", zipfile.ZIP_STORED) as target:
        for name in source.namelist():
            emptied = name in ("word/styles.xml", "word/stylesWithEffects.xml")
            target.writestr(name, _EMPTY_STYLES if emptied else source.read(name))
    document = Document(lean)

    # Word 2010's copy of the styles, the sample bibliography and the thumbnail: not written.
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]

    # Word 2013 and later's own layout (compatibility mode 15: no 「兼容模式」 in the title bar,
    # today's line breaking), a zoom of 100 %, Chinese theme fonts.
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    zoom = settings.find(qn("w:zoom"))  # the template's says only "bestFit"; w:percent is required
    if zoom is not None:
        zoom.attrib.clear()
        zoom.set(qn("w:percent"), "100")
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")

    prepared = BytesIO()
    document.save(prepared)
    return prepared.getvalue()


def template_parts(data: bytes) -> dict[str, bytes]:
    """Part name → content of a package (zip entry dates left aside)."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def main() -> int:
    path = Path(__file__).resolve().parent.parent.parent / TEMPLATE  # the source checkout's, not a bundle's
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_template())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
