"""值班快报 / 信息专报 PDF: the 版头 (内部资料, name, issue number, office and date), narrative, 版记."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader

from dutyroom.domain.bulletin_text import assemble_narrative, narrative_paragraphs
from dutyroom.reports import build_bulletin_pdf
from dutyroom.services.incidents.records import BulletinRecord
from tests.reports.test_contacts_pdf import _font_problems
from tests.reports.test_incident_narrative import make_incident, make_reports


def make_bulletin(**changes) -> BulletinRecord:
    bulletin = BulletinRecord(
        2026, 3, "值班快报", "某某区发生一起液化气罐车侧翻事故", assemble_narrative(make_incident(), make_reports()),
        date(2026, 11, 21), "某某市人民政府办公室", to_upper="省政府办公厅",
        to_peers="市委办公室，市人大常委会办公室，市政协办公室", copy_to="市应急管理局，市公安局，某某区人民政府",
        editor="杨文静", signer="刘丽华", incident_id=7, id=1)
    return replace(bulletin, **changes)


def _build(bulletin: BulletinRecord) -> tuple[PdfReader, list[str], bytes]:
    out = io.BytesIO()
    build_bulletin_pdf(bulletin, out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return reader, ["".join(page.extract_text().split()) for page in reader.pages], out.getvalue()


def test_bulletin_has_the_official_header_narrative_and_distribution():
    bulletin = make_bulletin()
    reader, pages, _ = _build(bulletin)
    first, last, text = pages[0], pages[-1], "".join(pages)
    assert first.index("内部资料") < first.index("值班快报") < first.index("（2026）第3期")
    assert first.index("（2026）第3期") < first.index("某某市人民政府办公室2026年11月21日")
    assert first.index("2026年11月21日") < first.index("某某区发生一起液化气罐车侧翻事故")
    for paragraph in narrative_paragraphs(bulletin.narrative):
        assert "".join(paragraph.split())[:40] in text
    # 版记 at the end, in order: 报, 送, 抄送, then 编辑 and 签发.
    order = [last.index(s) for s in ("报：省政府办公厅", "送：市委办公室，市人大常委会办公室，市政协办公室",
                                     "抄送：市应急管理局，市公安局，某某区人民政府", "编辑：杨文静", "签发：刘丽华")]
    assert order == sorted(order)
    assert text.index("我们将密切跟踪事态发展") < text.index("报：省政府办公厅")
    for number, page in enumerate(pages, start=1):
        assert f"—{number}—" in page
    assert "内部资料" not in "".join(pages[1:])
    assert _font_problems(reader) == []
    assert reader.metadata.title == "值班快报（2026）第3期：某某区发生一起液化气罐车侧翻事故"
    # The masthead and the rule under the office line are in the 红头 red: fill and stroke colour.
    stream = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert ".7 .04 .04 rg" in stream and ".7 .04 .04 RG" in stream


def test_special_report_without_peers_or_copies_and_a_short_text_is_one_page():
    bulletin = make_bulletin(kind="信息专报", number=12, to_peers="", copy_to="", editor="",
                             narrative="某某区报告，今日16时某某路发生燃气泄漏，已处置完毕，无人员伤亡。")
    reader, pages, _ = _build(bulletin)
    assert len(reader.pages) == 1
    text = pages[0]
    assert "信息专报" in text and "值班快报" not in text and "（2026）第12期" in text
    assert "报：省政府办公厅" in text and "送：" not in text.replace("报：", "") and "抄送" not in text
    assert "编辑：签发：刘丽华" in text  # nobody named is left blank to fill in, not a dash
    assert text.index("无人员伤亡。") < text.index("报：省政府办公厅")


def test_long_narrative_runs_on_and_keeps_the_distribution_block_whole():
    narrative = "\n".join([make_bulletin().narrative] * 4)
    reader, pages, _ = _build(make_bulletin(narrative=narrative))
    assert len(reader.pages) >= 2
    last = pages[-1]
    assert all(label in last for label in ("报：", "抄送：", "编辑：", "签发："))
    assert "抄送" not in "".join(pages[:-1])
    assert _font_problems(reader) == []
