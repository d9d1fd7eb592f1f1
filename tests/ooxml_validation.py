"""Is an exported .docx a valid ISO/IEC 29500 transitional package, and in the order Word insists on?

Every XML part of the package is validated with lxml against the transitional schemas, twice over
where the part holds markup compatibility (ISO/IEC 29500-3): once as a reader that understands
``mc:Choice`` sees it (Word, LibreOffice: the DrawingML text box) and once as one that takes the
``mc:Fallback`` (the VML copy). Elements and attributes of the namespaces a part marks
``mc:Ignorable`` are dropped first, as such a reader does.

The transitional schema lets a run's properties come in any order (EG_RPrBase is a repeated
choice), but Word refuses a file whose ``w:rPr`` children are not in the order of the element
list in §17.3.2 (the strict schema's): that order is checked here separately.

The schema files themselves (wml.xsd, dml-*.xsd, shared-*.xsd, vml-*.xsd and the package's
content-type, relationship and core-property schemas) are not part of this repository; they are
looked for in ``$OOXML_SCHEMAS`` and ``tests/ooxml-schemas/`` (never in the team's ``shared/``
folder: a user's clone has none). ``tests/schemas/`` holds the two small schemas written for these tests: the xml:
namespace's attributes, the Dublin Core elements and terms of the core properties, and Word
2010's ``wps`` text-box shape ([MS-ODRAWXML] 2.6).
"""

from __future__ import annotations

import copy
import os
import zipfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
OWN_SCHEMAS = HERE / "schemas"

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"

# Root namespace of a part → the schema file declaring its root element (alternative file names
# as the editions of ECMA-376 spell them).
PART_SCHEMAS: dict[str, tuple[str, ...]] = {
    W: ("wml.xsd",),
    "http://schemas.openxmlformats.org/drawingml/2006/main": ("dml-main.xsd",),
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": (
        "shared-documentPropertiesExtended.xsd",
    ),
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": (
        "opc-coreProperties.xsd",
        "opc-coreproperties.xsd",
    ),
    "http://schemas.openxmlformats.org/package/2006/content-types": ("opc-contentTypes.xsd",),
    "http://schemas.openxmlformats.org/package/2006/relationships": ("opc-relationships.xsd",),
}
# Schemas imported besides, for content the parts reach through xsd:any (VML in w:pict).
EXTRA_SCHEMAS = {
    "urn:schemas-microsoft-com:vml": ("vml-main.xsd",),
    "urn:schemas-microsoft-com:office:office": ("vml-officeDrawing.xsd",),
    "urn:schemas-microsoft-com:office:word": ("vml-wordprocessingDrawing.xsd",),
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": ("dml-wordprocessingDrawing.xsd",),
    "http://schemas.openxmlformats.org/drawingml/2006/picture": ("dml-picture.xsd",),
}
# Namespaces whose mc:Choice a reader of these schemas understands.
UNDERSTOOD = {WPS} | set(PART_SCHEMAS) | set(EXTRA_SCHEMAS)

# ECMA-376 Part 1 §17.3.2 (CT_RPr; the strict schema's EG_RPrBase sequence), and what a paragraph
# mark's properties (CT_ParaRPr) may hold before and after it.
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()
PARA_RPR_ORDER = ["ins", "del", "moveFrom", "moveTo", *RPR_ORDER, "rPrChange"]


def schema_folder() -> Path | None:
    """Where the ISO/IEC 29500 transitional schemas are, or None."""
    candidates = [os.environ.get("OOXML_SCHEMAS"), HERE / "ooxml-schemas"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "wml.xsd").is_file():
            return Path(candidate)
    return None


def _find(folder: Path, names: Iterable[str]) -> Path:
    """The first of ``names`` in ``folder``, else in the tests' own schemas (the package's)."""
    for base in (folder, OWN_SCHEMAS):
        for name in names:
            if (base / name).is_file():
                return base / name
    raise FileNotFoundError(f"none of {', '.join(names)} in {folder}")


def _as_validators_need(path: Path) -> Path:
    """``path``, or a patched copy of it where the file as published does not work with libxml2:

    - ECMA's opc-coreProperties.xsd refers to xml:lang without importing the xml: namespace (its
      own comment says a validator may need the import added);
    - the 2008 edition's shared-documentPropertiesExtended.xsd declares its elements unqualified,
      while Word, LibreOffice and python-docx all write docProps/app.xml with them in the
      namespace: read as qualified.
    """
    text = path.read_text(encoding="utf-8")
    patched = text
    declarations = text.split("<!--", 1)[0]
    if 'ref="xml:' in text and f'namespace="{XML_NS}"' not in declarations:
        start = text.index(">", text.index("<xsd:schema")) + 1
        patched = patched[:start] + f'<xsd:import namespace="{XML_NS}"/>' + patched[start:]
    if path.name == "shared-documentPropertiesExtended.xsd":
        patched = patched.replace('elementFormDefault="unqualified"', 'elementFormDefault="qualified"', 1)
    if patched == text:
        return path
    import tempfile

    # Beside copies of the files it imports, so that relative schemaLocations still resolve.
    folder = Path(tempfile.mkdtemp(prefix="ooxml-schema-"))
    for sibling in path.parent.glob("*.xsd"):
        (folder / sibling.name).write_bytes(sibling.read_bytes())
    (folder / path.name).write_text(patched, encoding="utf-8")
    return folder / path.name


