"""值班通讯录 PDF: content, pages, page numbers, footer, and embedded fonts only."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from dutyroom.domain.vocabulary import PositionKind, UnitKind
from dutyroom.reports import build_contacts_pdf, fonts
from dutyroom.services.records import ContactDirectory, ContactGroup, PersonRecord, UnitRecord

BASE_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
    "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
    "Times-BoldItalic", "Symbol", "ZapfDingbats",
}


def _read(source) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(source)
    return reader, [page.extract_text() for page in reader.pages]


def _squash(text: str) -> str:
    return "".join(text.split())


def _font_problems(reader: PdfReader) -> list[str]:
    """Names of fonts that are standard-14 or not embedded."""
    problems = []
    for page in reader.pages:
        for font in page["/Resources"].get_object()["/Font"].get_object().values():
            font = font.get_object()
            base = str(font.get("/BaseFont", "")).lstrip("/")
            if base.split("+")[-1] in BASE_14:
                problems.append(base)
            targets = [font]
            if "/DescendantFonts" in font:
                targets = [d.get_object() for d in font["/DescendantFonts"]]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                descriptor = descriptor.get_object() if isinstance(descriptor, IndirectObject) else descriptor
                if not descriptor or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(base)
    return problems


@pytest.fixture(scope="module")
def big_pdf(tmp_path_factory, big_directory):
    path = tmp_path_factory.mktemp("contacts") / "通讯录.pdf"
    build_contacts_pdf(big_directory, path)
    return _read(path)


def test_big_list_has_every_unit_person_and_number(big_pdf, big_directory):
    reader, pages = big_pdf
    text = _squash("".join(pages))
    directory = big_directory
    assert "某某市人民政府值班通讯录" in text
    assert "2026年3月1日" in text
    for group in directory.groups:
        unit = group.unit
        assert unit.name in text
        assert unit.duty_phone in text
        assert f"类别：{unit.kind.label}" not in text  # the program's own sorting is not printed
        if unit.fax:
            assert unit.fax in text
        if unit.address:
            assert unit.address in text
        for person in group.people:
            assert person.name in text
            for number in (person.office_phone, person.mobile):
                if number:
                    assert number in text
    assert "暂无人员信息" in text  # the unit without people
    assert "带班领导" in text and "备班" in text


def test_big_list_runs_over_pages_with_numbers_and_footer(big_pdf):
    reader, pages = big_pdf
    assert len(reader.pages) > 1
    for number, page_text in enumerate(pages, start=1):
        assert f"— {number} —" in page_text
        assert "某某市人民政府办公室印制于2026年3月1日" in _squash(page_text)
    assert "内部资料" in pages[0] and "内部资料" not in pages[1]


def test_missing_numbers_print_a_dash(big_pdf):
    _, pages = big_pdf
    lines = [line.strip() for page in pages for line in page.splitlines()]
    assert "—" in lines


def test_every_font_is_embedded_and_none_is_standard(big_pdf):
    reader, _ = big_pdf
    assert _font_problems(reader) == []


def test_metadata_names_the_document_and_the_issuing_office(big_pdf):
    reader, _ = big_pdf
    assert reader.metadata.title == "某某市人民政府值班通讯录"
    assert reader.metadata.author == "某某市人民政府办公室"


def test_tiny_list_is_one_page_and_uses_the_office_name_without_issuer(tiny_directory):
    out = io.BytesIO()
    build_contacts_pdf(tiny_directory, out)
    reader, pages = _read(io.BytesIO(out.getvalue()))
    assert len(reader.pages) == 1
    text = _squash(pages[0])
    assert "— 1 —" in pages[0]
    assert "市应急管理局值班通讯录" in text
    assert "王建国" in text and "13900000001" in text and "0571-85170001" in text
    assert "市应急管理局印制于2026年3月1日" in text
    assert _font_problems(reader) == []


def test_empty_directory_is_a_valid_one_page_pdf(tmp_path):
    path = tmp_path / "empty.pdf"
    build_contacts_pdf(ContactDirectory("某某市人民政府", "", date(2026, 3, 1), []), path, header_mark=None)
    reader, pages = _read(path)
    assert len(reader.pages) == 1
    assert "暂无通讯录数据" in pages[0]
    assert "内部资料" not in pages[0]
    assert _font_problems(reader) == []


def test_long_names_addresses_and_rare_characters_wrap_inside_cells(tmp_path):
    unit = UnitRecord(
        name="某某市突发公共事件应急指挥部办公室（市应急管理局、市防汛防旱指挥部办公室合署）",
        kind=UnitKind.DEPARTMENT, duty_phone="0571-85170110、0571-85170119",
        address="某某省某某市某某区某某街道某某路某某号某某大厦东楼十九层1901室（北门进入，凭证件登记）", id=1)
    people = [
        PersonRecord(name="欧阳娜娜买买提·艾力克斯", title="市应急管理局党委书记、局长，市突发公共事件应急指挥部办公室主任",
                     position_kind=PositionKind.LEADER, office_phone="0571-85170110转8001",
                     mobile="13900001111、13800002222", id=1),
        *[PersonRecord(name=f"赵{'喆堃玥昇'[i % 4]}{i}", title="科员", mobile=f"1390000{i:04d}", id=i + 2)
          for i in range(40)],
    ]
    path = tmp_path / "long.pdf"
    build_contacts_pdf(ContactDirectory("某某市人民政府", "", date(2026, 1, 5), [ContactGroup(unit, people)]),
                       path)
    reader, pages = _read(path)
    text = _squash("".join(pages))
    assert len(reader.pages) >= 2
    assert _squash(unit.name) in text and _squash(unit.address) in text
    assert "欧阳娜娜买买提·艾力克斯" in text
    assert "13900001111" in text and "13800002222" in text and "8001" in text
    for i in range(40):
        assert f"赵{'喆堃玥昇'[i % 4]}{i}" in text
    # A continued unit repeats its name on the next page.
    assert "某某市突发公共事件" in _squash(pages[1])
    assert "2026年1月5日" in text


def test_bundled_font_only_still_prints_digits(fresh_fonts, tmp_path, tiny_directory):
    fresh_fonts.setattr(fonts, "system_font_dirs", lambda: [])
    assert fonts.current_fonts().roles["body"].bundled
    directory = replace(tiny_directory, issuing_office="某某市应急管理局办公室")
    path = tmp_path / "bundled.pdf"
    build_contacts_pdf(directory, path)
    reader, pages = _read(path)
    text = _squash(pages[0])
    assert "13900000001" in text and "0571-85170110" in text
    assert "— 1 —" in pages[0]
    assert _font_problems(reader) == []


def test_the_last_unit_never_stands_alone_on_the_last_page(big_directory):
    """The last two units travel together: a page break before the last one moves the one before too."""
    from reportlab.platypus import KeepTogether, Table

    from dutyroom.reports.contacts import contacts_flowables
    from dutyroom.reports.styles import get_styles

    story = contacts_flowables(big_directory, get_styles(table_size=11.0), 480)
    together = story[-1]
    assert isinstance(together, KeepTogether)
    tables = [f for f in together._content if isinstance(f, Table)]
    names = [g.unit.name for g in big_directory.groups[-2:]]
    assert len(tables) == 2 and [t._cellvalues[0][0].text for t in tables] == names
