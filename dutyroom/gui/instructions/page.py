"""领导批示 page: the ledger (台账) of every leader's instruction, open ones first, and what to do next.

Keys, shown on the buttons: F4 收到批示 (from any page, the main window's action; Ctrl+N here), Enter 修改,
Ctrl+T 转达, Ctrl+G 落实中, Ctrl+B 反馈, Ctrl+D 办结, Ctrl+P 办理单, Ctrl+Shift+P 台账, Ctrl+O 只看未落实.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dutyroom.domain.instruction_text import giver
from dutyroom.domain.localtime import format_local, to_local
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.documents import save_document
from dutyroom.gui.common.loading import loading
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.outage import read_failed
from dutyroom.gui.common.paged_model import bound_resize, changed_ids, reread
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.splitter import list_and_detail
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import add_shortcut, set_role, show_status, while_alive
from dutyroom.gui.instructions.dialog import InstructionDialog, draft_key, opening_reads
from dutyroom.gui.instructions.handling import FeedbackDialog, PassOnDialog
from dutyroom.gui.instructions.models import InstructionListModel, status_text
from dutyroom.gui.page import Page
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.records import InstructionRecord, OfficeSettings

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class InstructionsPage(Page):
    title = "领导批示"
    watches = frozenset({EntityKind.INSTRUCTION, EntityKind.CALL, EntityKind.INCIDENT})

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        self._open_only = False  # the filter as last read on the GUI thread (the reads use it)
        self._wanted: tuple[set[int], bool] = (set(), False)  # changed ids and restart asked, not yet read
        self._select_later: int | None = None  # asked for while the list is read: chosen once it is in
        self.setObjectName("instructions_page")
        self.dialog = None
        self.prompt = None
        # Read on every refresh (a setting may change), never once a painted cell; the first refresh may fail
        # (a server away while the page is built), so the page is built on the default zone.
        self.zone_name = OfficeSettings.time_zone
        zone = lambda: self.zone_name  # noqa: E731
        bar = QHBoxLayout()
        self.buttons = button_bar(self, (
            ("new", "收到批示 F4…", "登记一条领导批示（任何页面按 F4）"),
            ("edit", "修改…", "更正所选批示（Enter）"),
            ("pass", "转达 Ctrl+T…", "把所选批示转达给单位或人员（电话、传真、短信）"),
            ("start", "落实中 Ctrl+G", "所选批示已开始落实"),
            ("feedback", "反馈 Ctrl+B…", "记录落实情况的反馈"),
            ("done", "办结 Ctrl+D…", "记录落实结果，批示改为已落实"),
            ("sheet", "办理单 Ctrl+P…", "把所选批示的领导批示办理单生成为 PDF"),
            ("ledger", "台账…", "把列表中的批示生成为 PDF（Ctrl+Shift+P）")), row=bar)
        set_role(self.buttons["new"], "primary")
        bar.addStretch(1)
        filters = QHBoxLayout()
        self.open_only = QCheckBox("只看未落实（Ctrl+O）", self)
        self.open_only.setChecked(True)
        filters.addWidget(self.open_only)
        self.count_label = QLabel(self)
        set_role(self.count_label, "hint")
        filters.addWidget(self.count_label)
        filters.addStretch(1)

        self.model = InstructionListModel(self._fetch, services.clock.now, zone, parent=self, fetch_one=self._fetch_one)
        self.model.read_failed.connect(lambda exc: read_failed(self, exc))
        self.table = make_table(self.model, self)
        bound_resize(self.table)
        self.table.setObjectName("instructionLedger")
        self.empty = QLabel("没有未落实的领导批示。接到领导批示时按 F4 登记，转达、反馈、办结都在这里办理。", self)
        self.empty.setWordWrap(True)
        set_role(self.empty, "hint")
        self.detail = QLabel(self)
        self.detail.setObjectName("instructionDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.splitter = list_and_detail(self, self.table, self.detail, empty=self.empty, sizes=(380, 200),
                                        stretch=(2, 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        b = self.buttons
        b["new"].clicked.connect(self.new_instruction)
        b["edit"].clicked.connect(self.edit_selected)
        b["pass"].clicked.connect(lambda: self._open_handling(PassOnDialog, "已转达"))
        b["start"].clicked.connect(self.start_selected)
        b["feedback"].clicked.connect(lambda: self._open_handling(FeedbackDialog, "已记录反馈"))
        b["done"].clicked.connect(lambda: self._open_handling(
            lambda *a: FeedbackDialog(*a, done=True), "已办结"))
        b["sheet"].clicked.connect(self.print_sheet)
        b["ledger"].clicked.connect(self.print_ledger)
        self.table.activated.connect(lambda *_: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.open_only.toggled.connect(lambda *_: self.refresh(restart=True))
        # Mnemonics are not on every platform's keyboard scheme: every action has a shortcut of its own.
        for keys, button in ((("Ctrl+N",), "new"), (("Ctrl+T",), "pass"), (("Ctrl+G",), "start"),
                             (("Ctrl+B",), "feedback"), (("Ctrl+D",), "done"), (("Ctrl+P",), "sheet"),
                             (("Ctrl+Shift+P",), "ledger")):
            self._shortcut(keys, self.buttons[button].click)
        self._shortcut(("Ctrl+O",), self.open_only.toggle)
        self.setFocusProxy(self.table)
        self.refresh(restart=True)

    def _shortcut(self, keys, slot) -> None:
        add_shortcut(self, keys, slot)

    # -- data ----------------------------------------------------------------------------------------
    # A failed read raises into the model, which keeps what it shows and says so quietly (read_failed).
    # These run on a worker thread (a refresh's reads): services and the filter held, never a widget.
    def _fetch(self, after: InstructionRecord | None, limit: int) -> list[InstructionRecord]:
        return self.services.instructions.list(open_only=self._open_only, after=after, limit=limit)

    def _fetch_one(self, instruction_id: int) -> InstructionRecord | None:
        return self.services.instructions.listed(instruction_id, open_only=self._open_only)

    def on_change(self, change: Change) -> None:
        if change.kind in self.watches:
            self.refresh(changed=changed_ids(change, EntityKind.INSTRUCTION))

    def refresh(self, *, changed: Iterable[int] = (), restart: bool = False) -> None:
        """After a change: the newest page, the rows on screen and the `changed` ones are read again.
        A refresh from a change or a reconnection never opens a box (quietly). Off the GUI thread
        (Page.load): what a request superseded meanwhile asked for is read with the next."""
        was_changed, was_restart = self._wanted
        self._wanted = (was_changed | set(changed), was_restart or restart)
        self._open_only = self.open_only.isChecked()
        instructions, settings = self.services.instructions, self.services.settings
        self.load("summary", lambda: (settings.get().time_zone, instructions.open_count()), self._summary_read)

    def _summary_read(self, read) -> None:
        (changed, restart), self._wanted = self._wanted, (set(), False)
        self.zone_name, open_count = read
        keep = self.selected()
        reread(self.model, self.table, changed, restart=restart, then=lambda: self._listed(keep, open_count))

    def _listed(self, keep: InstructionRecord | None, open_count: int) -> None:
        shown = self.model.rowCount()
        overdue = sum(1 for r in (self.model.record(i) for i in range(shown)) if r.is_overdue(self.services.clock.now()))
        self.count_label.setText(f"未落实 {open_count} 件" + (f"，超期 {overdue} 件" if overdue else ""))
        self.empty.setVisible(shown == 0)
        self.table.setVisible(shown > 0)
        self.table.resizeColumnsToContents()
        # A long instruction must not push 转达, 期限 and 状态 off the screen; the detail shows it whole.
        for column, widest in ((2, 360), (3, 220)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        asked, self._select_later = self._select_later, None
        if asked is not None and not self.select(asked):
            show_status(self, "在该页面的列表中没有找到这一项，可能已被删除或不在当前筛选范围内。", 10000)
        elif asked is None:
            self.select(keep.id if keep is not None else None)

    def select(self, instruction_id: int | None) -> bool:
        if instruction_id is not None and (loading(self, "summary") or loading(self.model, "rows")):
            self._select_later = instruction_id  # the list is being read: chosen once it is in
            return True
        row = self.model.row_of(instruction_id) if instruction_id is not None else (0 if self.model.rowCount() else -1)
        if row < 0 and self.model.rowCount():
            row = 0
        if row < 0:
            self.table.clearSelection()
            self.show_detail()
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.show_detail()
        return True

    def selected(self) -> InstructionRecord | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def show_detail(self) -> None:
        item = self.selected()
        zone = self.zone_name
        if item is None:
            self.detail.setText("")
        else:
            lines = [f"{giver(item) or '领导'}　{format_local(item.given_at, zone)}批示（{item.subject.label}"
                     + (f"：{item.about}" if item.about else "") + "）", item.text,
                     f"状态：{status_text(item, self.services.clock.now())}"]
            if item.passed_to:
                channel = f"，{item.pass_channel.label}" if item.pass_channel else ""
                lines.append(f"转达：{item.passed_to}（{format_local(item.passed_at, zone)}{channel}）")
            if item.due_at:
                lines.append(f"落实期限：{format_local(item.due_at, zone)}")
            if item.feedback:
                lines.append(f"反馈（{format_local(item.feedback_at, zone)}）：{item.feedback}")
            self.detail.setText("\n".join(lines))
        is_open = item is not None and item.is_open
        for name in ("edit", "pass", "start", "feedback", "done"):
            self.buttons[name].setEnabled(is_open)
        self.buttons["start"].setEnabled(is_open and item is not None and item.status.value == "pending"
                                         and not self._starting)
        self.buttons["sheet"].setEnabled(item is not None)

    # -- actions -------------------------------------------------------------------------------------
    def new_instruction(self) -> InstructionDialog | None:
        """F4: the zone, a kept draft and a leader's title are read off the GUI thread and the form opens when
        they arrive (common/opening.py); returned when it opened at once (tests run reads inline)."""
        return self._open_form(None, "已登记领导批示", "new")

    def edit_selected(self) -> None:
        item = self.selected()
        if item is None or not item.is_open:
            return
        self._open_form(item, "已保存修改", "edit")

    def _open_form(self, record: InstructionRecord | None, message: str, button: str) -> InstructionDialog | None:
        services, actor, key = self.services, self.actor, draft_key(record)
        opened: list[InstructionDialog] = []

        def show(found: tuple) -> None:
            dialog = InstructionDialog(services, actor, record, self, opened=found)
            dialog.saved.connect(lambda saved: self._after(saved, message))
            self._open(dialog)
            opened.append(dialog)

        open_when_read(self, lambda: opening_reads(services, actor, key), show, what="批示登记表",
                       button=self.buttons[button])
        return opened[0] if opened else None

    def _open_handling(self, make, message: str) -> None:
        item = self.selected()
        if item is None or not item.is_open:
            return
        dialog = make(self.services, self.actor, item, self)
        dialog.done.connect(lambda saved: self._after(saved, message))
        self._open(dialog)

    _starting = False  # a 落实中 save waiting on the database: its button stays disabled until it answers

    def start_selected(self) -> None:
        item = self.selected()
        if item is None or item.status.value != "pending" or self._starting:
            return
        self._starting = True
        self.buttons["start"].setEnabled(False)
        show_status(self, "正在改为落实中…", 0)
        service, actor = self.services.instructions, self.actor

        def settle(callback):
            def run(value) -> None:
                self._starting = False
                show_status(self, "", 1)
                self.show_detail()  # the button as the selected row now allows
                callback(value)
            return while_alive(self, run)

        # Off the GUI thread: a server that stops answering leaves the window, its clock and alarms running.
        run_operation(lambda: service.start(actor, item.id, item.version),
                      settle(lambda saved: self._after(saved, "已改为落实中")), settle(self._start_refused))

    def _start_refused(self, exc: Exception) -> None:
        if not isinstance(exc, DutyRoomError):
            raise exc  # a fault of the program: the global handler reports it
        self.prompt = inform(self, "无法更改状态", exc.message)

    def _after(self, saved: InstructionRecord, message: str) -> None:
        self.refresh(changed=(saved.id,) if saved.id is not None else ())
        self.select(saved.id)
        show_status(self, message)

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.open()

    # -- printing ------------------------------------------------------------------------------------
    # The reads a document needs run with its writing, off the GUI thread (save_document): the button is off
    # until the file is saved, so a server that stops answering holds the document, never the window.
    def print_sheet(self) -> None:
        item = self.selected()
        if item is None:
            return
        settings_of, now = self.services.settings.get, self.services.clock.now()

        def write(target: str) -> None:
            # reportlab loads only when someone prints
            from dutyroom.reports.instructions import build_instruction_sheet_pdf

            settings = settings_of()
            build_instruction_sheet_pdf(item, target, office_name=settings.office_name, zone=settings.time_zone,
                                        now=now, printed_on=to_local(now, settings.time_zone).date())

        save_document(self, self.buttons["sheet"], "领导批示办理单", write, title="保存领导批示办理单（PDF）",
                      name=f"领导批示办理单-{item.id}.pdf")

    def print_ledger(self) -> None:
        settings_of, instructions, now = self.services.settings.get, self.services.instructions, self.services.clock.now()
        open_only = self.open_only.isChecked()

        def write(target: str) -> None:
            # reportlab loads only when someone prints
            from dutyroom.reports.instructions import build_instruction_list_pdf

            settings, items = settings_of(), instructions.list(open_only=open_only, limit=100_000)
            build_instruction_list_pdf(items, target, office_name=settings.office_name, zone=settings.time_zone,
                                       now=now, open_only=open_only)

        name = "未落实领导批示清单" if open_only else "领导批示台账"
        save_document(self, self.buttons["ledger"], name, write, title=f"保存{name}（PDF）", name=f"{name}.pdf")
