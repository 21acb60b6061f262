"""Roll-call results of a period as an Excel workbook: one sheet of results, one of statistics by unit.

The results sheet uses the import's headers (services/rollcall/importing.py), so an exported file
imports again elsewhere; a unit called twice (复呼) is one row with the result that counted.
"""

from __future__ import annotations

from pathlib import Path

from dutyroom.domain import rollcall as rules
from dutyroom.errors import DutyRoomError
from dutyroom.services.rollcall.records import RollCallRecord, RollCallStats
from dutyroom.services.spreadsheet import WIDEST_DAY, WIDEST_MINUTE, column_width, save_workbook

RESULT_HEADERS = ("点名时间", "点名类型", "单位", "结果", "应答人", "应答用时（秒）", "画面声音", "备注", "整改要求",
                  "整改期限", "复呼", "超时应答")
STATS_HEADERS = ("排名", "单位", "点名次数", "在岗", "离岗", "设备故障", "请假（已报备）", "未应答", "超时应答",
                 "在岗率", "平均应答（秒）")
_WIDTHS = (17, 10, 20, 14, 10, 12, 10, 30, 36, 12, 6, 9)


def result_rows(rollcalls: list[RollCallRecord], limit: int, office) -> list[list]:
    out = []
    for rc in rollcalls:
        finals = rules.final_attempts(rc.attempts())
        entries = {(e.unit_name, e.attempt): e for e in rc.entries}
        items = {}
        for item in rc.rectifications:
            items.setdefault(item.unit_name, item)
        when = rc.planned_at.astimezone(office).replace(tzinfo=None, second=0, microsecond=0)
        for name, attempt in finals.items():
            e = entries[(name, attempt.attempt)]
            item = items.get(name)
            seconds = e.answer_seconds
            out.append([when, rc.kind.label, name, e.result.label if e.result else "", e.answerer,
                        seconds if seconds is not None else "", e.av_quality.label if e.av_quality else "",
                        e.remarks, item.requirement if item else "", item.due_on if item else None,
                        "是" if attempt.attempt > 1 else "", "是" if rules.is_slow(seconds, limit) else ""])
    return out


def stats_rows(stats: RollCallStats) -> list[list]:
    out = []
    for unit in stats.units:
        f = unit.figures
        average = f.average_seconds
        out.append([unit.rank, f.unit, f.called, f.present, f.absent, f.equipment_fault, f.excused, f.no_answer,
                    f.slow, rules.rate_text(f.presence_rate), round(average, 1) if average is not None else ""])
    return out


def write_xlsx(path: Path, rollcalls: list[RollCallRecord], stats: RollCallStats, office) -> int:
    """Write the workbook; returns how many result rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise DutyRoomError(f"只能导出为 .xlsx 文件：{path.name}")
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook always has its one worksheet active
    sheet.title = "点名结果"
    rows = result_rows(rollcalls, stats.answer_limit, office)
    sheet.append(list(RESULT_HEADERS))
    for row in rows:
        sheet.append(row)
    widest = {"点名时间": WIDEST_MINUTE, "整改期限": WIDEST_DAY}
    for index, (label, width) in enumerate(zip(RESULT_HEADERS, _WIDTHS, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width(label, widest.get(label, ""),
                                                                              at_least=width)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[0].number_format = "yyyy-mm-dd hh:mm"
        row[9].number_format = "yyyy-mm-dd"
        for cell in (row[7], row[8]):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    summary = book.create_sheet("单位统计")
    summary.append([f"{stats.period}视频点名情况统计（应答时限 {stats.answer_limit} 秒）"])
    summary.append(list(STATS_HEADERS))
    for row in stats_rows(stats):
        summary.append(row)
    summary.append([rules.PRESENCE_RATE_DEFINITION])
    for index, label in enumerate(STATS_HEADERS, start=1):
        names = [str(r[1]) for r in stats_rows(stats)] if label == "单位" else []
        summary.column_dimensions[get_column_letter(index)].width = column_width(label, *names, at_least=8)
    for cell in summary[2]:
        cell.font = Font(bold=True)
    save_workbook(book, path)
    return len(rows)

