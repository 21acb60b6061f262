"""What the keys of the live roll-call do: call, record a result, save the quick fields and any 整改, go on,
复呼, pause, finish, 更正, leave. Each key changes the screen at once and queues its save, with the time
it was pressed, behind the keys before it (see live_saving.py). A mixin of LiveView, which owns the
widgets these read and repaint."""

from __future__ import annotations

from dataclasses import replace

from dutyroom.domain import rollcall as rules
from dutyroom.domain.vocabulary import RollCallResult, RollCallStatus
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.common.prompts import confirm
from dutyroom.gui.rollcall.dialogs import AmendDialog


class LiveActions:
    """Mixin of LiveView: needs services, actor, record, model, details, table, say(), _failed(), tick(),
    and LiveSaving's save_entry() / save_step()."""

    zone_name: str  # LiveView's: the office's zone, read with the settings when the roll-call opened

    def _writable(self) -> bool:
        if self.record is None or self.current() is None or self.leaving:
            return False
        if self.barrier:
            self.say(self.barrier, error=False)
            return False
        if self.record.frozen:
            self.say("本次点名已结束，记录已固定；如需更正，请按 Ctrl+E 并写明原因。")
            return False
        return True

    def call_current(self) -> None:
        if not self._writable():
            return
        entry = self.current()
        if entry.result is not None:
            self.say(f"{entry.unit_name}已记录“{entry.result.label}”；需要再呼叫时，请在第一轮结束后按 R 复呼。")
            return
        at = self.services.clock.now()  # the key's own time, whenever its save reaches the database
        self.show_running(at)
        if entry.called_at is None:
            self.model.replace(replace(entry, called_at=at))
        self.say("")
        self.tick()
        rollcall, actor, entry_id = self.services.rollcall, self.actor, entry.id
        self.save_entry(entry, lambda _version: rollcall.mark_calling(actor, entry_id, at=at))

    def mark(self, result) -> None:
        if not self._writable():
            return
        entry = self.current()
        self.details.errors.clear()
        try:
            details = self.checked_details()
        except ValidationError as exc:
            self._failed(exc)
            return
        at = self.services.clock.now()
        self.show_running(at)
        answered = None if result == RollCallResult.NO_ANSWER else (entry.answered_at or at)
        self.model.replace(replace(entry, result=result, answered_at=answered,
                                   **self.shown_details(details)))
        self.say("")
        self.tick()
        rollcall, actor, entry_id = self.services.rollcall, self.actor, entry.id
        self.save_entry(entry, lambda version: rollcall.mark_result(actor, entry_id, result, version=version, at=at,
                                                                    **details))
        # A refused save keeps the officer on the unit, with its reason in the message line, to press again.
        if entry.result is not None and entry.id not in self.model.problems:
            self._corrected(entry.unit_name, entry.result, result)

    def _corrected(self, unit: str, old, new) -> None:
        """A result key on a unit already marked: the officer went back to put it right, so the change is
        said and the keyboard goes on to the next unit still to be called, as after the first mark and
        Enter; no unit is marked twice by a key meant for the next one."""
        change = f"已将{unit}由“{old.label}”改为“{new.label}”" if old != new else f"{unit}仍为“{new.label}”"
        row = self.model.current
        entries = self.model.entries
        pending = [r for r in [*range(row + 1, len(entries)), *range(row)] if entries[r].result is None]
        if pending:
            self.go_to(pending[0])
            self.table.setFocus()
            self.say(f"{change}，转到下一个未点单位：{entries[pending[0]].unit_name}。", error=False)
        else:
            self.say(f"{change}。全部单位已点完。", error=False)

    def save_details(self) -> bool:
        """What is typed in the quick fields is queued for saving (and any 整改要求 becomes an item). False
        when a field is wrong: its message is shown next to it and the officer stays on the unit."""
        entry = self.current()
        if self.record is None or self.record.frozen or entry is None:
            return True
        try:
            details = self.checked_details()
        except ValidationError as exc:
            self._failed(exc)
            return False
        rollcall, actor, entry_id = self.services.rollcall, self.actor, entry.id
        if entry.result is not None and self.details.differs(entry):
            self.model.replace(replace(entry, **self.shown_details(details)))
            self.save_entry(entry, lambda version: rollcall.update_details(actor, entry_id, version=version,
                                                                           **details))
        item = self.details.rectification()
        if item is not None:
            rollcall_id, name = self.record.id, entry.unit_name
            self.details.requirement.clear()
            self.save_step(lambda: rollcall.add_rectification(actor, rollcall_id, name, *item),
                           lambda _saved: (self.say(f"已记录{name}的整改要求。", error=False), self.changed.emit()),
                           lambda exc: self._rectification_refused(entry_id, name, item[0], exc))
        return True

    def _rectification_refused(self, entry_id: int, name: str, text: str, exc: Exception) -> None:
        """Nothing typed is lost: the requirement goes back into its field if the officer is still there."""
        current = self.current()
        if current is not None and current.id == entry_id and not self.details.requirement.text():
            self.details.requirement.setText(text)
        message = exc.message if isinstance(exc, DutyRoomError) else str(exc)
        self.say(f"{name}的整改要求“{text}”没有保存：{message}")

    def next_unit(self) -> None:
        if self.record is None or not self.save_details():
            return
        row = self.model.current
        if row + 1 < len(self.model.entries):
            self.go_to(row + 1)
            self.table.setFocus()
            return
        self.table.setFocus()
        if self.record.frozen:
            return
        if rules.units_to_recall([e.as_attempt() for e in self.model.entries]):
            self.recall()
        elif all(e.result is not None for e in self.model.entries if e.attempt == 1):
            self.say("全部单位已点完。按 Ctrl+Enter 结束点名并固定记录。", error=False)

    def recall(self) -> None:
        if not self._writable() or not self.save_details():
            return
        if any(e.attempt == 1 and e.result is None for e in self.model.entries):
            self.say("还有单位没有点到，请先点完第一轮再复呼。")
            return
        again = rules.units_to_recall([e.as_attempt() for e in self.model.entries])
        if not again:
            self.say("没有需要复呼的单位。", error=False)
            return
        first = len(self.model.entries)
        self.barrier = "正在准备复呼，请稍候…"
        rollcall, actor, rollcall_id = self.services.rollcall, self.actor, self.record.id

        def done(record) -> None:
            self.barrier = ""
            self._show_record(record)
            self.go_to(first)
            self.say(f"开始复呼：{'、'.join(again)}。第一次的结果也会保留。", error=False)
            self.changed.emit()

        self.save_step(lambda: rollcall.add_recalls(actor, rollcall_id), done)

    def toggle_pause(self) -> None:
        if not self._writable():
            return
        rc, rollcall, actor, at = self.record, self.services.rollcall, self.actor, self.services.clock.now()
        if rc.status == RollCallStatus.RUNNING:
            self.show_paused(at)
            self.save_step(lambda: rollcall.pause(actor, rc.id, at=at), lambda _record: self.changed.emit())
        elif rc.status == RollCallStatus.PAUSED:
            self.show_running(at)
            self.save_step(lambda: rollcall.resume(actor, rc.id, at=at), lambda _record: self.changed.emit())
        else:
            self.say("点名还没有开始：按空格呼叫第一个单位即开始。")

    def finish(self) -> None:
        if not self._writable() or not self.save_details():
            return
        pending = [e.unit_name for e in self.model.entries if e.attempt > 1 and e.result is None]
        extra = f"\n复呼未完成的单位（{'、'.join(pending)}）以第一次的结果为准。" if pending else ""
        self.prompt = confirm(self, "结束点名", "结束后本次点名记录将固定，只能通过“更正”修改。确定结束吗？" + extra,
                              self._finish, yes_text="结束点名")

    def _finish(self) -> None:
        self.barrier = "正在结束点名，请稍候…"
        rollcall, actor, rollcall_id = self.services.rollcall, self.actor, self.record.id

        def done(record) -> None:
            self.barrier = ""
            row = self.model.current
            self._show_record(record)
            self.go_to(row)
            self.say("点名已结束，记录已固定。可在“点名记录”中编发通报。", error=False)
            self.changed.emit()

        self.save_step(lambda: rollcall.finish(actor, rollcall_id), done)

    def amend(self) -> None:
        entry = self.current()
        if self.record is None or entry is None:
            return
        if not self.record.frozen:
            self.say("点名尚未结束，可直接按 1–5 改记结果，或在补充信息中修改。")
            return
        # the zone read with the roll-call when it opened: Ctrl+E opens the form without a read
        self.dialog = AmendDialog(self.services, self.actor, entry, self, zone=self.zone_name or None)
        self.dialog.saved.connect(lambda record: (self._show_record(record), self.go_to(self.model.current),
                                                  self.changed.emit()))
        self.dialog.open()

    def leave(self) -> None:
        """Esc: back to the list once every key is saved. A running roll-call is paused (at the key's
        time) so the time away is not counted."""
        if self.leaving:
            return
        if self.record is not None and not self.record.frozen and not self.barrier:
            if not self.save_details():
                return
            if self.record.status == RollCallStatus.RUNNING:
                rollcall, actor, rollcall_id, at = self.services.rollcall, self.actor, self.record.id, \
                    self.services.clock.now()
                self.show_paused(at)
                self.save_step(lambda: rollcall.pause(actor, rollcall_id, at=at), lambda _record: self.changed.emit())
        self.leave_when_saved()