@cache
def package_schema(folder: Path) -> etree.XMLSchema:
    """One schema importing every namespace a bulletin's parts use (built once per folder)."""
    # First the tests' own: wml.xsd imports the xml: namespace without naming a file, and the
    # first schema loaded for a namespace is the one used.
    imports = [
        (XML_NS, OWN_SCHEMAS / "xml.xsd"),
        ("http://purl.org/dc/elements/1.1/", OWN_SCHEMAS / "dc.xsd"),
        ("http://purl.org/dc/terms/", OWN_SCHEMAS / "dcterms.xsd"),
    ]
    for namespace, names in {**PART_SCHEMAS, **EXTRA_SCHEMAS}.items():
        imports.append((namespace, _as_validators_need(_find(folder, names))))
    imports.append((WPS, OWN_SCHEMAS / "wps.xsd"))
    lines = ['<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">']
    lines += [f'  <xsd:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports]
    lines.append("</xsd:schema>")
    return etree.XMLSchema(etree.fromstring("\n".join(lines).encode("utf-8"), base_url=(folder / "bundle.xsd").as_uri()))


def mce_reading(root, *, choice: bool):
    """A copy of ``root`` as a markup-compatibility reader sees it: each mc:AlternateContent
    replaced by its first understood mc:Choice (``choice``) or by its mc:Fallback, the
    namespaces marked mc:Ignorable and the mc: attributes dropped."""
    root = copy.deepcopy(root)
    ignorable = set()
    for element in root.iter():
        prefixes = element.get(f"{{{MC}}}Ignorable")
        if prefixes:
            ignorable |= {element.nsmap[p] for p in prefixes.split() if p in element.nsmap}
    while True:
        alternates = list(root.iter(f"{{{MC}}}AlternateContent"))
        if not alternates:
            break
        alternate = alternates[0]
        taken = None
        if choice:
            for option in alternate.findall(f"{{{MC}}}Choice"):
                required = {option.nsmap.get(p) for p in option.get("Requires", "").split()}
                if required <= UNDERSTOOD:
                    taken = option
                    break
        if taken is None:
            taken = alternate.find(f"{{{MC}}}Fallback")
        parent = alternate.getparent()
        position = parent.index(alternate)
        parent.remove(alternate)
        for offset, child in enumerate(list(taken) if taken is not None else []):
            parent.insert(position + offset, child)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace in ignorable and element is not root:
            element.getparent().remove(element)
            continue
        for name in list(element.attrib):
            namespace = etree.QName(name).namespace
            if namespace == MC or namespace in ignorable:
                del element.attrib[name]
    return root


def order_problems(root, part: str) -> list[str]:
    """w:rPr children out of Word's order, or repeated."""
    problems = []
    for rpr in root.iter(f"{{{W}}}rPr"):
        in_paragraph_mark = rpr.getparent() is not None and rpr.getparent().tag == f"{{{W}}}pPr"
        order = PARA_RPR_ORDER if in_paragraph_mark else RPR_ORDER
        names = [etree.QName(child).localname for child in rpr if isinstance(child.tag, str)]
        ranks = [order.index(n) if n in order else -1 for n in names]
        if -1 in ranks or ranks != sorted(set(ranks)):
            problems.append(f"{part}: line {rpr.sourceline}: w:rPr children out of order or repeated: {names}")
    return problems


def validate_docx(path: Path, folder: Path | None) -> list[str]:
    """Every problem found in the package at ``path`` (empty: valid).

    Without ``folder`` (no schemas here) only Word's rPr order and the markup-compatibility
    structure are checked.
    """
    schema = package_schema(folder) if folder else None
    problems: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
        for name in names:
            try:
                root = etree.fromstring(archive.read(name))
            except etree.XMLSyntaxError as exc:
                problems.append(f"{name}: not well-formed: {exc}")
                continue
            problems += order_problems(root, name)
            namespace = etree.QName(root).namespace
            if namespace not in PART_SCHEMAS:
                problems.append(f"{name}: no schema for a root element in {namespace}")
                continue
            if schema is None:
                continue
            if any(True for _ in root.iter(f"{{{MC}}}AlternateContent")):
                readings = {
                    " (mc:Choice reading)": mce_reading(root, choice=True),
                    " (mc:Fallback reading)": mce_reading(root, choice=False),
                }
            else:
                readings = {"": mce_reading(root, choice=True)}
            for label, reading in readings.items():
                # Line numbers are the original part's: the copies keep them.
                if not schema.validate(reading):
                    for error in schema.error_log:
                        problems.append(f"{name}{label}: line {error.line}: {error.message}")
    return problems
