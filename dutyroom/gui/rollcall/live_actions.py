"""What the keys of the live roll-call do, each saved through the service at once (one short transaction per
key, so a crash keeps every result): call, record a result, save the quick fields and any 整改, go on,
复呼, pause, finish, 更正, leave. A mixin of LiveView, which owns the widgets these read and repaint."""

from __future__ import annotations

from dutyroom.domain import rollcall as rules
from dutyroom.domain.vocabulary import RollCallStatus
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.prompts import confirm
from dutyroom.gui.rollcall.dialogs import AmendDialog


class LiveActions:
    """Mixin of LiveView: needs services, actor, record, model, details, table, say(), _failed(), tick()."""

    # -- actions (each one saved at once) ---------------------------------------------------------
    def _writable(self) -> bool:
        if self.record is None or self.current() is None:
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
        was = self.record.status
        try:
            saved = self.services.rollcall.mark_calling(self.actor, entry.id)
        except DutyRoomError as exc:
            self._failed(exc)
            return
        self.model.replace(saved)
        self.say("")
        if was != RollCallStatus.RUNNING:
            self._refresh_record()
        self.tick()
        self.changed.emit()

    def mark(self, result) -> None:
        if not self._writable():
            return
        entry = self.current()
        was = self.record.status
        self.details.errors.clear()
        try:
            saved = self.services.rollcall.mark_result(self.actor, entry.id, result, version=entry.version,
                                                       **self.details.details())
        except DutyRoomError as exc:
            self._failed(exc)
            return
        self.model.replace(saved)
        self.say("")
        if was != RollCallStatus.RUNNING:
            self._refresh_record()
        self.tick()
        self.changed.emit()

    def save_details(self) -> bool:
        """What is typed in the quick fields goes to the service (and any 整改要求 becomes an item)."""
        entry = self.current()
        if self.record is None or self.record.frozen or entry is None:
            return True
        try:
            if entry.result is not None and self.details.differs(entry):
                self.model.replace(self.services.rollcall.update_details(self.actor, entry.id, version=entry.version,
                                                                         **self.details.details()))
            item = self.details.rectification()
            if item is not None:
                self.services.rollcall.add_rectification(self.actor, self.record.id, entry.unit_name, *item)
                self.details.requirement.clear()
                self.say(f"已记录{entry.unit_name}的整改要求。", error=False)
        except DutyRoomError as exc:
            self._failed(exc)
            return False
        self.changed.emit()
        return True

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
        attempts = [e.as_attempt() for e in self.model.entries]
        if any(e.attempt == 1 and e.result is None for e in self.model.entries):
            self.say("还有单位没有点到，请先点完第一轮再复呼。")
            return
        again = rules.units_to_recall(attempts)
        if not again:
            self.say("没有需要复呼的单位。", error=False)
            return
        try:
            record = self.services.rollcall.add_recalls(self.actor, self.record.id)
        except DutyRoomError as exc:
            self._failed(exc)
            return
        first = len(self.model.entries)
        self._show_record(record)
        self.go_to(first)
        self.say(f"开始复呼：{'、'.join(again)}。第一次的结果也会保留。", error=False)
        self.changed.emit()

    def toggle_pause(self) -> None:
        if not self._writable():
            return
        rc, service = self.record, self.services.rollcall
        try:
            if rc.status == RollCallStatus.RUNNING:
                service.pause(self.actor, rc.id)
            elif rc.status == RollCallStatus.PAUSED:
                service.resume(self.actor, rc.id)
            else:
                self.say("点名还没有开始：按空格呼叫第一个单位即开始。")
                return
        except DutyRoomError as exc:
            self._failed(exc)
            return
        self._refresh_record()
        self.changed.emit()

    def finish(self) -> None:
        if not self._writable() or not self.save_details():
            return
        pending = [e.unit_name for e in self.model.entries if e.attempt > 1 and e.result is None]
        extra = f"\n复呼未完成的单位（{'、'.join(pending)}）以第一次的结果为准。" if pending else ""
        self.prompt = confirm(self, "结束点名", "结束后本次点名记录将固定，只能通过“更正”修改。确定结束吗？" + extra,
                              self._finish, yes_text="结束点名")

    def _finish(self) -> None:
        try:
            record = self.services.rollcall.finish(self.actor, self.record.id)
        except DutyRoomError as exc:
            self._failed(exc)
            return
        row = self.model.current
        self._show_record(record)
        self.go_to(row)
        self.say("点名已结束，记录已固定。可在“点名记录”中编发通报。", error=False)
        self.changed.emit()

    def amend(self) -> None:
        entry = self.current()
        if self.record is None or entry is None:
            return
        if not self.record.frozen:
            self.say("点名尚未结束，可直接按 1–5 改记结果，或在补充信息中修改。")
            return
        self.dialog = AmendDialog(self.services, self.actor, entry, self)
        self.dialog.saved.connect(lambda record: (self._show_record(record), self.go_to(self.model.current),
                                                  self.changed.emit()))
        self.dialog.open()

    def leave(self) -> None:
        """Esc: back to the list. A running roll-call is paused so the time away is not counted."""
        if self.record is not None and not self.record.frozen:
            self.save_details()
            if self.record.status == RollCallStatus.RUNNING:
                try:
                    self.services.rollcall.pause(self.actor, self.record.id)
                except DutyRoomError as exc:
                    self._failed(exc)
                    return
                self.changed.emit()
        self.timer.stop()
        self.left.emit()
