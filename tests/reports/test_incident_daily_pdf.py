"""每日要情 PDF: the period, numbered incidents in time order, notable calls, a quiet day."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

from pypdf import PdfReader

from dutyroom.domain.daily_digest import period_bounds, period_text
from dutyroom.domain.vocabulary import IncidentCategory, IncidentStatus
from dutyroom.reports import build_daily_pdf
from dutyroom.services.incidents.records import Casualties, IncidentRecord
from tests.reports.test_contacts_pdf import _font_problems
from tests.reports.test_incident_narrative import at, make_incident

CALLS = ["11月21日9时20分，市民反映某某路段积水严重，已转市城管局处理。",
         "11月21日16时，省政府总值班室来电要求报送今冬明春防火工作情况，已报分管领导。"]


def _build(incidents, calls, day=date(2026, 11, 21)) -> tuple[PdfReader, str]:
    out = io.BytesIO()
    build_daily_pdf(day, incidents, calls, out, office_name="某某市人民政府", issuing_office="某某市人民政府办公室",
                    printed_on=day)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return reader, "".join("".join(page.extract_text().split()) for page in reader.pages)


def _fire() -> IncidentRecord:
    return IncidentRecord("居民楼火灾", at(21, 2, 40), at(21, 2, 55), "拱墅区某某小区3幢",
                          casualties=Casualties(0, 0, 0, 0), measures="消防救援人员已将明火扑灭",
                          status=IncidentStatus.CLOSED)


def _landslide() -> IncidentRecord:
    return IncidentRecord("山体滑坡", at(20, 22, 10), at(20, 22, 30), "余杭区某某镇某某村",
                          category=IncidentCategory.NATURAL, casualties=Casualties(None, None, None, None))


def test_daily_lists_incidents_in_time_order_then_the_calls():
    reader, text = _build([make_incident(), _fire(), _landslide()], CALLS)
    assert "每日要情" in text and "（2026年11月20日18时至11月21日18时）" in text
    assert "某某市人民政府办公室2026年11月21日" in text
    assert text.index("1．山体滑坡") < text.index("2．居民楼火灾") < text.index("3．液化气罐车侧翻事故")
    assert "2026年11月20日22时10分，余杭区某某镇某某村发生一起山体滑坡，人员伤亡情况正在核实。" in text
    assert "未造成人员伤亡" in text and "目前，事件处置工作已基本结束。" in text
    assert "造成2人死亡、5人受伤，失踪人数不详" in text and "目前，泄漏已得到控制" in text
    assert text.index("一、突发事件") < text.index("二、其他值得关注的来电") < text.index("1．11月21日9时20分")
    assert "2．11月21日16时，省政府总值班室来电" in text
    assert "内部资料" in text and "—1—" in text
    assert _font_problems(reader) == []


def test_quiet_day_says_so_on_one_page():
    reader, text = _build([], ["  ", ""])
    assert len(reader.pages) == 1
    assert "今日无重要情况。" in text
    assert "一、" not in text and "其他值得关注的来电" not in text
    assert _font_problems(reader) == []


def test_calls_only_and_incidents_only():
    _, text = _build([], CALLS[:1])
    assert "本时段未接报突发事件。" in text and "1．11月21日9时20分" in text
    _, text = _build([_fire()], [])
    assert "1．居民楼火灾" in text and "其他值得关注的来电" not in text


def test_period_crosses_the_year():
    assert period_text(date(2027, 1, 1)) == "（2026年12月31日18时至2027年1月1日18时）"
    start, end = period_bounds(date(2026, 11, 21))
    assert start.astimezone(timezone.utc) == datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
    assert (end - start).total_seconds() == 24 * 3600


def test_a_day_of_several_pages_says_how_many_on_each_page():
    """Faxed: the receiver sees "共 N 页" on every page and knows when one is missing."""
    calls = [f"11月21日{hour}时，{'某某街道来电反映辖区供水管网压力不足，部分居民楼层停水，已转市水务集团处理并跟踪反馈' * 2}。"
             for hour in range(8, 18)]
    reader, _ = _build([make_incident(), _fire(), _landslide()], calls)
    pages = ["".join(page.extract_text().split()) for page in reader.pages]
    total = len(pages)
    assert total >= 2
    for number, page in enumerate(pages, start=1):
        assert f"共{total}页" in page and f"—{number}—" in page
    # One page is not counted: nothing to miss.
    single, _ = _build([_fire()], [])
    assert len(single.pages) == 1
    assert "共1页" not in "".join(single.pages[0].extract_text().split())
