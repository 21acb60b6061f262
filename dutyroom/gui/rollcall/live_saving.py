"""How the live roll-call saves: every key changes the screen at once and its save goes to one ordered
writer (a single worker thread), so a keypress costs a repaint, not a commit, and the saves reach the
database in the order of the keys. The time of each key is read from the injected clock when it is
pressed and goes with its save (the service checks it). A save that fails is marked beside its unit and
in the message line, the mark stays on screen, and the writer tries again until it goes through; the
keys after it wait their turn, so what is in the database is always every key up to some point — a
crash keeps every result whose save had finished. A mixin of LiveView, next to LiveActions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from dutyroom.domain.vocabulary import RollCallStatus
from dutyroom.errors import ConflictError, DatabaseUnavailable, DutyRoomError, ValidationError
from dutyroom.gui.common.background import OrderedWriter
from dutyroom.gui.common.widgets import while_alive
from dutyroom.services.busy import DatabaseBusy
from dutyroom.services.rollcall.live import clean_details

#: a key's save starts after the frame that shows it (two frames at 60 Hz): see OrderedWriter
SAVE_AFTER_MS = 33
RETRY_NOTE = "未保存，正在重试"
REFUSED_NOTE = "未保存"


def may_pass(exc: Exception) -> bool:
    """Worth trying again: the database busy or out of reach (or an error the service did not name).
    A refusal the service explains (frozen, wrong input, someone else's change) will not pass by waiting."""
    return not isinstance(exc, DutyRoomError) or isinstance(exc, (DatabaseBusy, DatabaseUnavailable))


class LiveSaving:
    """Mixin of LiveView: needs services, actor, record, model, details, say(), _failed(), _header()."""

    def _setup_saving(self) -> None:
        self.writer = OrderedWriter(may_pass, self, start_after_ms=SAVE_AFTER_MS)
        self.writer.drained.connect(self._drained)
        self.versions: dict[int, int] = {}  # entry id → version last saved; written by the writer's steps
        self.in_flight: dict[int, int] = {}  # entry id → its saves not finished yet
        self.barrier = ""  # said while a step the screen must wait for (复呼, 结束) is under way
        self.leaving = False
        self.warned_unsaved = False  # a second Esc leaves even with a refused save (it cannot be forced)

    def _reset_saving(self, entries) -> None:
        self.versions.clear()
        self._seed_versions(entries)
        self.in_flight.clear()
        self.model.problems.clear()
        self.warned_unsaved = False

    def _seed_versions(self, entries) -> None:
        for entry in entries:
            self.versions.setdefault(entry.id, entry.version)  # never back over a save of this screen

    def checked_details(self) -> dict:
        """The quick fields, cleaned as the service will; ValidationError names the field at fault."""
        d = self.details.details()
        answerer, position, remarks = clean_details(d["answerer"], d["position"], d["remarks"])
        return {"answerer": answerer, "position": position, "av_quality": d["av_quality"], "remarks": remarks}

    @staticmethod
    def shown_details(details: dict) -> dict:
        """The same fields under the names of EntryRecord, for the mark shown before it is saved."""
        return {"answerer": details["answerer"], "answerer_position": details["position"],
                "av_quality": details["av_quality"], "remarks": details["remarks"]}

    # -- the screen first ---------------------------------------------------------------------------
    def show_running(self, at: datetime) -> None:
        """What the service does on the first mark (start) or on a mark while paused (resume), shown now."""
        rc = self.record
        if rc.status == RollCallStatus.PLANNED:
            self.record = replace(rc, status=RollCallStatus.RUNNING, started_at=at)
        elif rc.status == RollCallStatus.PAUSED:
            paused = max(0, round((at - rc.paused_at).total_seconds())) if rc.paused_at else 0
            self.record = replace(rc, status=RollCallStatus.RUNNING, paused_seconds=rc.paused_seconds + paused,
                                  paused_at=None)
        else:
            return
        self._header()

    def show_paused(self, at: datetime) -> None:
        self.record = replace(self.record, status=RollCallStatus.PAUSED, paused_at=at)
        self._header()

    # -- the saves, in key order --------------------------------------------------------------------
    def save_entry(self, entry, fn: Callable[[int], Any]) -> None:
        """Queue the save of one unit's attempt; `fn(version)` runs on the writer's thread."""
        entry_id, name, versions = entry.id, entry.unit_name, self.versions
        rollcall, rollcall_id = self.services.rollcall, self.record.id

        def step():
            try:
                saved = fn(versions.get(entry_id, entry.version))
            except ConflictError:
                # Someone else saved this unit meanwhile: learn their version, so pressing the key again
                # (the officer has seen the message) saves over it instead of failing for ever.
                versions.update({e.id: e.version for e in rollcall.get(rollcall_id).entries})
                raise
            versions[entry_id] = saved.version
            return saved

        self.in_flight[entry_id] = self.in_flight.get(entry_id, 0) + 1
        self.writer.submit(step, while_alive(self, lambda saved: self._entry_saved(entry_id, saved)),
                           while_alive(self, lambda exc: self._entry_refused(entry_id, name, exc)),
                           while_alive(self, lambda exc: self._entry_retrying(entry_id, name, exc)))

    def save_step(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
                  on_error: Callable[[Exception], None] | None = None) -> None:
        """Queue a save of the roll-call itself (pause, 复呼, 结束), behind the keys before it."""
        self.writer.submit(fn, while_alive(self, on_done), while_alive(self, on_error or self._step_refused),
                           while_alive(self, lambda exc: self._retrying("点名状态", exc)))

    def _entry_saved(self, entry_id: int, saved) -> None:
        self.in_flight[entry_id] -= 1
        self.model.set_problem(entry_id, "")
        if not self.in_flight[entry_id]:
            self.model.replace(saved)  # the saved row, once no later key of the same unit is still waiting
        if not self.model.problems and self.message.property("retrying"):
            self.message.setProperty("retrying", False)
            self.say("已全部保存。", error=False)
        self.changed.emit()

    def _entry_refused(self, entry_id: int, name: str, exc: Exception) -> None:
        self.in_flight[entry_id] -= 1
        self.model.set_problem(entry_id, REFUSED_NOTE)
        self.message.setProperty("retrying", False)
        message = exc.message if isinstance(exc, DutyRoomError) else str(exc)
        if isinstance(exc, ValidationError) and self.current() is not None and self.current().id == entry_id \
                and any(k in self.details.error_labels for k in exc.fields):
            self.details.errors.show(exc.fields)
        self.say(f"{name}的记录没有保存：{message}")

    def _entry_retrying(self, entry_id: int, name: str, exc: Exception) -> None:
        self.model.set_problem(entry_id, RETRY_NOTE)
        self._retrying(name, exc)

    def _retrying(self, what: str, exc: Exception) -> None:
        reason = exc.message if isinstance(exc, DutyRoomError) else "数据库暂时没有响应"
        self.message.setProperty("retrying", True)
        self.say(f"{what}的记录还没有存进数据库（{reason}），正在自动重试；屏幕上的结果都保留，按过的键会依次保存。")

    def _step_refused(self, exc: Exception) -> None:
        self.barrier = ""
        self.message.setProperty("retrying", False)
        if isinstance(exc, DutyRoomError):
            self._failed(exc)
        else:
            raise exc

    # -- leaving waits for the saves ----------------------------------------------------------------
    def leave_when_saved(self) -> None:
        self.leaving = True
        if self.writer.pending():
            self.say("正在保存已记录的结果，保存完成后返回列表…", error=False)
            return
        self._drained()

    def _drained(self) -> None:
        if not self.leaving:
            return
        self.leaving = False
        if self.model.problems and not self.warned_unsaved:  # refused: stay, so the officer sees which and why
            self.warned_unsaved = True
            self.say("有单位的记录没有保存（列表中标有“未保存”）：可在该单位上再按一次结果键重新保存；"
                     "再按 Esc 则放弃这些未保存的结果并返回。")
            return
        self.timer.stop()
        self.left.emit()
