"""What the 来电登记 page's buttons do: the entry form, delete, escalate to an incident, 督办 dialogs,
marking a group 普遍性, and the files (登记表 and 统计 PDFs, Excel) written in the background."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import Channel, FollowUpKind, InstructionSubject
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.buttons import busy, run_pressed
from dutyroom.gui.common.documents import save_document
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.prompts import confirm, inform
from dutyroom.gui.common.widgets import show_status, while_alive
from dutyroom.services.calls.records import CallRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

TITLE_HEAD = 30


def _open(page, dialog) -> None:
    """Open without blocking (the lock screen hides open dialogs); the previous one is freed."""
    if page.dialog is not None and page.dialog is not dialog and not page.dialog.isVisible():
        page.dialog.deleteLater()
    page.dialog = dialog
    if not dialog.isVisible():
        dialog.open()


def _failed(page, title: str, exc: Exception) -> None:
    message = exc.message if isinstance(exc, DutyRoomError) else str(exc)
    page.prompt = inform(page, title, message)


def add_instruction(page) -> None:
    """领导批示 on the selected call: the shared instruction dialog, about this call. A kept draft and a
    leader's title are read off the GUI thread and the form opens when they arrive (common/opening.py); the
    zone is the one read with the call's detail."""
    # its form loads when first used
    from dutyroom.gui.instructions.dialog import InstructionDialog, draft_key, opening_reads

    record = page.record
    if record is None or record.id is None:
        return
    who = record.caller_unit or record.caller_name
    services, actor, zone = page.services, page.actor, page._zone
    key = draft_key(None, InstructionSubject.CALL, record.id)

    def show(opened: tuple) -> None:
        dialog = InstructionDialog(services, actor, None, page, subject=InstructionSubject.CALL, subject_id=record.id,
                                   about=(f"{who}来电：" if who else "") + record.summary[:30], opened=opened)
        dialog.saved.connect(lambda *_: (page.show_detail(), show_status(page, "已记录领导批示")))
        _open(page, dialog)

    open_when_read(page, lambda: opening_reads(services, actor, key, zone), show, what="批示登记表",
                   button=page.detail.buttons["instruction"])


# -- the entry form ----------------------------------------------------------------------------------
def new_call(page) -> None:
    from dutyroom.gui.calls.entry import open_call_entry

    open_call_entry(page, page.services, page.actor, on_open=lambda dialog: _watch_entry(page, dialog))


def edit_call(page, record: CallRecord | None = None) -> None:
    from dutyroom.gui.calls.entry import open_call_entry

    record = record or page.record
    if record is not None:
        open_call_entry(page, page.services, page.actor, record, on_open=lambda dialog: _watch_entry(page, dialog))


def _watch_entry(page, dialog) -> None:
    """The form opens itself (or an open one comes to the front, F2 pressed twice); listen to it once."""
    if not getattr(dialog, "watched_by_page", False):
        dialog.watched_by_page = True
        dialog.saved.connect(lambda call: _saved(page, call))
    page.dialog = dialog


def _saved(page, call: CallRecord) -> None:
    # The change notice asked for the refresh that matters; this one adds nothing to it but the selection.
    page.refresh(recount=False, arrivals=True, select=call.id)
    show_status(page, f"来电已保存：{call.summary[:20]}")


def delete_call(page) -> None:
    record = page.record
    button = page.detail.buttons["delete"]
    if record is None or busy(button):
        return

    def delete() -> None:
        calls, actor = page.services.calls, page.actor

        def then(callback):
            def run(value) -> None:
                page.show_detail()  # the buttons as the call chosen now allows
                callback(value)
            return run

        # Off the GUI thread: a server that stops answering leaves the window, its clock and alarms running;
        # a second 删除 while the first is out sends nothing (run_pressed).
        run_pressed(page, button, "正在删除…", lambda: calls.delete(actor, record.id, record.version),
                    then(lambda _: _deleted(page, record)), then(lambda exc: _refused(page, "无法删除", exc)))

    page.prompt = confirm(page, "删除来电记录", f"确定删除这条来电记录吗？\n\n{record.summary[:80]}\n\n删除后不能恢复（操作记入审计日志）。",
                          delete, yes_text="删除")


