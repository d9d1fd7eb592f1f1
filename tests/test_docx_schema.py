"""Every XML part of exported bulletins is valid ISO/IEC 29500 transitional in both markup-compatibility
readings (mc:Choice and mc:Fallback), with w:rPr children in Word's order; and the check itself
finds faults put into a valid package (a mutation test of the validator).

The schemas are looked for as ooxml_validation.schema_folder() says; where they are missing the
schema tests are skipped with that reason and only the order and structure checks run.
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from ooxml_validation import mce_reading, schema_folder, validate_docx

from desk_app.domain.compose import compose
from desk_app.domain.model import InspectionItem
from desk_app.output.docx_writer import write_docx
from desk_app.output.layout import ExportLayout

SCHEMAS = schema_folder()
needs_schemas = pytest.mark.skipif(
    SCHEMAS is None,
    reason="the ISO/IEC 29500 transitional schemas are not here: set OOXML_SCHEMAS, or put them in "
    "tests/ooxml-schemas/ (see tests/ooxml_validation.py)",
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def longer(issue, times: int = 5):
    """Five times the body: every list of the issue repeated, an entry with a typed newline and a tab."""
    issue = copy.deepcopy(issue)
    issue.reform.progress.items = issue.reform.progress.items * times
    for group in issue.dynamics.groups:
        group.entries = [copy.deepcopy(e) for _ in range(times) for e in group.entries]
    issue.dynamics.groups = [copy.deepcopy(g) for _ in range(times) for g in issue.dynamics.groups]
    issue.dynamics.groups[0].entries[0].text += "\n另起一段，\t有制表符。\r\n再起一段。"
    issue.inspection.items = [copy.deepcopy(i) for _ in range(times) for i in issue.inspection.items]
    return issue


def shorter(issue):
    """As little as an issue can hold: no progress items, one short entry, one checklist item."""
    issue = copy.deepcopy(issue)
    issue.reform.progress.items = []
    issue.reform.authorization.newly_authorized = []
    issue.dynamics.groups = issue.dynamics.groups[:1]
    issue.dynamics.groups[0].entries = issue.dynamics.groups[0].entries[:1]
    issue.dynamics.groups[0].entries[0].text = "窗口运行正常。"
    issue.inspection.items = [InspectionItem(item="按时到岗情况", result="总体情况良好。")]
    return issue


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """The reference issue, a five times longer one and a very short one, each as the Word copy and
    as LibreOffice's, the short one with centred page numbers."""
    from desk_app.domain.exchange import loads

    reference = loads((Path(__file__).parent / "data" / "bulletin.json").read_text(encoding="utf-8"))
    folder = tmp_path_factory.mktemp("schema")
    paths = {}
    for name, issue, layout in (
        ("reference", reference, ExportLayout()),
        ("long", longer(reference), ExportLayout()),
        ("short", shorter(reference), ExportLayout(page_numbers="centred")),
    ):
        blocks = compose(issue)
        for copy_name, libreoffice in (("word", False), ("libreoffice", True)):
            path = folder / f"{name}-{copy_name}.docx"
            write_docx(blocks, path, layout, for_libreoffice=libreoffice)
            paths[f"{name}-{copy_name}"] = path
    return paths


CASES = [f"{n}-{c}" for n in ("reference", "long", "short") for c in ("word", "libreoffice")]


@needs_schemas
@pytest.mark.parametrize("case", CASES)
def test_every_part_is_valid_in_both_readings(exported, case):
    problems = validate_docx(exported[case], SCHEMAS)
    assert problems == [], "\n".join(problems[:20])


@pytest.mark.parametrize("case", CASES)
def test_run_properties_are_in_words_order_and_every_part_has_a_schema(exported, case):
    """What runs without the schemas too: Word's rPr order, a known root for every part."""
    assert validate_docx(exported[case], None) == []


def test_the_long_issue_is_long_and_the_short_one_short(exported):
    def characters(path):
        with zipfile.ZipFile(path) as archive:
            return sum(len(t.text or "") for t in etree.fromstring(archive.read("word/document.xml")).iter(f"{{{W}}}t"))

    assert characters(exported["long-word"]) > 4 * characters(exported["reference-word"])
    assert characters(exported["short-word"]) < characters(exported["reference-word"]) / 3


def test_both_readings_of_the_text_box_hold_the_distribution_table(exported):
    with zipfile.ZipFile(exported["reference-word"]) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    for choice in (True, False):
        reading = mce_reading(root, choice=choice)
        assert not list(reading.iter("{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"))
        texts = ["".join(t.text or "" for t in tc.iter(f"{{{W}}}t")) for tc in reading.iter(f"{{{W}}}tc")]
        assert texts[:1] == ["报：中心领导。"] and texts[-1] == "（共印80份）"


# ---- the validator finds what is wrong ------------------------------------------------------------


