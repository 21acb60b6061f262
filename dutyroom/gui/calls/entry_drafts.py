"""Half-typed calls offered back after a crash: the newest autosaved 来电登记 form, one at a time."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from dutyroom.domain.localtime import to_local
from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.gui.calls.entry import CallEntryDialog, open_call_entry
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.outage import read_failed
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.widgets import while_alive

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


def describe_draft(payload: dict) -> str:
    fields = payload.get("fields", {})
    who = (fields.get("caller_name") or fields.get("caller_number") or "").strip()
    summary = (fields.get("summary") or "").strip().splitlines()
    head = summary[0][:20] if summary else ""
    what = "：".join(part for part in (who, head) if part)
    return f"来电“{what}”" if what else "新登记的来电"


def read_call_drafts(services: Services, actor) -> tuple[list, str]:
    """(the user's call drafts newest first, the office's zone): what the offer reads (a worker thread runs
    this: services only); none when the store is away (the offer is a courtesy, asked again next start)."""
    try:
        return [d for d in services.calls.load_drafts(actor) if d.key.startswith("call:")], \
            services.settings.get().time_zone
    except DutyRoomError:
        return [], ""


def offer_call_drafts(parent: QWidget, services: Services, actor,
                      on_open: Callable[[CallEntryDialog], None] | None = None,
                      on_offer: Callable[[QMessageBox], None] | None = None) -> QMessageBox | None:
    """After a crash: offer the newest autosaved call form back. The drafts and the zone are read off the GUI
    thread (a server that stops answering never holds the window at start): `on_offer(box)` when the question
    is asked; the box is returned when it was asked at once (tests run reads inline), else None.

    `on_open` gets the restored form, for the page to listen to its `saved` as it does for F2.
    """
    asked: list[QMessageBox] = []

    def offer(read: tuple[list, str]) -> None:
        box = _ask(parent, services, actor, *read, on_open=on_open)
        if box is not None:
            asked.append(box)
            if on_offer is not None:
                on_offer(box)

    run_operation(lambda: read_call_drafts(services, actor), while_alive(parent, offer), _fault)
    return asked[0] if asked else None


def _fault(exc: Exception) -> None:
    if not isinstance(exc, DutyRoomError):
        raise exc  # a fault of the program: the global handler reports it


def _discard(services: Services, actor, key: str) -> None:
    # Off the GUI thread; a refusal leaves the draft to be offered again next start.
    run_operation(lambda: services.calls.discard_draft(actor, key), lambda _: None, _fault)


def _ask(parent: QWidget, services: Services, actor, drafts: list, zone: str, *,
         on_open: Callable[[CallEntryDialog], None] | None) -> QMessageBox | None:
    if not drafts:
        return None
    draft = drafts[0]
    try:
        payload = json.loads(draft.payload_json)
    except ValueError:
        _discard(services, actor, draft.key)
        return None
    saved = to_local(draft.saved_at, zone)
    box = QMessageBox(QMessageBox.Icon.Question, "恢复草稿",
                      f"发现未保存的来电登记（{describe_draft(payload)}，{saved.month}月{saved.day}日 "
                      f"{saved:%H:%M} 保存），是否恢复？", QMessageBox.StandardButton.NoButton, parent)
    restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("丢弃", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    def restore_it(*_args) -> None:
        restore_call_draft(parent, services, actor, draft.key, payload, on_open=on_open)

    restore.clicked.connect(restore_it)
    discard.clicked.connect(lambda *_: _discard(services, actor, draft.key))
    box.open()
    return box


def restore_call_draft(parent: QWidget, services: Services, actor, key: str, payload: dict, *,
                       on_open=None) -> CallEntryDialog | None:
    """The form opens when its reads arrive (open_call_entry); `on_open(dialog)` then. The form if open on return.

    A draft of an edited call reads that call first, off the GUI thread like the form's own reads: 恢复 on
    a server that stops answering must not hold the window (and its alarms) until the timeout."""
    ident = key.partition(":")[2]
    if not ident.isdigit():
        return open_call_entry(parent, services, actor, draft=payload, on_open=on_open)
    opened: list[CallEntryDialog | None] = []

    def got(record) -> None:
        if payload.get("version") is not None:
            # Edits typed on the version read then: a save after someone else's change is a conflict, not an overwrite.
            record = replace(record, version=payload["version"])
        opened.append(open_call_entry(parent, services, actor, record, draft=payload, on_open=on_open))

    def failed(exc: Exception) -> None:
        if isinstance(exc, DatabaseUnavailable) or not isinstance(exc, DutyRoomError):
            _fault(exc)
            read_failed(parent, exc if isinstance(exc, DutyRoomError) else DutyRoomError(str(exc)))
            return
        _discard(services, actor, key)
        inform(parent, "无法恢复草稿", f"{exc.message}（该来电可能已被删除）")

    run_operation(lambda: services.calls.get(int(ident)), while_alive(parent, got), while_alive(parent, failed))
    return opened[0] if opened else None  # inline (tests): the form; else it opens when the call arrives
