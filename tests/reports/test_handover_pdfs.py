"""值班日志 and 交接班记录 read back with pypdf: people, calls, entries, items, the anchor, signature lines."""

from datetime import date

import pytest
from pypdf import PdfReader

from dutyroom.domain.vocabulary import CallOutcome, EquipmentState
from dutyroom.services.calls.records import CallRecord
from tests.conftest import PASSWORD, make_accounts
from tests.services.handover.helpers import DAY1, at_handover_of, staff


def text_of(path) -> str:
    # Table cells wrap: read the words back without the line breaks.
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "")


@pytest.fixture
def shift(sqlite_services, clock):
    """A shift with calls, an entry, equipment, two items (one left with the outgoing shift), handed over."""
    svc = sqlite_services
    admin, _, _ = make_accounts(svc)
    people = staff(svc, admin)
    sun = people["sunming"]
    ho = svc.handover
    for n in range(3):
        svc.calls.create(sun, CallRecord(started_at=clock.now(), summary=f"咨询寒潮停课安排{n + 1}",
                                         outcome=CallOutcome.ANSWERED, caller_name="王女士"))
        clock.advance(minutes=5)
    svc.calls.create(sun, CallRecord(started_at=clock.now(), summary="小区停水两天无人处理", outcome=CallOutcome.ASSIGNED,
                                     assigned_unit="区水务局", caller_name="李先生", due_on=date(2026, 11, 22)))
    ho.add_entry(sun, DAY1, "02:10 市应急局电话通知明日寒潮预警")
    ho.set_equipment_status(sun, DAY1, "传真", EquipmentState.FAULT, "传真机卡纸，已报修")
    kept = ho.add_item(sun, DAY1, "明早9时前向市政府报送寒潮防范情况")
    ho.add_item(sun, DAY1, "核实江北街道停电情况")
    at_handover_of(clock, DAY1)
    draft = ho.prepare(sun, DAY1)
    ticked = [i.id for i in draft.items if i.title != "核实江北街道停电情况"]
    sealed = ho.hand_over(sun, DAY1, "zhouxm", PASSWORD, ticked)
    ho.review(people["chenjg"], DAY1, "情况清楚，同意")
    return svc, sealed, kept


def test_the_duty_log_pdf(shift, tmp_path):
    svc, sealed, _ = shift
    path = svc.handover.write_duty_log_pdf(DAY1, tmp_path / "log.pdf")
    text = text_of(path)
    for expected in ("值班日志", "2026年11月21日 全天班", "陈建国", "孙明", "本班共登记来电 4 个", "当场答复/告知 3 个",
                     "小区停水两天无人处理", "市应急局电话通知明日寒潮预警", "传真机卡纸，已报修", "明早9时前向市政府报送寒潮防范情况",
                     "孙明交班，周晓梅接班", "未接收 1 项", "带班领导陈建国于", "情况清楚，同意", "交班人：孙明",
                     "接班人：周晓梅", "带班领导（审阅）：陈建国", "— 1 —"):
        assert expected in text, expected
    head = svc.audit.head()
    assert f"审计锚点 {head}" in text  # the chain's head as printed: an anchor for audit verify --expect
    assert svc.audit.verify(expect=head).ok


def test_the_handover_record_pdf_carries_the_anchor_and_reprints_the_same(shift, tmp_path, clock):
    svc, sealed, _ = shift
    first = svc.handover.write_handover_pdf(DAY1, tmp_path / "first.pdf")
    text = text_of(first)
    for expected in ("交接班记录", "交班人", "孙明", "周晓梅", "明早9时前向市政府报送寒潮防范情况", "已接收",
                     "核实江北街道停电情况", "未接收（仍由交班方负责）", "传真机卡纸，已报修",
                     f"审计链第 {sealed.anchor_seq} 条记录", "带班领导（审阅）：陈建国"):
        assert expected in text, expected
    assert sealed.anchor_hash in text
    # Later work in the next shift does not change the sealed record's print.
    clock.advance(hours=2)
    people = svc.users.login("zhouxm", PASSWORD)
    svc.handover.add_entry(people, svc.handover.shift_at().key, "接班后巡查，一切正常")
    second = svc.handover.write_handover_pdf(DAY1, tmp_path / "second.pdf")
    assert text_of(second) == text


def test_a_shift_not_handed_over_has_no_handover_record(sqlite_services, tmp_path):
    with pytest.raises(ValueError, match="尚未办理交接"):
        sqlite_services.handover.write_handover_pdf(DAY1, tmp_path / "none.pdf")
    text = text_of(sqlite_services.handover.write_duty_log_pdf(DAY1, tmp_path / "empty.pdf"))
    assert "本班未登记来电" in text and "本班尚未办理交接" in text and "带班领导尚未审阅" in text


def test_the_signatures_never_stand_alone_on_a_page(shift):
    """Found on paper: the 交接班记录 printed the three signature lines and the anchor alone on page 2."""
    import io
    from dataclasses import replace

    from dutyroom.reports.dutylog import write_duty_log
    from dutyroom.reports.handover import write_handover_record

    svc, _, _ = shift
    log = svc.handover.duty_log(DAY1)
    handover = log.handover
    for acks in range(0, 40, 3):  # longer and longer lists move the end of the text down the page
        longer = replace(log, handover=replace(handover, acks=tuple(handover.acks) * (acks + 1)),
                         items=tuple(log.items) * (acks // 3 + 1))
        for write, section in ((write_handover_record, "带班领导审阅"), (write_duty_log, "交接班和领导审阅")):
            out = io.BytesIO()
            write(longer, out)
            pages = ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(out.getvalue())).pages]
            [signed] = [n for n, page in enumerate(pages) if "签名：" in page]
            assert section in pages[signed], (write.__name__, acks, pages[signed][:80])