def _deleted(page, record: CallRecord) -> None:
    page.call_changed("delete", str(record.id))  # taken out of the log, not counted again
    show_status(page, "来电记录已删除")


def _refused(page, title: str, exc: Exception) -> None:
    if not isinstance(exc, DutyRoomError):
        raise exc  # a fault of the program: the global handler reports it
    _failed(page, title, exc)


# -- escalate to an incident ---------------------------------------------------------------------------
def incident_draft(record: CallRecord, zone: str) -> dict:
    """The facts of a call as the incident form's fields (the form's draft format, gui/common/drafts.py)."""
    started = to_local(record.started_at, zone).strftime("%Y-%m-%dT%H:%M:%S")
    head = record.summary.strip().splitlines()[0] if record.summary.strip() else ""
    for stop in "。；;！!？?":
        head = head.split(stop)[0]
    fields = {"title": head[:TITLE_HEAD], "received_at": started, "occurred_at": started,
              "source_person": record.caller_name, "source_phone": record.caller_number,
              "source_unit": record.caller_unit, "source_channel": Channel.PHONE.value,
              "scope": record.summary}
    if record.outcome_note:
        fields["measures"] = record.outcome_note
    return {"fields": fields}


def escalate(page) -> None:
    """转为突发事件: a new incident form filled from the call; once saved, the call is linked to it and the
    突发事件 page shows the new incident."""
    record = page.record
    if record is None:
        return
    opener = getattr(page.window(), "new_incident", None)
    zone = page._zone  # the office's, read with the call's detail (off the GUI thread)
    dialog = opener(incident_draft(record, zone)) if opener else None
    if dialog is None:
        show_status(page, "突发事件页面不可用")
        return
    dialog.show_message("已带入这条来电的内容。请核对事发时间，补充事发地点等信息后保存。", role="ok")
    dialog.saved.connect(lambda incident: _escalated(page, record.id, incident))
    page.escalation = dialog


def _escalated(page, call_id: int, incident) -> None:
    # The link is saved off the GUI thread; the incident is shown at once (it is saved already).
    calls, actor = page.services.calls, page.actor
    run_operation(lambda: calls.link_incident(actor, call_id, incident.id), lambda _: None,
                  while_alive(page, lambda exc: _refused(page, "无法关联突发事件", exc)))
    window = page.window()
    if hasattr(window, "show_incident"):
        window.show_incident(incident.id)


# -- 督办 -------------------------------------------------------------------------------------------------
def follow_up(page, kind: FollowUpKind) -> None:
    from dutyroom.gui.calls.follow_up import FollowUpDialog

    record = page.follow_view.record
    if record is None:
        return
    dialog = FollowUpDialog(page.services, page.actor, record, kind, page, zone=page.follow_view.zone)  # as listed
    words = {FollowUpKind.CHASE: "已记录催办", FollowUpKind.FEEDBACK: "已记录反馈", FollowUpKind.CLOSE: "已办结"}
    dialog.done.connect(lambda *_: (page.refresh(recount=False), show_status(page, words[kind])))
    _open(page, dialog)


# -- similar calls -----------------------------------------------------------------------------------------
def mark_widespread(page) -> None:
    ids = page.similar.group_ids()
    button = page.similar.mark_button
    if not ids or not button.isEnabled():
        return
    calls, actor = page.services.calls, page.actor
    run_pressed(page, button, "正在标记…", lambda: calls.mark_widespread(actor, ids, True),
                lambda marked: _marked(page, marked), lambda exc: _refused(page, "无法标记", exc))


def _marked(page, marked: int) -> None:
    page.refresh(recount=False)  # marks change no call's place; a 普遍性-only filter is counted anyway
    page.similar.show_for(page.record)  # the group's marks, as they are now
    show_status(page, f"已将 {marked} 条来电标记为普遍性问题")


