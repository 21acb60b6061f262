"""交接班: the shift's duty log (written by the program from what it already knows), 值班记事 typed fast
(time defaults to now, Enter saves), equipment ticks, the handover items, and 交班 with two passwords.

A sealed shift is read-only: its record is corrected by 修正 (an amendment), and the leader signs it off
with 审阅. Alt+←/Alt+→ go to the shift before or after; the page follows the clock into the next shift
while it shows the current one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import format_local
from dutyroom.domain.vocabulary import Role
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.loading import loading as read_pending
from dutyroom.gui.common.prompts import error_text, mark
from dutyroom.gui.common.widgets import rich_text_area, show_status, while_alive
from dutyroom.gui.handover import actions
from dutyroom.gui.handover.entry_line import EntryLine
from dutyroom.gui.handover.lists import ROLE, fill_entries, fill_equipment, fill_items, summary_text
from dutyroom.gui.handover.log_text import duty_log_html
from dutyroom.gui.page import Page
from dutyroom.services.events import EntityKind
from dutyroom.services.handover.records import DutyLogRecord, ShiftSpan

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

#: lines of 值班记事 always in sight, and the list's frame and margins around them (px)
ENTRY_ROWS = 3
LIST_PADDING = 6


class HandoverPage(EntryLine, Page):
    title = "交接班"
    watches = frozenset({EntityKind.DUTY_LOG, EntityKind.LOG_ENTRY, EntityKind.EQUIPMENT, EntityKind.EQUIPMENT_STATUS,
                         EntityKind.HANDOVER_ITEM, EntityKind.HANDOVER, EntityKind.REVIEW, EntityKind.CALL,
                         EntityKind.INCIDENT, EntityKind.CLOCK, EntityKind.REPORT, EntityKind.ROLLCALL,
                         EntityKind.RECTIFICATION, EntityKind.ASSIGNMENT, EntityKind.SETTING})

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        self.setObjectName("handover_page")
        self.dialog = None
        self.prompt = None
        self.log: DutyLogRecord | None = None
        self.items = []
        self.equipment = []
        self.following_now = True  # the page moves into the next shift when this one ends
        self._reading = self._again = False
        self._wanted_item: int | None = None
        self.span: ShiftSpan = services.handover.shift_at()

        self.shift_label = QLabel(self)
        self.shift_label.setObjectName("handoverShift")
        self.shift_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.buttons = button_bar(self, (
            ("previous", "◀ 上一班", "上一班的值班日志（Alt+←）"), ("next", "下一班 ▶", "下一班（Alt+→）"),
            ("hand_over", "交班…（F8）", "交班：接班人核对每一项并输入自己的密码"),
            ("review", "审阅…", "带班领导审阅本班值班日志和交接班记录"),
            ("amend", "修正…", "已封存的交接班记录只能以修正的方式更正（记录原因）"),
            ("print_log", "打印值班日志…", "把本班值班日志保存为 PDF（Ctrl+P）"),
            ("print_handover", "打印交接记录…", "把本班交接班记录保存为 PDF")), suffix="HandoverButton")
        top = QHBoxLayout()
        for key in ("previous", "next"):
            top.addWidget(self.buttons[key])
        top.addWidget(self.shift_label, 1)
        actions_row = QHBoxLayout()
        for key in ("hand_over", "review", "amend", "print_log", "print_handover"):
            actions_row.addWidget(self.buttons[key])
        # Whether (and by whom) the shift was reviewed, in sight beside the buttons: the review itself is at
        # the end of the duty log, below the fold, and 审阅 gave no sign it had been recorded.
        self.review_note = mark(QLabel(self), "ok")
        self.review_note.setObjectName("handoverReviewNote")
        self.review_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        actions_row.addWidget(self.review_note, 1)
        self.buttons["review"].setVisible(actor.role == Role.LEADER)

        self.log_label, log_area = rich_text_area(self, "dutyLogText")
        self.entries = QListWidget(self)
        self.entries.setObjectName("logEntries")
        self.entry_time = QLineEdit(self)
        self.entry_time.setObjectName("entry_at_edit")
        self.entry_time.setPlaceholderText("现在")
        self.entry_time.setToolTip("记事时间，如 02:10；不填为现在")
        self.entry_time.setMaximumWidth(80)
        self.entry_text = QLineEdit(self)
        self.entry_text.setObjectName("entry_text_edit")
        self.entry_text.setPlaceholderText("值班记事，Enter 保存（如：市应急局电话通知明日寒潮预警）")
        self.entry_text.returnPressed.connect(self.add_entry)
        self.entry_time.returnPressed.connect(self.add_entry)
        self.entry_error = mark(QLabel(self), "error")
        self.entry_error.hide()
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry_time)
        entry_row.addWidget(self.entry_text, 1)
        self.equipment_list = QListWidget(self)
        self.equipment_list.setObjectName("equipmentList")
        self.equipment_list.itemChanged.connect(self._equipment_ticked)
        self.item_list = QListWidget(self)
        self.item_list.setObjectName("handoverItemList")
        self.item_buttons = button_bar(self, (
            ("add", "新增事项…（Ctrl+N）", "交班人填写的交接事项，可设完成时限"),
            ("close", "办结…（Ctrl+E）", "事项已办完：写明办结情况"),
            ("drop", "不再交接…", "不再需要交接：必须写明理由（Ctrl+Delete）"),
            ("fault", "设备异常…（Ctrl+B）", "所选设备记为异常并说明情况")), suffix="ItemButton")

        for lines in (self.equipment_list, self.item_list):
            lines.setMinimumHeight(44)  # three lists beside the log: a 720-line screen still holds them all
        # The officer's own notes are read back while typing the next: under an alarm banner the list was
        # squeezed to one line. It keeps ENTRY_ROWS lines; the column scrolls instead (right_area).
        self.entries.setMinimumHeight(ENTRY_ROWS * self.entries.fontMetrics().lineSpacing() + 2 * LIST_PADDING)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._group("值班记事", self.entries, entry_row, self.entry_error), 3)
        column.addWidget(self._group("设备状态（空格勾选为正常）", self.equipment_list, self.item_buttons["fault"]), 2)
        buttons_row = QHBoxLayout()
        for key in ("add", "close", "drop"):
            buttons_row.addWidget(self.item_buttons[key])
        column.addWidget(self._group("交接事项", self.item_list, buttons_row), 3)
        # On a short screen under an alarm banner the three lists scroll together rather than make the
        # window taller than the screen (the status bar below its edge).
        right_area = QScrollArea(self)
        right_area.setObjectName("handoverRightArea")
        right_area.setWidget(right)
        right_area.setWidgetResizable(True)
        right_area.setFrameShape(QFrame.Shape.NoFrame)
        right_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(log_area)
        splitter.addWidget(right_area)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([520, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(actions_row)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.entry_text)

        connect = self.buttons
        connect["previous"].clicked.connect(lambda: self.go(-1))
        connect["next"].clicked.connect(lambda: self.go(1))
        connect["hand_over"].clicked.connect(lambda: actions.hand_over(self))
        connect["review"].clicked.connect(lambda: actions.review(self))
        connect["amend"].clicked.connect(lambda: actions.amend(self))
        connect["print_log"].clicked.connect(lambda: actions.print_log(self))
        connect["print_handover"].clicked.connect(lambda: actions.print_log(self, handover=True))
        self.item_buttons["add"].clicked.connect(lambda: actions.add_item(self))
        self.item_buttons["close"].clicked.connect(lambda: actions.close_item(self))
        self.item_buttons["drop"].clicked.connect(lambda: actions.close_item(self, drop=True))
        self.item_buttons["fault"].clicked.connect(lambda: actions.report_fault(self))
        for keys, button in (("F8", connect["hand_over"]), ("Ctrl+P", connect["print_log"]),
                             ("Alt+Left", connect["previous"]), ("Alt+Right", connect["next"]),
                             ("Ctrl+N", self.item_buttons["add"]), ("Ctrl+E", self.item_buttons["close"]),
                             ("Ctrl+Delete", self.item_buttons["drop"]), ("Ctrl+B", self.item_buttons["fault"])):
            self._key(keys, button)
        self.refresh()

    def _group(self, title: str, *parts) -> QGroupBox:
        box = QGroupBox(title, self)
        column = QVBoxLayout(box)
        for part in parts:
            column.addLayout(part) if isinstance(part, QHBoxLayout) else column.addWidget(part)
        return box

    def _key(self, keys: str, button) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: button.isEnabled() and button.isVisible() and button.click())
        self.addAction(action)

    # -- which shift ---------------------------------------------------------------------------------
    def go(self, step: int) -> None:
        service = self.services.handover
        at = self.span.starts_at - timedelta(seconds=1) if step < 0 else self.span.ends_at
        self.span = service.shift_at(at)
        self.following_now = self.span.key == service.shift_at().key
        self.refresh()

    def on_tick(self, now: datetime) -> None:
        """The shift is over: the next one is read off the GUI thread (the tick goes on meanwhile)."""
        if self.following_now and now >= self.span.ends_at and not read_pending(self, "span"):
            service = self.services.handover
            self.load("span", lambda: service.shift_at(now), self._next_span)

    def _next_span(self, span) -> None:
        self.span = span
        self.refresh()

    # -- reading ---------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._reading or self._again

    def refresh(self) -> None:
        if self._reading:
            self._again = True
            return
        self._reading, self._again = True, False
        key, service = self.span.key, self.services.handover

        def read():
            log = service.duty_log(key)
            items = service.items_of_shift(key) if log.sealed else service.open_items()
            return log, items

        run_in_background(read, while_alive(self, self._show), while_alive(self, self._failed))

    def _show(self, result) -> None:
        self._reading = False
        if self._again or result[0].shift != self.span.key:
            self.refresh()
            return
        self.log, self.items = result
        self.equipment = list(self.log.equipment)
        zone = self.log.time_zone
        state = "（已交接，记录已封存）" if self.log.sealed else ""
        self.shift_label.setText(f"<b>{self.span.key.label}</b>　{format_local(self.span.starts_at, zone, '%m-%d %H:%M')}"
                                 f" — {format_local(self.span.ends_at, zone, '%m-%d %H:%M')}{state}")
        self.log_label.setText(duty_log_html(self.log))
        self.show_reviews(self.log.reviews, zone)
        fill_entries(self.entries, self.log)
        fill_equipment(self.equipment_list, self.equipment, zone)
        current = self.selected_item()
        fill_items(self.item_list, self.items, zone, self._wanted_item or (current.id if current else None))
        self._wanted_item = None
        sealed, handed = self.log.sealed, self.log.handover is not None
        for widget in (self.entry_text, self.entry_time, self.equipment_list, self.item_buttons["fault"]):
            widget.setEnabled(not sealed)
        self.buttons["hand_over"].setEnabled(not handed)
        self.buttons["amend"].setEnabled(handed)
        self.buttons["print_handover"].setEnabled(handed)
        for key in ("add", "close", "drop"):
            self.item_buttons[key].setEnabled(not sealed)
        self.setFocusProxy(self.item_list if sealed else self.entry_text)  # a sealed log takes no typing

    def _failed(self, exc: Exception) -> None:
        self._reading = False
        self.log_label.setText(error_text(f"读取值班日志失败：{getattr(exc, 'message', exc)}"))

    # -- what is selected -------------------------------------------------------------------------------
    def selected_item(self):
        line = self.item_list.currentItem()
        return line.data(ROLE) if line is not None else None

    def selected_equipment(self):
        line = self.equipment_list.currentItem()
        name = line.data(ROLE) if line is not None else None
        return next((s for s in self.equipment if s.name == name), None)

    def summary_text(self) -> str:
        return summary_text(self.log)

    def select_item_id(self, item_id: int) -> bool:
        """Show one handover item (值班首页's Enter on it): selected now if listed, else once the list is read."""
        for row in range(self.item_list.count()):
            if self.item_list.item(row).data(ROLE).id == item_id:
                self.item_list.setCurrentRow(row)
                self.item_list.setFocus()
                return True
        self._wanted_item = item_id
        return self.loading

    def show_reviews(self, reviews, zone: str) -> None:
        if not reviews:
            self.review_note.clear()
            self.review_note.setToolTip("")
            return
        last = reviews[-1]
        text = f"✓ 已审阅：{last.reviewer} {format_local(last.at, zone, '%m-%d %H:%M')}" + (
            f"（{last.comment}）" if last.comment else "")
        self.review_note.setText(text + (f"  共 {len(reviews)} 次" if len(reviews) > 1 else ""))
        self.review_note.setToolTip(text)

    def reviewed(self, review) -> None:
        """审阅 recorded: said at once on the page and in the status bar, before the log is read again."""
        zone = self.log.time_zone if self.log is not None else self.services.settings.get().time_zone
        self.show_reviews([*(self.log.reviews if self.log is not None else ()), review], zone)
        self.show_status(f"已审阅{self.span.key.label}的值班日志和交接班记录（{review.reviewer}，"
                         f"{format_local(review.at, zone, '%m-%d %H:%M')}）")

    def show_status(self, message: str) -> None:
        show_status(self, message)

    def _equipment_ticked(self, line: QListWidgetItem) -> None:
        if line.checkState() == Qt.CheckState.Checked:
            actions.mark_ok(self, line.data(ROLE))
        else:
            self.equipment_list.setCurrentItem(line)
            dialog = actions.report_fault(self)  # not ticked = not normal: say what is wrong
            if dialog is not None:
                dialog.rejected.connect(self.refresh)  # no fault recorded after all: the tick shows the stored state
