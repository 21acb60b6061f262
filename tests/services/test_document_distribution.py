"""主送, 抄送 and 印发机关 are office settings: what the administrator saves is what every 通报 and 统计
with a 版记 prints; the defaults are the texts the documents always printed."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from dutyroom.errors import ValidationError
from dutyroom.reports.rollcall import build_stats_pdf
from dutyroom.services.calls.documents import write_call_stats
from dutyroom.services.incidents.bulletins import write_timeliness_notice
from dutyroom.services.records import OfficeSettings


def _text(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _documents(services) -> dict[str, str]:
    out = {}
    buf = io.BytesIO()
    write_call_stats(services, date(2026, 11, 1), date(2026, 11, 30), buf)
    out["来电情况统计"] = _text(buf.getvalue())
    buf = io.BytesIO()
    write_timeliness_notice(services, 2026, 11, buf)
    out["信息报告情况通报"] = _text(buf.getvalue())
    buf = io.BytesIO()
    build_stats_pdf(services.rollcall.month_statistics(2026, 11), buf, printed_on=date(2026, 12, 1))
    out["视频点名统计"] = _text(buf.getvalue())
    return out


def test_the_defaults_are_the_texts_the_documents_always_printed(services):
    settings = services.settings.get()
    assert (settings.document_recipients, settings.document_copy_to, settings.imprint_office) == (
        "各有关单位", "本办领导", "")
    assert settings.rollcall_recipients == "各参加点名单位值班室"
    docs = _documents(services)
    office = settings.issuing_office or settings.office_name
    for name in ("来电情况统计", "信息报告情况通报"):
        assert "各有关单位：" in docs[name] and "抄送：本办领导" in docs[name], name
        assert f"{office}" in docs[name].split("抄送：本办领导")[1], name  # the 印发机关 is the issuing office
    assert "各参加点名单位值班室：" in docs["视频点名统计"] and "抄送：本办领导" in docs["视频点名统计"]


def test_saved_recipients_copies_and_printing_office_are_printed(services, actors):
    admin, _, _ = actors
    services.settings.save(admin, replace(
        services.settings.get(), issuing_office="某某区人民政府总值班室", document_recipients="各街道、各部门",
        document_copy_to="区委办公室，区应急管理局", imprint_office="某某区人民政府办公室",
        rollcall_recipients="各镇（街道）值班室", rollcall_copy_to="区政府办公室领导"))
    docs = _documents(services)
    for name in ("来电情况统计", "信息报告情况通报"):
        text = docs[name]
        assert "各街道、各部门：" in text and "各有关单位" not in text, name
        assert "抄送：区委办公室，区应急管理局" in text and "本办领导" not in text, name
        imprint = text.split("抄送：区委办公室，区应急管理局")[1]
        assert imprint.startswith("某某区人民政府办公室") and "印发" in imprint, name
    text = docs["视频点名统计"]
    assert "各镇（街道）值班室：" in text and "抄送：区政府办公室领导" in text
    assert text.split("抄送：区政府办公室领导")[1].startswith("某某区人民政府办公室")


def test_no_copy_line_when_the_office_copies_nobody(services, actors):
    admin, _, _ = actors
    services.settings.save(admin, replace(services.settings.get(), document_copy_to=""))
    docs = _documents(services)
    assert "抄送" not in docs["来电情况统计"] and "抄送" not in docs["信息报告情况通报"]
    assert "印发" in docs["来电情况统计"]


def test_recipients_are_required_and_bounded(services, actors):
    admin, _, _ = actors
    with pytest.raises(ValidationError) as info:
        services.settings.save(admin, replace(OfficeSettings(), document_recipients="  ", rollcall_recipients="",
                                              imprint_office="办" * 61))
    assert info.value.fields["document_recipients"] == "请填写通报主送"
    assert info.value.fields["rollcall_recipients"] == "请填写视频点名通报主送"
    assert "印发机关太长" in info.value.fields["imprint_office"]