# -- files ---------------------------------------------------------------------------------------------------
def print_log(page, path: str | None = None) -> None:
    """打印登记表: the calls of the filtered date range as the 来电登记表 PDF; with no date set, the calls of the
    shift on duty now (08:30 to 08:30 runs over midnight: a calendar day would cut the night in two). The shift
    (or the office's date) names the file: it is read off the GUI thread before the save dialog asks where
    (common/opening.py), the calls with the writing."""
    flt = page.filters.filter()
    services = page.services
    if flt.date_from is None and flt.date_to is None:
        def read() -> tuple:
            current = _current_shift(services)
            return (current.day, current.shift_name) if current is not None else (services.calls.today(), "")

        def ask(shift: tuple) -> None:
            day, shift_name = shift

            def write_shift(target: str) -> None:
                from dutyroom.services.calls.documents import write_shift_register  # reportlab on printing

                write_shift_register(services, day, target, shift_name)

            save_document(page, page.buttons["print"], "来电登记表", write_shift, path=path,
                          title="保存本班来电登记表（PDF）", name=f"来电登记表-{day:%Y%m%d}{shift_name}.pdf")

        open_when_read(page, read, ask, what="本班班次", button=page.buttons["print"])
        return
    first = flt.date_from or flt.date_to
    last = flt.date_to or flt.date_from

    def write_range(target: str) -> None:
        from dutyroom.services.calls.documents import write_call_register  # reportlab loads on printing

        write_call_register(services, first, last, target)

    save_document(page, page.buttons["print"], "来电登记表", write_range, path=path,
                  title="保存来电登记表（PDF）", name=f"来电登记表-{first:%Y%m%d}-{last:%Y%m%d}.pdf")


def _current_shift(services: Services):  # a worker thread runs this (print_log's read)
    try:
        current, _next = services.roster.on_duty()
    except DutyRoomError:
        return None
    return current


def print_stats(page, path: str | None = None) -> None:
    """打印统计: the period on screen (a month or a day) as the 来电情况统计 PDF with its charts."""
    stats = page.stats_view.stats
    if stats is None:
        return
    name = f"来电统计-{stats.first:%Y%m}.pdf" if stats.first != stats.last else f"来电统计-{stats.first:%Y%m%d}.pdf"
    services, first, last = page.services, stats.first, stats.last

    def write(target: str) -> None:
        from dutyroom.services.calls.documents import write_call_stats

        write_call_stats(services, first, last, target)

    save_document(page, page.stats_view.print_button, "来电统计", write, path=path,
                  title="保存来电统计（PDF）", name=name)


def export_log(page, path: str | None = None) -> None:
    """导出: every call the log's filter and search match, to an Excel workbook. The office's date names the
    file: read off the GUI thread before the save dialog asks where (common/opening.py)."""
    flt = page.model.filter()
    calls, button = page.services.calls, page.buttons["export"]
    open_when_read(page, calls.today, lambda today: save_document(
        page, button, "来电记录表", lambda target: calls.export_calls(flt, Path(target)), path=path,
        title="导出来电记录（Excel）", name=f"来电记录-{today:%Y%m%d}.xlsx", kind="xlsx"), what="今天的日期", button=button)


def export_similar(page, path: str | None = None) -> None:
    """This call and the chosen similar ones, in one workbook: the material of a 普遍性问题 report."""
    current = page.selected_row()
    chosen = page.similar.chosen()
    if current is None or not chosen:
        return
    rows = [current] + [row for row in chosen if row.id != current.id]
    calls, button = page.services.calls, page.similar.export_button
    open_when_read(page, calls.today, lambda today: save_document(
        page, button, "相似来电表", lambda target: calls.export_rows(rows, Path(target)), path=path,
        title="导出相似来电（Excel）", name=f"相似来电-{today:%Y%m%d}.xlsx", kind="xlsx"), what="今天的日期", button=button)
