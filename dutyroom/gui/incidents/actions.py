"""What the 突发事件 page's buttons do: the dialogs, printing in the background, drafts offered back."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox

from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import ReportKind
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.documents import save_document
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.widgets import show_status, while_alive
from dutyroom.services.incidents.records import ReportRecord


def _open(page, dialog) -> None:
    """Open without blocking (the lock screen hides open dialogs); the previous one is freed."""
    if page.dialog is not None and not page.dialog.isVisible():
        page.dialog.deleteLater()
    page.dialog = dialog
    dialog.open()


def _saved(page, incident) -> None:
    page.refresh(changed=(incident.id,))
    page.select_incident(incident.id)
    show_status(page, f"已保存：{incident.title}")


# -- incidents -------------------------------------------------------------------------------------
def new_incident(page, draft: dict | None = None) -> None:
    from dutyroom.gui.incidents.form import draft_key

    services, actor, asked = page.services, page.actor, draft

    def read():  # off the GUI thread (common/opening.py): F3 never waits on the database
        found = asked if asked is not None else _kept_draft(services, actor, draft_key(None))  # 保留草稿
        return found, _form_choices(services)

    open_when_read(page, read, lambda value: _open_form(page, None, *value), what="事件登记表",
                   button=page.buttons["new"])


def edit_incident(page, draft: dict | None = None, incident_id: int | None = None) -> None:
    incident_id = incident_id if incident_id is not None else page.incident.id if page.incident else None
    if incident_id is None:
        return
    services = page.services

    def read():  # off the GUI thread (common/opening.py): Enter never waits on the database
        return services.incidents.get(incident_id), _form_choices(services)

    def show(value) -> None:
        record, choices = value
        if draft is not None and draft.get("version") is not None:
            # Edits typed on the version read then: a save after someone else's change is a conflict, not an overwrite.
            from dataclasses import replace

            record = replace(record, version=draft["version"])
        _open_form(page, record, draft, choices)

    open_when_read(page, read, show, what="事件", button=page.buttons["edit"])


def _form_choices(services) -> tuple:
    from dutyroom.gui.incidents.form import form_units

    return services.settings.get().time_zone, form_units(services)


def _open_form(page, record, draft, choices) -> None:
    from dutyroom.gui.incidents.form import IncidentDialog

    dialog = IncidentDialog(page.services, page.actor, record, page, draft=draft, choices=choices)
    dialog.saved.connect(lambda incident: _saved(page, incident))
    _open(page, dialog)


# -- reports and instructions ------------------------------------------------------------------------
def send_report(page, draft: dict | None = None, incident_id: int | None = None,
                kind: ReportKind | None = None) -> None:
    from dutyroom.gui.incidents.report import ReportDialog

    if incident_id is not None and (page.incident is None or page.incident.id != incident_id):
        page.select_incident(incident_id)
    if page.incident is None:
        return
    dialog = ReportDialog(page.services, page.actor, page.incident, page.reports, page, kind=kind, draft=draft,
                          zone=page.zone_name)
    dialog.sent.connect(lambda report: _report_sent(page, report))
    _open(page, dialog)


def _report_sent(page, report: ReportRecord) -> None:
    page.refresh(changed=(report.incident_id,))
    page.select_incident(report.incident_id)
    show_status(page, f"{report.title}已报送，内容已锁定")


def open_report(page, report: ReportRecord) -> None:
    """A sent report opens read-only; a saved draft opens to be finished and sent."""
    from dutyroom.gui.incidents.report import ReportDialog

    if page.incident is None:
        return
    dialog = ReportDialog(page.services, page.actor, page.incident, page.reports, page,
                          view=report if report.sent_at is not None else None, zone=page.zone_name)
    dialog.sent.connect(lambda sent: _report_sent(page, sent))
    _open(page, dialog)


def add_instruction(page) -> None:
    """领导批示 on the chosen incident: a kept draft and a leader's title are read off the GUI thread and the
    form opens when they arrive (common/opening.py); the zone is the one read with the list."""
    from dutyroom.domain.vocabulary import InstructionSubject
    from dutyroom.gui.incidents.instruction import InstructionDialog
    from dutyroom.gui.instructions.dialog import draft_key, opening_reads

    incident = page.incident
    if incident is None:
        return
    services, actor, zone = page.services, page.actor, page.zone_name
    key = draft_key(None, InstructionSubject.INCIDENT, incident.id)

    def show(opened: tuple) -> None:
        dialog = InstructionDialog(services, actor, incident, page, opened=opened)
        dialog.added.connect(lambda *_: (page.show_detail(), show_status(page, "已记录领导批示")))
        _open(page, dialog)

    open_when_read(page, lambda: opening_reads(services, actor, key, zone), show, what="批示登记表",
                   button=page.buttons["instruction"])


# -- printing ------------------------------------------------------------------------------------------
def report_to_print(page) -> ReportRecord | None:
    """The report picked in the chain, else the latest sent one, else a preview of the first report."""
    index = page.chain_view.currentIndex()
    if index.isValid():
        return page.chain_model.record(index.row())
    sent = [r for r in page.reports if r.sent_at is not None]
    if sent:
        return sent[-1]
    if page.incident is None:
        return None
    from dutyroom.gui.incidents.report import prefill_content

    zone = page.zone_name  # the office's, read with the list (off the GUI thread)
    return ReportRecord(page.incident.id, ReportKind.FIRST, 0, prefill_content(page.incident, [], zone))


def print_report(page, path: str | None = None) -> None:
    incident, report = page.incident, report_to_print(page)
    if incident is None or report is None:
        return
    services = page.services

    def write(target: str) -> None:
        from dutyroom.reports.incident import build_incident_report_pdf  # reportlab loads only when printing

        # A stored report prints what its form showed (as sent, for a sent one); a preview today's facts.
        if report.id is not None:
            printed = services.incidents.printable(report.id)
            build_incident_report_pdf(printed.incident, printed.report, target, office_name=printed.office_name,
                                      issuing_office=printed.issuing_office, zone=printed.time_zone)
            return
        settings = services.settings.get()
        build_incident_report_pdf(incident, report, target, office_name=settings.office_name,
                                  issuing_office=settings.issuing_office or settings.office_name,
                                  zone=settings.time_zone)

    save_document(page, page.buttons["print"], "信息报告", write, path=path, title="保存信息报告（PDF）",
                  name=f"{incident.title[:20]}-{report.title}.pdf".replace("/", "-"))


# -- drafts ---------------------------------------------------------------------------------------------
def offer_drafts(page) -> None:
    """After a crash: offer the newest autosaved incident or report form back, one at a time. The drafts and
    the zone are read off the GUI thread; the question comes when they arrive (none when the store is away)."""
    incidents, settings, actor = page.services.incidents, page.services.settings, page.actor

    def read() -> tuple[list, str]:
        try:
            return [d for d in incidents.load_drafts(actor) if d.key.startswith(("incident:", "report:"))], \
                settings.get().time_zone
        except DutyRoomError:
            return [], ""

    run_operation(read, while_alive(page, lambda found: _ask_drafts(page, *found)), _fault)


def _fault(exc: Exception) -> None:
    if not isinstance(exc, DutyRoomError):
        raise exc  # a fault of the program: the global handler reports it


def _discard(page, key: str) -> None:
    # Off the GUI thread; a refusal leaves the draft to be offered again next time.
    incidents, actor = page.services.incidents, page.actor
    run_operation(lambda: incidents.discard_draft(actor, key), lambda _: None, _fault)


def _ask_drafts(page, drafts: list, zone: str) -> None:
    if not drafts:
        return
    draft = drafts[0]
    try:
        payload = json.loads(draft.payload_json)
    except ValueError:
        _discard(page, draft.key)
        return
    saved = to_local(draft.saved_at, zone)
    what = describe_draft(draft.key, payload)
    box = QMessageBox(QMessageBox.Icon.Question, "恢复草稿",
                      f"发现未保存的草稿（{what}，{saved.month}月{saved.day}日 {saved:%H:%M} 保存），是否恢复？",
                      QMessageBox.StandardButton.NoButton, page)
    restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("丢弃", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    restore.clicked.connect(lambda *_: restore_draft(page, draft.key, payload))
    discard.clicked.connect(lambda *_: _discard(page, draft.key))
    page.prompt = box
    box.open()


def kept_draft(page, key: str) -> dict | None:
    """The payload of the user's draft under `key`, or None (none, unreadable, or the store is away)."""
    return _kept_draft(page.services, page.actor, key)


def _kept_draft(services, actor, key: str) -> dict | None:
    try:
        stored = next((d for d in services.incidents.load_drafts(actor) if d.key == key), None)
        return json.loads(stored.payload_json) if stored is not None else None
    except (DutyRoomError, ValueError):
        return None


def describe_draft(key: str, payload: dict) -> str:
    title = (payload.get("fields", {}).get("title") or "").strip()
    if key.startswith("report:"):
        return "信息报告"
    return f"事件“{title}”" if title else "新登记的事件"


def restore_draft(page, key: str, payload: dict) -> None:
    kind, _, ident = key.partition(":")
    if kind == "report" and ident.isdigit():
        send_report(page, draft=payload, incident_id=int(ident))
    elif kind == "incident" and ident.isdigit():
        edit_incident(page, draft=payload, incident_id=int(ident))
    else:
        new_incident(page, draft=payload)
