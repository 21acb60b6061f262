"""当前值班: who holds the phone right now, how long until handover, and who comes next.

Shown on the main window whatever page is open. It reads the roster service and the injected clock:
a light timer moves the "还剩" text on, and roster or people changes redraw it at once.
"""

from __future__ import annotations

import math
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.widgets import FittingLabel, set_role
from dutyroom.services.events import Change
from dutyroom.services.roster.records import RosterShift

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

#: a change of one of these kinds can change who is on duty or how they are shown
WATCHES = frozenset({"assignment", "roster", "person", "setting", "shift", "holiday"})
#: changes that only move today's roll-calls; a live roll-call announces one per key, so they are coalesced
ROLLCALL_WATCHES = frozenset({"rollcall", "rollcall_plan"})
ROLLCALL_SETTLE_MS = 1500
TICK_MS = 30_000
#: a shift whose rule needs no 带班领导 that day (a weekday, by the usual rule) says so
NO_LEADER_NEEDED = "（本班不需要）"
# The navigation column's own background (light.qss / dark.qss), so the panel reads as part of it.
def time_left(now: datetime, end: datetime) -> str:
    """"还剩 5 小时 12 分": minutes rounded up, so the last seconds before handover still say 1 分钟."""
    minutes = max(0, math.ceil((end - now).total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"还剩 {hours} 小时 {minutes} 分"
    if hours:
        return f"还剩 {hours} 小时"
    return f"还剩 {minutes} 分钟"


def compact_time_left(now: datetime, end: datetime) -> str:
    """The same countdown without spaces, for a column too narrow for time_left's words."""
    return time_left(now, end).replace(" ", "").replace("小时", "时").replace("分钟", "分")


def spaced_phone(phone: str) -> str:
    """A mobile number read aloud in groups: 138 0000 0001 (other numbers as stored)."""
    return f"{phone[:3]} {phone[3:7]} {phone[7:]}" if len(phone) == 11 and phone.isdigit() else phone


def _staffed(shift: RosterShift | None) -> bool:
    return shift is not None and bool(shift.leaders or shift.officers or shift.standby)


def _span(shift: RosterShift, zone: str) -> str:
    start, end = to_local(shift.starts_at, zone), to_local(shift.ends_at, zone)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"次日 {end:%H:%M}"
    return f"{start.month}月{start.day}日 {start:%H:%M} — {end_text}"


class OnDutyPanel(QFrame):
    def __init__(self, services: Services, actor=None, parent: QWidget | None = None, *, tick_ms: int = TICK_MS):
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.setObjectName("onDutyPanel")
        self.current: RosterShift | None = None
        self.next: RosterShift | None = None
        self._boundary = None
        self.zone_name = ""  # the office's, as read with the roster (the timer never reads it)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 8, 10)
        layout.setSpacing(2)

        self.heading = self._label("当前值班", bold=True)
        self.shift_label = self._label("")
        self.left_label = FittingLabel(self)
        bold = self.left_label.font()
        bold.setBold(True)
        self.left_label.setFont(bold)
        self.people_label = self._label("")
        self.people_label.setTextFormat(Qt.TextFormat.RichText)
        self.people_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_hint = self._label("", role="hint")
        self.next_heading = self._label("下一班", bold=True)
        self.next_label = self._label("")
        for widget in (self.heading, self.shift_label, self.left_label, self.people_label, self.empty_hint):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addWidget(self.next_heading)
        layout.addWidget(self.next_label)
        # Today's video roll-calls: the officer sees what is due without opening the 视频点名 page.
        layout.addSpacing(8)
        self.rollcall_heading = self._label("今日视频点名", bold=True)
        self.rollcall_label = self._label("")
        self.rollcall_label.setObjectName("onDutyRollCalls")
        layout.addWidget(self.rollcall_heading)
        layout.addWidget(self.rollcall_label)
        layout.addStretch(1)

        self.rollcall_timer = QTimer(self)
        self.rollcall_timer.setSingleShot(True)
        self.rollcall_timer.setInterval(ROLLCALL_SETTLE_MS)
        self.rollcall_timer.timeout.connect(self.show_rollcalls)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.refresh()

    def _label(self, text: str, *, bold: bool = False, role: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        if role:
            set_role(label, role)
        return label

    # -- data ------------------------------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        if change.kind in WATCHES:
            self.refresh()
        elif change.kind in ROLLCALL_WATCHES:
            self.rollcall_timer.start()  # restarted by every key of a live roll-call: read once it settles

    def refresh(self) -> None:
        """After a change or a reconnection, off the GUI thread (common/loading.py): a server away keeps
        what is shown — the countdown goes on from it — and says so in the connection banner."""
        roster, settings = getattr(self.services, "roster", None), self.services.settings

        def fetch():
            try:
                current, upcoming = roster.on_duty() if roster is not None else (None, None)
            except DatabaseUnavailable:
                raise
            except DutyRoomError:
                current, upcoming = None, None
            return current, upcoming, settings.get().time_zone

        load(self, "duty", fetch, self._duty_read)

    def _duty_read(self, read) -> None:
        current, upcoming, self.zone_name = read
        # The next handover, staffed or not: the moment the timer must read the roster again.
        self._boundary = current.ends_at if current else upcoming.starts_at if upcoming else None
        # A shift nobody was put on is no roster at all, as far as the duty room is concerned.
        self.current = current if _staffed(current) else None
        self.next = upcoming if _staffed(upcoming) else None
        self.show_state()
        self.show_rollcalls()

    def show_rollcalls(self) -> None:
        """The roll-call timer's slot; read off the GUI thread, the line stays as it was while it fails."""
        rollcall, settings = getattr(self.services, "rollcall", None), self.services.settings

        def fetch():
            today = rollcall.today() if rollcall is not None else None
            planned = rollcall.planned_between(today, today) if today is not None else []
            return planned, settings.get().time_zone

        load(self, "rollcalls", fetch, self._rollcalls_read)

    def _rollcalls_read(self, read) -> None:
        planned, zone = read
        self.rollcall_heading.setVisible(bool(planned))
        self.rollcall_label.setVisible(bool(planned))
        self.rollcall_label.setText("\n".join(f"{to_local(r.planned_at, zone):%H:%M} {r.kind.label}（{r.status.label}）"
                                              for r in planned))

    def tick(self) -> None:
        """The timer: a handover that has just happened brings the next shift in; else only the time moves.
        A server that is away is the connection banner's to say: the tick keeps what it shows and retries."""
        try:
            if self._boundary is None or self.services.clock.now() >= self._boundary:
                self.refresh()
            else:
                self.show_state()
        except DutyRoomError:
            pass

    def show_state(self) -> None:
        zone = self.zone_name
        now = self.services.clock.now()
        shift = self.current
        if shift is None:
            self.shift_label.setText("今日无排班")
            self.left_label.clear()
            self.left_label.hide()
            self.people_label.clear()
            self.people_label.hide()
            is_admin = self.actor is not None and self.actor.role == Role.ADMIN
            self.empty_hint.setText("请在“排班”页点“生成排班…”。" if is_admin else "请联系管理员排班。")
            self.empty_hint.show()
        else:
            self.shift_label.setText(f"{shift.shift_name}\n{_span(shift, zone)}")
            self.shift_label.setToolTip(f"交班时间：{to_local(shift.ends_at, zone):%m月%d日 %H:%M}")
            self.left_label.set_forms(time_left(now, shift.ends_at), compact_time_left(now, shift.ends_at))
            self.left_label.show()
            self.people_label.setText(self._people_text(shift, phones=True))
            self.people_label.show()
            self.empty_hint.hide()
        upcoming = self.next
        self.next_heading.setVisible(upcoming is not None)
        self.next_label.setVisible(upcoming is not None)
        if upcoming is not None:
            start = to_local(upcoming.starts_at, zone)
            self.next_heading.setText(f"下一班  {start.month}月{start.day}日 {start:%H:%M}")
            self.next_label.setText(self._people_text(upcoming, phones=False))
            self.next_label.setToolTip(self._people_text(upcoming, phones=True).replace("&nbsp;", " "))

    @staticmethod
    def _people_text(shift: RosterShift, *, phones: bool) -> str:
        """Plain text for the next shift; for the shift on duty, rich text with each phone on its own line."""
        posts = [(t, p) for t, p in (("带班领导", shift.leaders), ("值班员", shift.officers), ("备班", shift.standby))
                 if p]
        if not shift.leaders:  # said, not left out: a weekday without one is the rule, a rest day a gap
            posts.insert(0, ("带班领导", ()))
        if not shift.officers:
            posts.insert(1, ("值班员", ()))
        missing = {"带班领导": "（空缺）" if shift.leader_required else NO_LEADER_NEEDED, "值班员": "（空缺）"}
        if not phones:
            return "\n".join(f"{title}：{'、'.join(p.name for p in people) or missing[title]}"
                              for title, people in posts)
        lines = []
        for title, people in posts:
            lines.append(f"{title}：" + ("" if people else missing[title]))
            for person in people:
                lines.append(f"&nbsp;&nbsp;<b>{escape(person.name)}</b>")
                if person.phone:
                    lines.append(f"&nbsp;&nbsp;{escape(spaced_phone(person.phone))}")
        return "<br>".join(lines)
