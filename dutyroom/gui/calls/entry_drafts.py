"""Half-typed calls offered back after a crash: the newest autosaved 来电登记 form, one at a time."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from dutyroom.domain.localtime import to_local
from dutyroom.errors import DutyRoomError
from dutyroom.gui.calls.entry import CallEntryDialog, open_call_entry
from dutyroom.gui.common.prompts import inform

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


def describe_draft(payload: dict) -> str:
    fields = payload.get("fields", {})
    who = (fields.get("caller_name") or fields.get("caller_number") or "").strip()
    summary = (fields.get("summary") or "").strip().splitlines()
    head = summary[0][:20] if summary else ""
    what = "：".join(part for part in (who, head) if part)
    return f"来电“{what}”" if what else "新登记的来电"


def offer_call_drafts(parent: QWidget, services: Services, actor,
                      on_open: Callable[[CallEntryDialog], None] | None = None) -> QMessageBox | None:
    """After a crash: offer the newest autosaved call form back (None when there is none).

    `on_open` gets the restored form, for the page to listen to its `saved` as it does for F2.
    """
    try:
        drafts = [d for d in services.calls.load_drafts(actor) if d.key.startswith("call:")]
    except DutyRoomError:
        return None
    if not drafts:
        return None
    draft = drafts[0]
    try:
        payload = json.loads(draft.payload_json)
    except ValueError:
        services.calls.discard_draft(actor, draft.key)
        return None
    saved = to_local(draft.saved_at, services.settings.get().time_zone)
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
    discard.clicked.connect(lambda *_: services.calls.discard_draft(actor, draft.key))
    box.open()
    return box


def restore_call_draft(parent: QWidget, services: Services, actor, key: str, payload: dict, *,
                       on_open=None) -> CallEntryDialog | None:
    """The form opens when its reads arrive (open_call_entry); `on_open(dialog)` then. The form if open on return."""
    ident = key.partition(":")[2]
    if not ident.isdigit():
        return open_call_entry(parent, services, actor, draft=payload, on_open=on_open)
    try:
        record = services.calls.get(int(ident))
    except DutyRoomError as exc:
        services.calls.discard_draft(actor, key)
        inform(parent, "无法恢复草稿", f"{exc.message}（该来电可能已被删除）")
        return None
    if payload.get("version") is not None:
        # Edits typed on the version read then: a save after someone else's change is a conflict, not an overwrite.
        record = replace(record, version=payload["version"])
    return open_call_entry(parent, services, actor, record, draft=payload, on_open=on_open)
