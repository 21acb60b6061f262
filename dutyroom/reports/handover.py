"""交接班记录 of one shift, A4 portrait: the handover (who, when, inside the window or why not), every
item with the incoming officer's acknowledgement, equipment faults, amendments, the leader's review,
the signature lines 交班人 / 接班人 / 带班领导（审阅）, and the audit anchor (the head of the audit chain
at sealing) that ties the paper to the log.

Built from the DutyLogRecord of the shift; a sealed record prints the same every time (no print date).
"""

from __future__ import annotations

import os
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from dutyroom.domain.vocabulary import EquipmentState
from dutyroom.reports.dutylog import (
    Sections,
    handover_lines,
    signature_block,
    table,
    title_block,
    when,
)
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import LIST_MARGINS, frame_width, get_styles, para
from dutyroom.services.handover.records import DutyLogRecord

TITLE = "交接班记录"
NOT_HANDED = "本班尚未办理交接，没有交接班记录可打印"


def handover_flowables(log: DutyLogRecord) -> list[Flowable]:
    handover = log.handover
    if handover is None:
        raise ValueError(NOT_HANDED)
    styles = get_styles(10.5)
    width = frame_width(margins=LIST_MARGINS)
    zone = log.time_zone
    body = ParagraphStyle("dr-ho-body", parent=styles.body, fontSize=14, leading=24)
    sections = Sections(styles)
    story = title_block(TITLE, log, styles)

    story.append(sections.heading("交接情况"))
    rows = [["交班班次", log.shift.label], ["接班班次", handover.next_shift.label if handover.next_shift else ""],
            ["交班人", handover.outgoing], ["接班人", handover.incoming],
            ["交接时间", when(handover.handed_at, zone) if not handover.missed else "未交接"],
            ["交接窗口", f"{when(handover.window_opens, zone)} 至 {when(handover.window_closes, zone)}"]]
    if handover.outside_reason:
        rows.append(["未在窗口内交接的原因", handover.outside_reason])
    if handover.approved_by:
        rows.append(["批准接班的带班领导", handover.approved_by])
    story.append(table(rows, ("项目", "内容"), (2.2, 5.8), styles, width))
    story += [para(line, body) for line in handover_lines(handover, zone)]

    story.append(sections.heading("交接事项及接收确认"))
    if handover.acks:
        acks = [[str(n), a.title, "已接收" if a.acknowledged else "未接收（仍由交班方负责）"]
                for n, a in enumerate(handover.acks, start=1)]
        story.append(table(acks, ("序号", "事项", "接班人确认"), (0.6, 4.9, 2.7), styles, width, centre=(0, 2)))
    else:
        story.append(para("本班无交接事项。", body))

    faults = [e for e in log.equipment if e.state == EquipmentState.FAULT]
    story.append(sections.heading("设备运行情况"))
    if faults:
        story.append(table([[e.name, e.description] for e in faults], ("异常设备", "情况说明"), (2.0, 6.0), styles, width))
    else:
        checked = [e.name for e in log.equipment if e.state == EquipmentState.OK]
        story.append(para(("、".join(checked) + "运行正常。") if checked else "本班未记录设备检查情况。", body))

    if handover.amendments:
        story.append(sections.heading("补正"))
        rows = [[when(a.at, zone), a.by, a.reason, a.correction] for a in handover.amendments]
        story.append(table(rows, ("时间", "补正人", "原因", "补正内容"), (1.5, 1.1, 2.2, 3.4), styles, width))

    # The signatures never stand alone on a page: they go over with the section they sign under.
    reviews = [para(f"{r.reviewer}于 {when(r.at, zone)} 审阅" + (f"：{r.comment}" if r.comment else "。"), body)
               for r in log.reviews] or [para("带班领导尚未审阅。", body)]
    anchor = ParagraphStyle("dr-anchor", parent=styles.cell_note, fontSize=9, leading=13)
    story.append(KeepTogether([
        sections.heading("带班领导审阅"), *reviews, *signature_block(styles, log), Spacer(1, 4 * mm),
        para(f"审计锚点：封存于 {when(handover.sealed_at, zone)}，审计链第 {handover.anchor_seq} 条记录", anchor),
        para(f"哈希：{handover.anchor_hash}", anchor),
        para("（用 dutyroom audit verify 核对：该条记录的哈希应与此一致）", anchor)]))
    return story


def write_handover_record(log: DutyLogRecord, out: str | os.PathLike | BinaryIO) -> None:
    """Write the 交接班记录 of one shift; ValueError when the shift has not been handed over."""
    build_document(out, handover_flowables(log), title=f"{TITLE}（{log.shift.label}）", author=log.office_name,
                   subject=f"{TITLE} {log.shift.label}", margins=LIST_MARGINS)
