"""领导批示办理单 and the ledger, read back from the PDF."""

from datetime import datetime, timedelta, timezone
from io import BytesIO

from pypdf import PdfReader

from dutyroom.domain.vocabulary import InstructionStatus, InstructionSubject, PassOnChannel
from dutyroom.reports.instructions import build_instruction_list_pdf, build_instruction_sheet_pdf
from dutyroom.services.records import InstructionRecord

GIVEN = datetime(2026, 12, 1, 14, 5, tzinfo=timezone.utc)  # 22:05 in Shanghai


def carried_out() -> InstructionRecord:
    return InstructionRecord(
        "张志强", "请市应急局牵头，连夜排查寒潮防范措施，明早9时前报告。", GIVEN, 12, leader_title="副市长",
        subject=InstructionSubject.INCIDENT, subject_id=3, about="城东化工厂爆炸", passed_to="市应急管理局",
        pass_channel=PassOnChannel.FAX, passed_at=GIVEN + timedelta(minutes=10), due_at=GIVEN + timedelta(hours=11),
        status=InstructionStatus.DONE, feedback="已排查 12 处，整改 3 处", feedback_at=GIVEN + timedelta(hours=9),
        done_at=GIVEN + timedelta(hours=9), created_by="赵值班", version=4)


def text_of(data: bytes) -> str:
    """The PDF's text without the spaces and breaks that wrapping in table cells puts in."""
    return "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages)


def test_the_sheet_holds_the_whole_life_and_reprints_identically(tmp_path):
    def sheet() -> bytes:
        out = BytesIO()
        build_instruction_sheet_pdf(carried_out(), out, office_name="临江区人民政府总值班室", zone="Asia/Shanghai",
                                    now=GIVEN + timedelta(days=2), printed_on=GIVEN.date())
        return out.getvalue()

    first = sheet()
    text = text_of(first)
    for words in ("领导批示办理单", "编号：12", "张志强（副市长）", "2026年12月1日 22:05", "突发事件：城东化工厂爆炸",
                  "连夜排查寒潮防范措施", "市应急管理局（传真）", "2026年12月2日 09:05", "已落实", "已排查 12 处，整改 3 处",
                  "赵值班", "经办人", "带班领导"):
        assert "".join(words.split()) in text, words
    assert len(PdfReader(BytesIO(first)).pages) == 1


def test_the_ledger_says_overdue_in_words():
    late = InstructionRecord("李海燕", "做好节日值守", GIVEN, 3, due_at=GIVEN + timedelta(hours=1))
    out = BytesIO()
    build_instruction_list_pdf([late, carried_out()], out, office_name="临江区", zone="Asia/Shanghai",
                               now=GIVEN + timedelta(hours=4), open_only=False)
    text = text_of(out.getvalue())
    assert "临江区领导批示台账" in text and "共2件" in text
    # Dates as every document prints them: no ISO dates, no zero-padded day.
    assert "（截至2026年12月2日" in text and "2026-12" not in text and "12月01日" not in text
    assert "待落实（已超期3小时）" in text and "尚未转达" in text and "已落实" in text


def test_an_empty_ledger_says_so():
    out = BytesIO()
    build_instruction_list_pdf([], out, office_name="临江区", zone="Asia/Shanghai", now=GIVEN, open_only=True)
    assert "暂无领导批示" in text_of(out.getvalue())
