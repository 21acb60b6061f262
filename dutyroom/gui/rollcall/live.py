"""The live roll-call, at the keyboard alone: Space (or C) calls the unit and starts its stopwatch, 1…5
record 在岗 / 离岗 / 设备故障 / 请假（已报备） / 未应答 and stop it, Enter goes to the next unit; after the last,
the units 未应答 or 设备故障 are called again (复呼), both attempts kept. P pauses, Ctrl+Enter finishes.

Every key changes the screen at once and its save, carrying the key's time from the injected clock, is
queued in key order on one background writer (live_saving.py), so a key takes one frame, not a commit,
and a crash keeps every result saved so far. Esc leaves the screen (pausing a running roll-call) once
every key is saved, and loses nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain import rollcall as rules
from dutyroom.domain.localtime import format_local, to_local
from dutyroom.domain.vocabulary import RollCallStatus
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.prompts import error_text, mark
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import set_role
from dutyroom.gui.rollcall.live_actions import LiveActions
from dutyroom.gui.rollcall.live_details import LiveDetails
from dutyroom.gui.rollcall.live_model import LiveModel, clock_text, waiting_seconds
from dutyroom.gui.rollcall.live_saving import LiveSaving
from dutyroom.services.records import OfficeSettings
from dutyroom.services.rollcall.records import RollCallRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

TICK_MS = 1000
KEYS_HINT = ("空格 呼叫计时　1 在岗 2 离岗 3 设备故障 4 请假 5 未应答　Enter 下一个　"
             "P 暂停　R 复呼　Ctrl+Enter 结束　Esc 返回（每键自动保存）")
RESULT_KEYS = {getattr(Qt.Key, f"Key_{n}"): result for n, result in rules.RESULT_KEYS.items()}


class LiveView(LiveActions, LiveSaving, QWidget):
    left = Signal()  # Esc: back to the list of roll-calls
    changed = Signal()  # something was saved

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("liveRollCall")
        self.services, self.actor = services, actor
        self.record: RollCallRecord | None = None
        self.zone_name = ""  # the office's, read with the settings when a roll-call opens (_show_record)
        self.prompt = None
        self.dialog = None
        self.title = QLabel(self)
        self.title.setObjectName("liveTitle")
        self.running = QLabel(self)
        self.running.setObjectName("liveRunning")
        big = self.running.font()
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.running.setFont(big)
        self.counts = QLabel(self)
        self.counts.setObjectName("liveCounts")
        self.counts.setWordWrap(True)
        self.flag = QLabel(self)
        self.flag.setObjectName("liveFlag")
        set_role(self.flag, "alarm")
        self.flag.hide()
        self.message = mark(QLabel(self), "error")
        self.message.setObjectName("liveMessage")
        self.message.hide()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.running)
        self.model = LiveModel(services.clock.now, self)
        self.table = make_table(self.model, self)
        self.table.setObjectName("liveTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        font = self.table.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.table.setFont(font)
        self.table.verticalHeader().setDefaultSectionSize(int(self.table.fontMetrics().height() * 1.5))
        # The list takes the height that is left and asks for none of its own: the page area sizes the page
        # by what its parts prefer (the word-wrapped lines make it height-for-width), and a list preferring
        # 192 px pushed the buttons out of sight under an alarm banner. Two units stay in sight at least (the
        # current one and the next: the list scrolls to the current unit).
        policy = self.table.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
        self.table.setSizePolicy(policy)
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 2 * self.table.verticalHeader().defaultSectionSize() + 4)
        # Fixed widths measured once: a ResizeToContents column re-reads every row on each saved key.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the unit's name takes what is left
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        bold = self.table.font()
        bold.setBold(True)  # the current row is bold: measure with the wider face
        metrics = QFontMetrics(bold)
        for column, sample in ((0, "复呼"), (2, "0571-8888 8888"), (3, "● 呼叫中 12:05 ⚠ 超时"),
                               (4, "125 秒 ⚠ 超时"), (5, "李明明（带班领导）")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._moved(current.row()))
        self.details = LiveDetails(self)
        self.details.advance.connect(self.next_unit)
        self.details.back.connect(self._back_to_list)
        self.hint = QLabel(KEYS_HINT, self)
        self.hint.setWordWrap(True)
        set_role(self.hint, "hint")
        bar = QHBoxLayout()
        self.buttons = button_bar(self, (("call", "呼叫（空格）", "呼叫当前单位并开始计时（空格或 C）"),
                                         ("pause", "暂停（P）", "暂停或继续点名（P）；暂停的时间不计入点名用时"),
                                         ("recall", "复呼（R）", "对未应答、设备故障的单位再呼叫一次（R）"),
                                         ("finish", "结束点名（Ctrl+Enter）", "结束并固定本次点名记录"),
                                         ("amend", "更正…（Ctrl+E）", "更正已结束点名中选中单位的记录，须写明原因"),
                                         ("back", "返回列表（Esc）", "返回点名列表；已记录的结果都已保存")), row=bar)
        bar.insertStretch(4, 1)
        set_role(self.buttons["finish"], "primary")
        for button in self.buttons.values():
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays on the list
        b = self.buttons
        b["call"].clicked.connect(self.call_current)
        b["pause"].clicked.connect(self.toggle_pause)
        b["recall"].clicked.connect(self.recall)
        b["finish"].clicked.connect(self.finish)
        b["amend"].clicked.connect(self.amend)
        b["back"].clicked.connect(self.leave)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        # The keys above the list: under an alarm banner and a notice on a 1366×768 screen the page scrolls,
        # and a legend at the bottom was the first thing out of sight (found by hand).
        layout.addWidget(self.hint)
        layout.addWidget(self.flag)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(bar)
        self.setFocusProxy(self.table)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._setup_saving()

    # -- opening ------------------------------------------------------------------------------------
    def show_opened(self, record: RollCallRecord, settings: OfficeSettings) -> None:
        """The roll-call and the settings as read (off the GUI thread when the page resumes one by itself)."""
        self._reset_saving(record.entries)
        self.barrier, self.leaving = "", False
        self._show_record(record, settings)
        pending = next((row for row, e in enumerate(self.model.entries) if e.result is None), 0)
        self.go_to(pending)
        self.timer.start()

    def _show_record(self, record: RollCallRecord, settings: OfficeSettings | None = None) -> None:
        self.record = record
        # Read once when the roll-call opens: a key moving between units never waits on the database.
        settings = settings or self.services.settings.get()
        self.limit, self.zone_name = settings.answer_limit_seconds, settings.time_zone
        self._seed_versions(record.entries)
        self.model.set_entries(sorted(record.entries, key=lambda e: (e.attempt, e.seq)), self.limit)
        self.details.set_frozen(record.frozen)
        self._header()

    def go_to(self, row: int, *, load_details: bool = True) -> None:
        if not self.model.entries:
            return
        row = max(0, min(row, len(self.model.entries) - 1))
        self.model.set_current(row)
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        if load_details:
            self.details.show_entry(self.model.entries[row], self.today())

    def _moved(self, row: int) -> None:
        if 0 <= row < len(self.model.entries) and row != self.model.current:
            self.save_details()
            self.model.set_current(row)
            self.details.show_entry(self.model.entries[row], self.today())

    def today(self):
        """The office-local date, from the zone read when the roll-call opened (rollcall.today() reads it)."""
        return to_local(self.services.clock.now(), self.zone_name).date()

    def current(self):
        row = self.model.current
        return self.model.entries[row] if 0 <= row < len(self.model.entries) else None

    # -- what the officer sees ---------------------------------------------------------------------
    def _header(self) -> None:
        rc = self.record
        zone = self.zone_name
        name = f"　{rc.plan_name}" if rc.plan_name else ""
        self.title.setText(f"<b>{rc.kind.label}</b>{name}　计划 {format_local(rc.planned_at, zone, '%m-%d %H:%M')}"
                           f"　<b>{rc.status.label}</b>")
        frozen = rc.frozen
        for key in ("call", "pause", "recall", "finish"):
            self.buttons[key].setEnabled(not frozen)
        self.buttons["amend"].setEnabled(frozen)
        self.buttons["pause"].setText("继续（P）" if rc.status == RollCallStatus.PAUSED else "暂停（P）")
        self.tick()

    def tick(self) -> None:
        if self.record is None:
            return
        now = self.services.clock.now()
        self.running.setText(f"用时 {clock_text(self.record.running_seconds(now))}")
        self.model.tick()
        t = rules.tally([e.as_attempt() for e in self.model.entries], self.limit)
        parts = [f"已点 {t.called}/{t.units}"] + [f"{r.label} {n}" for r, n in t.counts.items()]
        parts.append(f"在岗率 {rules.rate_text(t.presence_rate)}")
        if t.slow:
            parts.append(f"超时应答 {len(t.slow)}（{'、'.join(t.slow)}）")
        self.counts.setText("　".join(parts))
        ringing = [(waiting_seconds(e, now), e.unit_name) for e in self.model.entries]
        late = [name for seconds, name in ringing if seconds is not None and seconds > self.limit]
        self.flag.setVisible(bool(late))
        self.flag.setText(f"⚠ 超时应答：{'、'.join(late)} 已超过应答时限 {self.limit} 秒" if late else "")

    def say(self, text: str, *, error: bool = True) -> None:
        mark(self.message, "error" if error else "ok")
        self.message.setText(error_text(text) if error and text else text)
        self.message.setVisible(bool(text))

    def _failed(self, exc: DutyRoomError) -> None:
        if isinstance(exc, ValidationError) and any(k in self.details.error_labels for k in exc.fields):
            self.details.errors.show(exc.fields)
            return
        self.say(exc.message)

    # -- keys ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            return self.key(event.key(), event.modifiers())
        return super().eventFilter(watched, event)

    def key(self, key, modifiers) -> bool:
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish() if ctrl else self.next_unit()
        elif ctrl and key == Qt.Key.Key_E:
            self.amend()
        elif ctrl:
            return False
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_C):
            self.call_current()
        elif key in RESULT_KEYS:
            self.mark(RESULT_KEYS[key])
        elif key == Qt.Key.Key_P:
            self.toggle_pause()
        elif key == Qt.Key.Key_R:
            self.recall()
        elif key == Qt.Key.Key_Escape:
            self.leave()
        elif key == Qt.Key.Key_Tab:
            self.details.answerer.setFocus()
        else:
            return False
        return True

    def _back_to_list(self) -> None:
        self.save_details()
        self.table.setFocus()
