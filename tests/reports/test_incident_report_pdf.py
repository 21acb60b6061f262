"""突发事件信息报告 PDF: the form as faxed upward, every fact, the report chain's name, long texts."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader

from dutyroom.domain.vocabulary import ReportKind
from dutyroom.reports import build_incident_report_pdf
from dutyroom.services.incidents.records import Casualties
from tests.reports.test_contacts_pdf import _font_problems
from tests.reports.test_incident_narrative import make_incident, make_reports

OFFICE = dict(office_name="某某市人民政府", issuing_office="某某市人民政府办公室", contact="杨文静 0571-85251110")


def _squash(text: str) -> str:
    return "".join(text.split())


def _build(incident, report, **kw) -> tuple[PdfReader, list[str]]:
    out = io.BytesIO()
    build_incident_report_pdf(incident, report, out, **{**OFFICE, **kw})
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return reader, [page.extract_text() for page in reader.pages]


def test_follow_up_report_prints_every_fact():
    incident = make_incident(security_development=True)
    report = make_reports()[0]  # 续报二, sent 11月22日 9:30 by fax
    reader, pages = _build(incident, report)
    text = _squash("".join(pages))
    assert "突发事件信息报告" in text and "（续报二）" in text
    for expected in (
        "报送单位：某某市人民政府办公室", "签发人：刘丽华", "报送时间：2026年11月22日9时30分", "报送方式：传真",
        "报送对象：省政府总值班室",
        "事件名称液化气罐车侧翻事故", "事发时间2026年11月21日14时05分", "接报时间2026年11月21日14时20分",
        "事发地点某某区环城北路与延安路交叉口", "事故灾难·道路交通事故；重要敌情、社情、宗教动态", "较大（Ⅲ级）",
        "单位：市应急管理局", "报告人：王建国", "电话：0571-85170110", "方式：电话",
        "死亡：2人", "受伤：5人", "失踪：不详", "被困：0人",
        "损失程度罐车及两辆小型客车受损", "涉及范围周边约500米", "事件原因初步判断", "已采取措施市应急管理局",
        "发展趋势泄漏已得到控制", "已报告领导：李市长、张副市长",
        "李海燕市长（2026年11月21日15时10分）：全力救治伤员", "张志强副市长（2026年11月21日15时40分）",
        "报告内容（续报二）", "第2次报告的内容。", "联系人及电话：杨文静0571-85251110",
    ):
        assert expected in text, expected
    assert "草稿" not in text
    assert "— 1 —" in pages[0]
    assert len(reader.pages) == 1
    assert _font_problems(reader) == []
    assert reader.metadata.title == "突发事件信息报告（续报二）：液化气罐车侧翻事故"
    assert reader.metadata.author == "某某市人民政府办公室"


def test_first_and_final_reports_are_named_and_unknowns_print_buxiang():
    unknown = make_incident(casualties=Casualties(None, None, None, None), security_development=False,
                            cause="", trend="", instructions=[], leaders_informed="")
    first = make_reports()[1]
    _, pages = _build(unknown, first)
    text = _squash("".join(pages))
    assert "（首报）" in text and "报告内容（首报）" in text
    assert text.count("不详") >= 4
    assert "重要敌情" not in text
    assert "事件原因—" in text and "领导批示—" in text  # an empty fact shows a dash, not a blank cell
    final = replace(first, kind=ReportKind.FINAL, number=3)
    _, pages = _build(unknown, final)
    assert "（终报）" in _squash(pages[0])


def test_draft_says_it_has_not_been_sent():
    draft = replace(make_reports()[1], sent_at=None, signer="")
    _, pages = _build(make_incident(), draft, contact="")
    text = _squash("".join(pages))
    assert "草稿（未报送）" in _squash(pages[0]) and "报送时间：（未报送）" in text
    assert "签发人：—" in text
    assert "联系人及电话：杨文静" in text  # who prepared it, when no contact is given


def test_long_report_flows_onto_more_pages_with_the_event_name_on_each():
    sentence = "现场继续开展搜救和堵漏工作，有关部门正在组织专家对周边环境进行监测评估，群众情绪稳定。"
    paragraphs = 18  # three pages whatever the machine's fonts (a narrow Latin font sets digits tighter)
    content = "\n".join(f"第{n}段。" + sentence * 4 for n in range(1, paragraphs + 1))
    report = replace(make_reports()[0], content=content)
    long_measures = "；".join(f"第{n}项措施已落实到位" for n in range(1, 60))
    reader, pages = _build(make_incident(measures=long_measures), report)
    assert len(reader.pages) >= 3
    for number, page in enumerate(pages, start=1):
        squashed = _squash(page)
        assert "事件名称液化气罐车侧翻事故" in squashed  # the heading row repeats
        assert f"— {number} —" in page
        assert f"共 {len(pages)} 页" in page  # faxed: every page says how many there are
    # The text read across pages, without the page numbers and the repeated heading row.
    text = "".join(_squash(page).replace(f"—{n}—", "", 1).replace(f"共{len(pages)}页", "", 1)
                   .replace("事件名称液化气罐车侧翻事故", "", 1 if n > 1 else 0) for n, page in enumerate(pages, start=1))
    for n in range(1, paragraphs + 1):
        assert f"第{n}段。" in text
    assert text.count(sentence) == 4 * paragraphs
    assert "第59项措施已落实到位" in text
    assert text.rindex(f"第{paragraphs}段") < text.index("联系人及电话")
    assert _font_problems(reader) == []