def mutated(source: Path, target: Path, part: str, change) -> Path:
    """A copy of the package at ``source`` with ``change(root)`` applied to ``part``."""
    with zipfile.ZipFile(source) as archive:
        parts = {info: archive.read(info.filename) for info in archive.infolist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename == part:
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            archive.writestr(info, data)
    return target


def first(root, path: str):
    namespaces = {
        "w": W,
        "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "v": "urn:schemas-microsoft-com:vml",
        "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
        "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
        "dc": "http://purl.org/dc/elements/1.1/",
    }
    return root.xpath(path, namespaces=namespaces)[0]


def swap_first_rpr(root):
    rpr = first(root, "//w:r/w:rPr[w:rFonts and w:sz]")
    rpr.append(rpr.find(f"{{{W}}}rFonts"))  # rFonts after sz


def jc_before_spacing(root):
    ppr = first(root, "//w:body/w:p/w:pPr[w:jc and w:spacing]")
    ppr.find(f"{{{W}}}spacing").addprevious(ppr.find(f"{{{W}}}jc"))


def unknown_element(root):
    first(root, "//w:body/w:p").addnext(etree.Element(f"{{{W}}}paragraph"))


def bad_value(root):
    first(root, "//w:jc").set(f"{{{W}}}val", "middle")


def zoom_without_percent(root):
    first(root, "//w:zoom").attrib.clear()


def run_in_fallback_box(root):
    """A run straight in the VML copy's text box: only the mc:Fallback reading holds it."""
    box = first(root, "//mc:Fallback//w:txbxContent")
    box.insert(0, etree.Element(f"{{{W}}}r"))


def body_before_text_box_in_choice(root):
    """wps:bodyPr before wps:txbx: only the mc:Choice reading holds it."""
    shape = first(root, "//mc:Choice//wps:wsp")
    shape.find("{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}txbx").addprevious(
        shape.find("{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}bodyPr")
    )


def two_alt_names(root):
    font = first(root, "//w:font[w:altName]")
    font.find(f"{{{W}}}altName").addnext(copy.deepcopy(font.find(f"{{{W}}}altName")))


def unknown_app_property(root):
    root.append(etree.Element("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Pagez"))


def default_without_extension(root):
    del first(root, "//ct:Default").attrib["Extension"]


def relationship_without_id(root):
    del first(root, "//rel:Relationship").attrib["Id"]


def two_titles(root):
    title = first(root, "//dc:title")
    title.addnext(copy.deepcopy(title))


MUTATIONS = [
    # (what, part, change, what the report must say, needs the schemas)
    ("rPr order", "word/document.xml", swap_first_rpr, r"w:rPr children out of order", False),
    ("rPr order in a footer", "word/footer1.xml", swap_first_rpr, r"w:rPr children out of order", False),
    ("pPr order", "word/document.xml", jc_before_spacing, r"spacing': This element is not expected", True),
    ("unknown element", "word/document.xml", unknown_element, r"paragraph': This element is not expected", True),
    ("bad value", "word/document.xml", bad_value, r"'middle' is not an element of the set", True),
    ("required attribute", "word/settings.xml", zoom_without_percent, r"percent' is required", True),
    ("fallback only", "word/document.xml", run_in_fallback_box, r"\(mc:Fallback reading\).*}r': This element", True),
    ("choice only", "word/document.xml", body_before_text_box_in_choice, r"\(mc:Choice reading\).*txbx", True),
    ("font table", "word/fontTable.xml", two_alt_names, r"altName': This element is not expected", True),
    ("app properties", "docProps/app.xml", unknown_app_property, r"Pagez': This element is not expected", True),
    ("content types", "[Content_Types].xml", default_without_extension, r"Extension' is required", True),
    ("relationships", "word/_rels/document.xml.rels", relationship_without_id, r"'Id' is required", True),
    ("core properties", "docProps/core.xml", two_titles, r"title': This element is not expected", True),
]


@pytest.mark.parametrize("what, part, change, expected, schemas", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_the_validator_finds_an_injected_fault(exported, tmp_path, what, part, change, expected, schemas):
    if schemas and SCHEMAS is None:
        pytest.skip("needs the ISO/IEC 29500 schemas")
    source = exported["reference-word"]
    assert validate_docx(source, SCHEMAS) == []  # valid before
    problems = validate_docx(mutated(source, tmp_path / "faulty.docx", part, change), SCHEMAS)
    assert problems, f"{what}: not found"
    assert all(p.startswith(part) for p in problems), problems
    assert any(re.search(expected, p) for p in problems), problems
    if what == "fallback only":
        assert not any("mc:Choice reading" in p for p in problems), problems
    if what == "choice only":
        assert not any("mc:Fallback reading" in p for p in problems), problems


@needs_schemas
def test_ignorable_namespaces_are_dropped_and_others_are_not(exported, tmp_path):
    """MCE: an element of a namespace the part marks mc:Ignorable is skipped, as Word skips it;
    one of an unknown namespace that is not ignorable is an error."""
    source = exported["reference-word"]

    def add(namespace):
        def change(root):
            first(root, "//w:body/w:p").append(etree.Element(f"{{{namespace}}}extra"))

        return change

    ignorable = "http://schemas.microsoft.com/office/word/2010/wordml"  # w14, in the template's mc:Ignorable
    assert validate_docx(mutated(source, tmp_path / "a.docx", "word/document.xml", add(ignorable)), SCHEMAS) == []
    unknown = "urn:example:not-ignorable"
    assert validate_docx(mutated(source, tmp_path / "b.docx", "word/document.xml", add(unknown)), SCHEMAS)
