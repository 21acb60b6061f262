"""报送时限 strip: every open reporting deadline across incidents, nearest first, on every page.

Deadlines are stored, status is computed (DESIGN.md §4): the strip loads the open clocks on a change
of kind clock/incident/report and once a minute, and between loads one timer ticking once a second
only rewrites the text of the few chips on screen. That keeps 500 open clocks cheap (bench/clocks.py).
Colour is never the only signal: each state has its icon and its words too.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from dutyroom.domain.clock import Clock
from dutyroom.domain.deadlines import URGENT_MINUTES, WARNING_MINUTES
from dutyroom.domain.deadlines import clock_state as domain_clock_state
from dutyroom.domain.localtime import to_local
from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.loading import load, loading
from dutyroom.gui.common.outage import report_outage
from dutyroom.gui.common.widgets import FittingLabel, while_alive
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.incidents.records import ClockRecord

#: change kinds after which the open clocks are read again
RELOAD_KINDS = frozenset({EntityKind.CLOCK, EntityKind.INCIDENT, EntityKind.REPORT})
RELOAD_EVERY = timedelta(minutes=1)
WARNING_WITHIN = timedelta(minutes=WARNING_MINUTES)
URGENT_WITHIN = timedelta(minutes=URGENT_MINUTES)
EMPTY_TEXT = "暂无未报送的时限"
CHIP_WIDTH = 244
MAX_CHIPS = 6

NORMAL, WARNING, URGENT, OVERDUE = "normal", "warning", "urgent", "overdue"
#: state → (icon, words). The icon and the words say what the colour says.
STATE_SIGNS = {NORMAL: ("●", "正常"), WARNING: ("▲", "将到期"), URGENT: ("◆", "紧急"), OVERDUE: ("⚠", "已超时")}

# Per theme: state → (background, text, border). Overdue is the alarm colour of the style sheets.

# -- pure helpers (no widgets) -------------------------------------------------------------------

def _hms(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def countdown_text(due: datetime, now: datetime) -> str:
    """"剩余 01:12:05" up to and including the due instant ("not later than" is on time);
    "超时 00:00:01" from one second after. Hours are not capped at 24: a 24-hour follow-up reads 24:00:00."""
    left = (due - now).total_seconds()
    if left >= 0:
        return "剩余 " + _hms(int(math.floor(left)))
    return "超时 " + _hms(int(math.ceil(-left)))


def clock_state(clock: ClockRecord, now: datetime) -> str:
    """normal / warning (≤ 30 min) / urgent (≤ 10 min) / overdue, as the domain decides."""
    return domain_clock_state(clock, now)[0].value


def due_text(due: datetime, now: datetime, zone_name: str, *, seconds: bool = False) -> str:
    """Office-local "11:30", or "11月22日 09:00" when not today. `seconds` beside a countdown, which moves
    by the second: "11:30:46", so the deadline and the time left say the same instant."""
    local, today = to_local(due, zone_name), to_local(now, zone_name).date()
    time_of_day = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return time_of_day if local.date() == today else f"{local.month}月{local.day}日 {time_of_day}"


def state_counts(dues: Sequence[datetime], now: datetime) -> dict[str, int]:
    """How many of the sorted due instants are in each state: binary search, not a walk over all clocks."""
    overdue = bisect.bisect_left(dues, now)  # due < now
    urgent = bisect.bisect_right(dues, now + URGENT_WITHIN) - overdue
    warning = bisect.bisect_right(dues, now + WARNING_WITHIN) - overdue - urgent
    return {OVERDUE: overdue, URGENT: urgent, WARNING: warning, NORMAL: len(dues) - overdue - urgent - warning}


def summary_text(counts: dict[str, int]) -> str:
    """"未报送 7 个" over "⚠1 ◆2 ▲1": short, so the chips get the width (summary_tooltip has the words)."""
    total = sum(counts.values())
    parts = [f"{STATE_SIGNS[s][0]}{counts[s]}" for s in (OVERDUE, URGENT, WARNING) if counts[s]]
    return f"未报送 {total} 个" + (("\n" + " ".join(parts)) if parts else "")


def summary_tooltip(counts: dict[str, int]) -> str:
    lines = [f"{STATE_SIGNS[s][0]} {STATE_SIGNS[s][1]}：{counts[s]} 个" for s in (OVERDUE, URGENT, WARNING, NORMAL)]
    return "未报送的报送时限\n" + "\n".join(lines)


# -- widgets ---------------------------------------------------------------------------------------

class ClockChip(QFrame):
    """One open clock: incident and rule, state in icon+words+colour, live countdown, due time."""

    acknowledge_requested = Signal(int)
    open_requested = Signal(int)  # incident id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clockChip")
        self.setFixedWidth(CHIP_WIDTH)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.record: ClockRecord | None = None
        self.state = ""
        self.heading = QLabel(self)
        self.heading.setObjectName("clockHeading")
        self.rule = QLabel(self)
        self.rule.setObjectName("clockRule")
        self.countdown = FittingLabel(self)
        self.countdown.setObjectName("clockCountdown")
        self.ack_button = QToolButton(self)
        self.ack_button.setObjectName("clockAck")
        self.ack_button.setText("确认")
        self.ack_button.setToolTip("确认已知晓超时（记录确认人和时间），停止重复报警")
        self.ack_button.clicked.connect(lambda: self.record and self.acknowledge_requested.emit(self.record.id))
        self.ack_button.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(self.heading, 1)
        top.addWidget(self.ack_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 3, 6, 3)
        column.setSpacing(0)
        column.addLayout(top)
        column.addWidget(self.rule)
        column.addWidget(self.countdown)

    def show_clock(self, record: ClockRecord, now: datetime, zone_name: str) -> None:
        self.record = record
        self.state = ""
        self.due = due_text(record.due_at, now, zone_name, seconds=True)
        self.short_due = self.due.split("月", 1)[-1]  # "22日 08:20:00" when the month is too much for the chip
        self.setToolTip(f"{record.incident_title}\n{record.rule_name}（{record.limit_minutes} 分钟内，"
                        f"自{record.counted_from.label}起算）\n截止：{to_local(record.due_at, zone_name):%Y-%m-%d %H:%M:%S}"
                        + (f"\n已确认：{record.acknowledged_by}" if record.acknowledged_by else "")
                        + "\n单击打开该事件")
        self.tick(now)

    def tick(self, now: datetime) -> None:
        record = self.record
        if record is None:
            return
        state = clock_state(record, now)
        if state != self.state:
            self.state = state
            self._show_state()
        left = countdown_text(record.due_at, now)
        # The countdown itself is never cut: the deadline's words shorten first (the tooltip has it whole).
        self.countdown.set_forms(f"{left}  截止 {self.due}", f"{left} 截止 {self.due}", f"{left} 截止{self.short_due}",
                                 f"{left} 截止{self.short_due[:-3]}", left, tooltip=False)  # [:-3]: no seconds

    def _show_state(self) -> None:
        record, (icon, words) = self.record, STATE_SIGNS[self.state]
        title = f"{icon} {words}" if self.state != NORMAL else icon
        overdue = self.state == OVERDUE and not record.acknowledged_by
        room = CHIP_WIDTH - 18
        self.heading.setText(self.heading.fontMetrics().elidedText(
            f"{title}  {record.incident_title}", Qt.TextElideMode.ElideRight,
            room - (self.ack_button.sizeHint().width() + 4 if overdue else 0)))
        self.rule.setText(self.rule.fontMetrics().elidedText(record.rule_name, Qt.TextElideMode.ElideRight, room))
        self.setAccessibleName(f"{record.incident_title} {record.rule_name} {words}")
        changed = self.property("state") != self.state
        self.setProperty("state", self.state)
        self.ack_button.setVisible(overdue)
        if changed:
            # The labels' colours come from a rule on this chip's state: they must be re-polished too,
            # or an overdue chip keeps the urgent text colour on its red background.
            for widget in (self, *self.findChildren(QLabel)):
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.record is not None:
            self.open_requested.emit(self.record.incident_id)
        super().mouseReleaseEvent(event)


class ClockStrip(QFrame):
    """The open clocks of all incidents across the top of the main window."""

    acknowledged = Signal(int)  # clock id, after the service recorded who acknowledged
    open_incident = Signal(int)
    show_all = Signal()
    failed = Signal(str)  # a message for the officer (acknowledging refused, loading failed)
    #: the one tick of the window (the instant its countdowns show): other countdowns follow it, so
    #: every countdown on screen agrees to the second with the strip
    ticked = Signal(object)

    def __init__(self, clock: Clock, zone_name: str, load: Callable[[], Sequence[ClockRecord]],
                 acknowledge: Callable[[int], object] | None = None, parent: QWidget | None = None, *,
                 start_timer: bool = True):
        super().__init__(parent)
        self.setObjectName("clockStrip")
        self.clock = clock
        self.zone_name = zone_name
        self._load = load
        self._acknowledge = acknowledge
        self.records: list[ClockRecord] = []
        self._dues: list[datetime] = []
        self._loaded_at: datetime | None = None
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.summary = QLabel(self)
        self.summary.setObjectName("clockSummary")
        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setObjectName("clockEmpty")
        self.chips: list[ClockChip] = []
        self.more = QToolButton(self)
        self.more.setObjectName("clockMore")
        self.more.clicked.connect(self.show_all)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(8, 4, 8, 4)
        self.row.setSpacing(6)
        self.row.addWidget(self.summary)
        self.row.addWidget(self.empty)
        for _ in range(MAX_CHIPS):
            chip = ClockChip(self)
            chip.acknowledge_requested.connect(self.acknowledge)
            chip.open_requested.connect(self.open_incident)
            chip.hide()
            self.chips.append(chip)
            self.row.addWidget(chip)
        self.row.addWidget(self.more)
        self.row.addStretch(1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.tick)
        self.reload()
        if not start_timer:
            self.timer.stop()

    # -- data ------------------------------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        if change.kind in RELOAD_KINDS or change.kind == EntityKind.ALERT:
            self.reload()

    def set_zone(self, zone_name: str) -> None:
        self.zone_name = zone_name
        self.reload()

    def reload(self) -> None:
        """Read the open clocks off the GUI thread (common/loading.py): while the server does not answer,
        the countdowns go on from the list already held, and a burst of changes is one more read."""
        fetch = self._load
        load(self, "clocks", lambda: [r for r in fetch() if not r.completed], self._loaded, failed=self._load_failed)

    def _load_failed(self, exc: DutyRoomError) -> None:
        if isinstance(exc, DatabaseUnavailable):
            report_outage(exc)  # the connection banner says so and reloads when the server answers
        self.failed.emit(f"读取报送时限失败：{exc.message}")
        self._loaded(self.records)  # the strip keeps the last list; the next try is a minute on

    def _loaded(self, records: list[ClockRecord]) -> None:
        self.records = sorted(records, key=lambda r: (r.due_at, r.id))
        self._dues = [r.due_at for r in self.records]
        self._loaded_at = self.clock.now()
        self._layout_chips()

    def acknowledge(self, clock_id: int) -> None:
        if self._acknowledge is None:
            return
        acknowledge = self._acknowledge

        def done(_value) -> None:
            self.reload()
            self.acknowledged.emit(clock_id)

        # Recorded off the GUI thread (inline in tests): the countdowns go on while the server does not answer.
        run_operation(lambda: acknowledge(clock_id), while_alive(self, done),
                      while_alive(self, lambda exc: self.failed.emit(getattr(exc, "message", str(exc)))))

    # -- showing ---------------------------------------------------------------------------------
    def visible_chips(self) -> list[ClockChip]:
        return [chip for chip in self.chips if not chip.isHidden()]

    def _fits(self) -> int:
        width = self.width() - self.summary.sizeHint().width() - self.more.sizeHint().width() - 40
        return max(1, min(MAX_CHIPS, width // (CHIP_WIDTH + self.row.spacing())))

    def _layout_chips(self) -> None:
        now = self.clock.now()
        shown = self.records[:self._fits()]
        for chip, record in zip(self.chips, shown, strict=False):
            chip.show_clock(record, now, self.zone_name)
            chip.show()
        for chip in self.chips[len(shown):]:
            chip.record = None
            chip.hide()
        rest = len(self.records) - len(shown)
        self.more.setVisible(rest > 0)
        self.more.setText(f"另有 {rest} 个 ▸")
        self.more.setToolTip("在“突发事件”页查看全部未报送时限")
        self.empty.setVisible(not self.records)
        self.summary.setVisible(bool(self.records))
        self._show_summary(now)
        self._schedule(now)
        self.ticked.emit(now)

    def _show_summary(self, now: datetime) -> None:
        counts = state_counts(self._dues, now)
        text = summary_text(counts)
        if text != self.summary.text():
            self.summary.setText(text)
            self.summary.setToolTip(summary_tooltip(counts))

    def tick(self) -> None:
        """Once a second: move the countdowns on. Reads no service (the once-a-minute reload is off the thread)."""
        now = self.clock.now()
        due = self._loaded_at is None or now - self._loaded_at >= RELOAD_EVERY or now < self._loaded_at
        if due and not loading(self, "clocks"):
            self.reload()  # also after a jump back of the wall clock (the machine slept, the clock was set)
            if not loading(self, "clocks"):
                return  # read at once (tests, inline): the new list has been laid out and ticked
        # The read is on its way (or the server does not answer): the countdowns move on from what is held.
        for chip in self.chips:
            if chip.record is not None:
                chip.tick(now)
        if self.records:
            self._show_summary(now)
        self._schedule(now)
        self.ticked.emit(now)

    def _schedule(self, now: datetime) -> None:
        # Just after the next full second of the clock, so no second of a countdown is skipped.
        self.timer.start(1000 - now.microsecond // 1000 + 5)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._fits() != len(self.visible_chips()) and (self.records or self.visible_chips()):
            self._layout_chips()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # As many chips as fit are shown: the strip must never make the window wider.
        return QSize(0, super().minimumSizeHint().height())
