"""The holiday calendar (节假日): one year at a time, with a warning when next year is missing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QSpinBox

from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import HolidayKind
from dutyroom.errors import DutyRoomError, ImportRejected, PermissionDenied
from dutyroom.gui.admin.editors import HolidayEditor
from dutyroom.gui.admin.models import HolidayModel
from dutyroom.gui.common.buttons import run_pressed
from dutyroom.gui.common.file_dialog import remember_folder, start_folder
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.prompts import confirm, error_text, inform, mark
from dutyroom.gui.common.table_tab import TableTab
from dutyroom.services.importing import import_holidays
from dutyroom.services.records import HolidayRecord, OfficeSettings

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

SHOWN_REJECTIONS = 30


class HolidaysTab(TableTab):
    filter_hint = "筛选：日期、名称或类型"
    noun = "安排"
    count_on_own_line = True

    def __init__(self, services: Services, actor, parent=None):
        self.year_spin = QSpinBox()
        super().__init__(services, actor, HolidayModel(), parent)
        self.setObjectName("holidays_tab")
        self.file_dialog: QFileDialog | None = None
        self.year_spin.setObjectName("year_spin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setSuffix(" 年")
        self.year_spin.setValue(self.today().year)
        self.year_spin.valueChanged.connect(lambda *_: self.reload())
        self.banner = mark(QLabel(self), "warning")
        self.banner.setObjectName("holiday_warning")
        self.banner.hide()
        self.above_table.addWidget(self.banner)

    #: the office's zone, read with the list (read()): building the tab or Insert never reads the settings
    zone = OfficeSettings.time_zone

    def today(self) -> date:
        return to_local(self.services.clock.now(), self.zone).date()

    def build_toolbar(self) -> None:
        year_label = QLabel("年份(&Y)", self)
        year_label.setBuddy(self.year_spin)
        self.toolbar.addWidget(year_label)
        self.toolbar.addWidget(self.year_spin)
        self.add_button("新增", "新增一天的安排（Insert 或 Ctrl+N）", self.add)
        self.add_button("修改", "修改选中的一天（Enter 或双击）", self.edit_current)
        self.add_button("删除", "删除选中的一天（Delete）", self.delete_current)
        self.add_button("导入…", "从 Excel（.xlsx）或 CSV 文件导入所选年份的全部安排，"
                        "表头为：日期、类型（法定节假日/调休上班，或 休/班）、名称", self.choose_import_file)
        self.add_button("刷新", "重新读取（F5）", self.reload)

    @property
    def year(self) -> int:
        return self.year_spin.value()

    _year = 0

    def reload(self) -> None:
        self._year = self.year  # the year chosen, read here on the GUI thread: read() runs on a worker
        super().reload()

    def read(self):
        holidays, year = self.services.holidays, self._year or self.year  # load() alone: on the GUI thread
        return holidays.list(year), holidays.next_year_warning(), self.services.settings.get().time_zone

    def show(self, value) -> None:
        records, warning, self.zone = value
        self.model.set_records(records)
        self.banner.setText(error_text(warning) if warning else "")
        self.banner.setVisible(bool(warning))

    def _update_count(self) -> None:
        records = self.model.records()
        rest = sum(1 for h in records if h.kind == HolidayKind.HOLIDAY)
        text = (f"{self.year} 年：法定节假日 {rest} 天，调休上班 {len(records) - rest} 天" if records
                else f"{self.year} 年还没有安排")
        shown = self.proxy.rowCount()
        self.count_label.setText(text if shown == len(records) else f"{text}（显示 {shown} 条）")

    def new_record(self) -> HolidayRecord:
        today = self.today()
        day = today if today.year == self.year else date(self.year, 1, 1)
        return HolidayRecord(day=day, kind=HolidayKind.HOLIDAY)

    def editor(self, record):
        return HolidayEditor(self.services, self.actor, record, self)

    def describe(self, holiday: HolidayRecord) -> str:
        return f"{holiday.day.isoformat()} {holiday.name}"

    def remove(self, holiday: HolidayRecord) -> None:
        self.services.holidays.delete(self.actor, holiday.id, holiday.version)

    # -- importing a year's schedule ---------------------------------------------------------------
    def choose_import_file(self) -> None:
        dialog = QFileDialog(self, f"选择 {self.year} 年的节假日安排文件")
        dialog.setNameFilters(["表格文件 (*.xlsx *.csv)", "所有文件 (*)"])
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setDirectory(start_folder())
        dialog.fileSelected.connect(remember_folder)
        dialog.fileSelected.connect(self.import_file)
        self.file_dialog = dialog
        dialog.open()

    def import_file(self, path: str) -> None:
        """Ask before replacing: a year's schedule is replaced as a whole. What the year holds now is read off
        the GUI thread first (common/opening.py), the import itself too (run_operation)."""
        year, holidays = self.year, self.services.holidays
        open_when_read(self, lambda: len(holidays.list(year)), lambda existing: self._ask_import(path, year, existing),
                       what=f"{year} 年的安排", button=self.buttons["导入…"])

    def _ask_import(self, path: str, year: int, existing: int) -> None:
        replaced = f"替换现有的 {existing} 天安排" if existing else "作为该年的安排"
        self.prompt = confirm(self, "导入节假日安排",
                              f"将用文件“{Path(path).name}”中的内容{replaced}（{year} 年）。\n"
                              "文件中不属于该年的日期会被指出，不会导入。继续吗？",
                              lambda: self._import(path, year), yes_text="导入")

    def _import(self, path: str, year: int) -> None:
        # A second import while the last still waits on the database sends nothing: its answer comes first.
        services, actor = self.services, self.actor
        run_pressed(self, self.buttons["导入…"], "正在导入…", lambda: import_holidays(services, actor, path, year),
                    self._imported, self._not_imported)

    def _imported(self, result) -> None:
        self.prompt = inform(self, "导入完成", result.summary(), warning=False)

    def _not_imported(self, exc: Exception) -> None:
        if isinstance(exc, ImportRejected):
            self.prompt = self._rejections(exc)
        elif isinstance(exc, PermissionDenied):
            self.prompt = inform(self, "没有权限", exc.message)
        elif isinstance(exc, DutyRoomError):
            self.prompt = inform(self, "未能导入", exc.message)
        else:
            raise exc  # a fault of the program: the global handler reports it

    def _rejections(self, exc: ImportRejected) -> QMessageBox:
        lines = [f"第 {row} 行：{reason}" for row, reason in exc.rejected]
        text = exc.message + "。请改正后重新导入：\n\n" + "\n".join(lines[:SHOWN_REJECTIONS])
        if len(lines) > SHOWN_REJECTIONS:
            text += f"\n……另有 {len(lines) - SHOWN_REJECTIONS} 行有误，改正以上各行后重新导入时会列出。"
        return inform(self, "未能导入", text)
