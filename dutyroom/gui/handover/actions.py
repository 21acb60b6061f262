"""What the 交接班 page's keys and buttons do: each opens a small form or the 交班 dialog, or writes a PDF.

The page holds the open dialog (`page.dialog`), so a test or the lock screen can find it; dialogs are
opened with open(), never exec(), so changes keep arriving while one is up.
"""

from __future__ import annotations

from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import EquipmentState
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.documents import save_document
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.widgets import while_alive
from dutyroom.gui.handover.dialogs import TEXT, WHEN, Field, FieldDialog
from dutyroom.gui.handover.exchange import HandoverDialog


def _open(page, dialog):
    page.dialog = dialog
    dialog.open()
    return dialog


def _form(page, title, fields, submit, **kwargs) -> FieldDialog:
    # The zone the log was read with (off the GUI thread); read here only before the first log arrived.
    zone = page.log.time_zone if page.log is not None else page.services.settings.get().time_zone
    return _open(page, FieldDialog(page, title, fields, submit, zone_name=zone, now=page.services.clock.now(),
                                   **kwargs))


def add_item(page) -> FieldDialog:
    key = page.span.key

    def submit(values):
        return page.services.handover.add_item(page.actor, key, values["title"], due_at=values["due_at"],
                                               detail=values["detail"])

    return _form(page, "新增交接事项", [Field("title", "事项", hint="如：明早9时前向市政府报送寒潮防范情况"),
                                  Field("due_at", "完成时限", WHEN), Field("detail", "说明", TEXT)], submit)


def close_item(page, *, drop: bool = False) -> FieldDialog | None:
    item = page.selected_item()
    if item is None or not item.open:
        page.show_status("请先在“交接事项”中选择一项未办结的事项。")
        return None
    service = page.services.handover

    def submit(values):
        act = service.drop_item if drop else service.close_item
        return act(page.actor, item.id, values["closing_note"], item.version)

    title = "不再交接" if drop else "办结交接事项"
    label = "不再交接的理由" if drop else "办结情况"
    return _form(page, title, [Field("closing_note", label, TEXT)], submit, intro=item.title,
                 save_text="不再交接" if drop else "办结")


def report_fault(page) -> FieldDialog | None:
    status = page.selected_equipment()
    if status is None:
        page.show_status("请先在“设备状态”中选择一项设备。")
        return None

    def submit(values):
        return page.services.handover.set_equipment_status(page.actor, page.span.key, status.name,
                                                           EquipmentState.FAULT, values["description"],
                                                           status.version)

    return _form(page, f"设备异常 — {status.name}", [Field("description", "异常情况", TEXT)], submit,
                 save_text="记为异常")


def mark_ok(page, name: str) -> None:
    """Ticked: 正常, saved off the GUI thread (a server that stops answering leaves the window running); the
    change notice shows it, a refusal says why and puts the tick back as stored."""
    status = next((s for s in page.equipment if s.name == name), None)
    handover, actor, key = page.services.handover, page.actor, page.span.key

    def refused(exc: Exception) -> None:
        if not isinstance(exc, DutyRoomError):
            raise exc  # a fault of the program: the global handler reports it
        page.show_status("⚠ " + exc.message)
        page.refresh()

    run_operation(lambda: handover.set_equipment_status(actor, key, name, EquipmentState.OK, "",
                                                        status.version if status else 0),
                  lambda _: None, while_alive(page, refused))


def review(page) -> FieldDialog:
    key = page.span.key
    dialog = _form(page, f"带班领导审阅 — {key.label}", [Field("comment", "审阅意见", TEXT, hint="可不填")],
                   lambda values: page.services.handover.review(page.actor, key, values["comment"]), save_text="审阅")
    dialog.saved.connect(page.reviewed)
    return dialog


def amend(page) -> FieldDialog | None:
    if page.log is None or page.log.handover is None:
        page.show_status("本班尚未交接，没有可修正的交接班记录。")
        return None
    key = page.span.key
    return _form(page, f"修正交接班记录 — {key.label}",
                 [Field("reason", "修正原因", TEXT), Field("correction", "修正内容", TEXT)],
                 lambda values: page.services.handover.amend(page.actor, key, values["reason"], values["correction"]),
                 intro="已封存的交接班记录不会改动；修正作为新记录附在其后（记录修正人和时间）。", save_text="保存修正")


def hand_over(page) -> HandoverDialog | None:
    """F8: the draft is read off the GUI thread and the dialog opens when it arrives (gui/common/opening.py);
    returned when it opened at once (tests run operations inline)."""
    services, key, actor = page.services, page.span.key, page.actor
    opened: list[HandoverDialog] = []

    def read() -> tuple:
        return services.handover.prepare(actor, key), services.settings.get().time_zone, services.users.list()

    def show(found: tuple) -> None:
        draft, zone, users = found
        if draft.handover is not None:
            page.show_status("本班已交接，记录已封存；如需更正请用“修正…”。")
            return
        dialog = HandoverDialog(page, services, actor, draft, page.summary_text(), zone=zone, users=users)
        dialog.handed_over.connect(lambda _record: page.show_status("交接完成，交接班记录已封存。"))
        opened.append(_open(page, dialog))

    open_when_read(page, read, show, what="本班交接情况", button=page.buttons["hand_over"])
    return opened[0] if opened else None


def print_log(page, *, handover: bool = False) -> str | None:
    if page.log is None:  # not read yet: nothing to print
        return None
    key, service = page.span.key, page.services.handover
    what = "交接班记录" if handover else "值班日志"
    day = to_local(page.span.starts_at, page.log.time_zone).date()  # the zone the log was read with
    write = service.write_handover_pdf if handover else service.write_duty_log_pdf
    button = page.buttons["print_handover" if handover else "print_log"]
    return save_document(page, button, what, lambda path: write(key, path), title=f"保存{what}",
                         name=f"{what}-{day.isoformat()}.pdf")
