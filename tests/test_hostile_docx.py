"""A .docx is a zip from anyone: bombs, entities, other zips, other formats and damage are refused in
one line naming what is wrong, without reading more than the limits allow, and never raise."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.reading import docx_text
from desk_app.reading.recognition import Verdict, recognise_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def write_zip(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def document(body: str, prolog: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def refused(path: Path) -> str:
    result = recognise_file(path)
    assert result.verdict is Verdict.REFUSED and result.issue is None
    return " ".join(p.message() for p in result.problems)


def refused_with_peak_memory(path: Path) -> tuple[str, int]:
    """What refusing ``path`` says, and the most memory Python held meanwhile (bytes)."""
    tracemalloc.start()
    try:
        return refused(path), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_by_its_declared_size_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(docx_text.MAX_PART_BYTES // len(chunk) + 2):
                part.write(chunk)
    assert path.stat().st_size < 1 << 20  # about 40 kB on disk
    message, peak = refused_with_peak_memory(path)
    assert "word/document.xml unpacks to" in message and "file is too large" in message
    assert peak < 5 << 20  # nothing of it was unpacked


def test_a_part_that_unpacks_to_more_than_it_declares_is_cut_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_text, "MAX_PART_BYTES", 1000)
    path = write_zip(tmp_path / "lying.docx", {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document("<w:p/>" * 400)})
    with zipfile.ZipFile(path) as z:  # what a forged central directory would say: small
        info = z.getinfo("word/document.xml")
    package = docx_text._Package(path)
    info_small = package.names["word/document.xml"]
    info_small.file_size = 10
    with pytest.raises(docx_text.DocxRefused, match="more than 1000 bytes|cannot be unpacked"):
        package.read("word/document.xml")
    package.close()
    assert info.file_size > 1000


def test_entities_are_never_expanded_nor_fetched(tmp_path):
    laughs = (
        '<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
        f'<!ENTITY secret SYSTEM "file://{tmp_path / "secret.txt"}">]>'
    )
    (tmp_path / "secret.txt").write_text("口令123", encoding="utf-8")
    body = "<w:p><w:r><w:t>&f;</w:t></w:r></w:p><w:p><w:r><w:t>开头&secret;结尾</w:t></w:r></w:p>"
    path = write_zip(tmp_path / "laughs.docx", {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document(body, laughs)})
    message, peak = refused_with_peak_memory(path)
    assert "declares a DTD or entities" in message and "口令" not in message
    assert peak < 5 << 20
    # Below the check, the parser itself neither expands nor fetches: what if the DTD came in UTF-16.
    with pytest.raises(docx_text.etree.XMLSyntaxError, match="amplification"):
        docx_text.etree.fromstring(document(body, laughs).encode(), docx_text._PARSER)
    external = f'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file://{tmp_path / "secret.txt"}">]>'
    root = docx_text.etree.fromstring(document(body.split("</w:p>", 1)[1], external).encode(), docx_text._PARSER)
    assert "口令" not in "".join(root.itertext())  # the entity is left a reference, never fetched


@pytest.mark.parametrize(
    ("parts", "said"),
    [
        ({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": "<workbook/>"}, "an Excel workbook, not a Word document"),
        ({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": "<p/>"}, "a PowerPoint presentation"),
        ({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}, "OpenDocument"),
        ({"照片.jpg": b"\xff\xd8\xff"}, "a zip without word/document.xml"),
        ({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w:document"}, "not well-formed XML"),
        ({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": f'<w:document xmlns:w="{W}"/>'}, "has no body"),
    ],
    ids=["xlsx", "pptx", "odt", "plain zip", "broken XML", "no body"],
)
def test_other_zips_are_refused_saying_what_they_are(parts, said, tmp_path):
    message = refused(write_zip(tmp_path / "x.docx", parts))
    assert "not a Word document (.docx)" in message and said in message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97-2003 .doc or a password-protected"),
        (b"", "not a zip package"),
        (b"PK\x03\x04" + b"\0" * 40, "a damaged zip"),
        ("窗口工作周报".encode(), "not a zip package"),
    ],
    ids=["old .doc / encrypted", "empty", "damaged zip", "text renamed .docx"],
)
def test_files_that_are_no_zip_are_refused(content, said, tmp_path):
    (tmp_path / "x.docx").write_bytes(content)
    assert said in refused(tmp_path / "x.docx")


def test_a_truncated_export_is_refused(tmp_path, reference_issue):
    from desk_app.domain.compose import compose
    from desk_app.output.docx_writer import write_docx

    write_docx(compose(reference_issue), tmp_path / "a.docx")
    data = (tmp_path / "a.docx").read_bytes()
    (tmp_path / "half.docx").write_bytes(data[: len(data) // 2])
    assert "not a Word document" in refused(tmp_path / "half.docx")


def test_a_huge_file_and_a_folder_are_refused_unread(tmp_path):
    huge = tmp_path / "huge.docx"
    with open(huge, "wb") as stream:
        stream.truncate(docx_text.MAX_DOCX_BYTES + 1)  # sparse: nothing written
    assert "too large" in refused(huge)
    (tmp_path / "folder.docx").mkdir()
    assert "not a regular file" in refused(tmp_path / "folder.docx")
    assert "cannot read" in refused(tmp_path / "missing.docx")


def test_an_encrypted_zip_member_is_refused(tmp_path):
    path = write_zip(tmp_path / "e.docx", {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document("<w:p/>")})
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag bit in every local and central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + offset] |= 1
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    assert "encrypted" in refused(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000), st.booleans())
def test_arbitrary_bytes_never_raise(tmp_path, data, zipped):
    path = tmp_path / "any.docx"
    if zipped:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("word/document.xml", data)
        data = buffer.getvalue()
    path.write_bytes(data)
    assert recognise_file(path).verdict is Verdict.REFUSED
