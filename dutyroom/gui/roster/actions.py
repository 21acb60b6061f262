"""What the roster page's buttons and menus do: dialogs, printing and exports (in the background)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMessageBox

from dutyroom.domain.localtime import format_date_cn
from dutyroom.domain.months import month_range, shift_month
from dutyroom.domain.vocabulary import Role
from dutyroom.gui.common.documents import save_document
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.widgets import show_status
from dutyroom.gui.roster.dialogs_open import open_dialog as _open
from dutyroom.gui.roster.grid import day_tooltip

# -- generating -----------------------------------------------------------------------------------
#: why 生成排班 opens nothing for an officer or a leader, said when they press it
NOT_A_SCHEDULER = "排班由管理员生成。需要换班时请用“调班…”或“代班…”；排班有误请联系管理员。"


def may_generate(actor) -> bool:
    return actor.role == Role.ADMIN


def generate(page, first: date | None = None) -> None:
    from dutyroom.gui.roster.generate import GenerateDialog

    if not may_generate(page.actor):  # said at once, not after a dialog and a refused save
        page.prompt = inform(page, "不能生成排班", NOT_A_SCHEDULER)
        return
    if first is None:  # next month: the roster an administrator prepares around the 20th
        today = page.today()
        first, last = month_range(*shift_month(today.year, today.month, 1))
    else:
        last = month_range(first.year, first.month)[1]
    dialog = GenerateDialog(page.services, page.actor, first, last, page)
    dialog.generated.connect(lambda span: _generated(page, span))
    dialog.holidays_requested.connect(lambda year: go_to_holidays(page, year))
    _open(page, dialog)


def _generated(page, span) -> None:
    first, _last = span
    page.show_month(first.year, first.month)
    page.select_day(first)
    show_status(page, f"已生成排班（{format_date_cn(span[0])} 至 {format_date_cn(span[1])}）")


def go_to_holidays(page, year: int) -> None:
    """管理 → 节假日 at the missing year, when this window has the administration page."""
    window = page.window()
    pages = getattr(window, "pages", [])
    admin = next((p for p in pages if getattr(p, "title", "") == "管理"), None)
    if admin is None:
        page.prompt = inform(page, "录入节假日", f"请管理员在“管理 → 节假日”中录入或导入 {year} 年的节假日安排。")
        return
    window.show_page(pages.index(admin))
    admin.tabs.setCurrentWidget(admin.holidays_tab)
    spin = getattr(admin.holidays_tab, "year_spin", None)
    if spin is not None:
        spin.setValue(year)


# -- swaps and substitutions -----------------------------------------------------------------------
def change(page, mode: str, *, day: date | None = None, cell_id: int | None = None) -> None:
    from dutyroom.gui.roster.change import open_change

    open_change(page, mode, day=day, cell_id=cell_id)


def open_day(page, day: date | None) -> None:
    """Enter or a double-click on a day: its people and phones, and the actions for it."""
    if day is None:
        return
    roster_day = page.grid_model.roster_day(day)
    text = day_tooltip(roster_day) if roster_day is not None else f"{format_date_cn(day)}\n尚未排班"
    box = QMessageBox(QMessageBox.Icon.NoIcon, f"{day.month}月{day.day}日值班", text, QMessageBox.StandardButton.Close,
                      page)
    box.button(QMessageBox.StandardButton.Close).setText("关闭")
    swap = box.addButton("调班…", QMessageBox.ButtonRole.ActionRole)
    sub = box.addButton("代班…", QMessageBox.ButtonRole.ActionRole)
    swap.clicked.connect(lambda *_: change(page, "swap", day=day))
    sub.clicked.connect(lambda *_: change(page, "substitute", day=day))
    page.prompt = box
    box.open()


# -- printing and exports ---------------------------------------------------------------------------
def print_pdf(page) -> None:
    month = page.roster
    if month is None:
        return

    def write(target: str) -> None:
        from dutyroom.reports.roster import build_roster_pdf  # reportlab loads only when someone prints

        build_roster_pdf(month, target)

    save_document(page, page.buttons["print"], "值班表 PDF", write,
                  title="保存值班表（PDF）", name=f"值班表-{page.year}-{page.month:02d}.pdf")


def export_excel(page) -> None:
    month = page.roster
    if month is None:
        return

    def write(target: str) -> None:
        from dutyroom.services.roster.export import roster_to_xlsx

        roster_to_xlsx(month, target)

    save_document(page, page.buttons["excel"], "Excel 值班表", write,
                  title="导出值班表（Excel）", name=f"值班表-{page.year}-{page.month:02d}.xlsx", kind="xlsx")


def export_ics(page) -> None:
    """The whole month, or only the person picked on the 按人员 tab when that tab is open; first asked
    whether the calendar reminds before each shift (CalendarExportDialog), then where to save."""
    roster = page.roster_service
    if roster is None:
        return
    from dutyroom.gui.roster.calendar_export import CalendarExportDialog  # built only when asked for

    person_id = page.person_combo.currentData() if page.tabs.currentIndex() == page.person_tab_index else None
    who = page.person_combo.currentText().split("（")[0] if person_id is not None else "全体"
    dialog = CalendarExportDialog("全体人员" if person_id is None else who, f"{page.year}年{page.month}月",
                                  page.ics_remind, page)

    def chosen() -> None:
        page.ics_remind = dialog.remind_minutes()
        _write_ics(page, roster, person_id, who, page.ics_remind)

    dialog.accepted.connect(chosen)
    page.dialog = dialog
    dialog.open()


def _write_ics(page, roster, person_id: int | None, who: str, remind: int | None) -> None:
    first, last = page.month_range()
    services = page.services

    def write(target: str) -> None:  # off the GUI thread, the office's settings with it
        from dutyroom.services.roster.export import calendar_shifts, roster_to_ics

        settings = services.settings.get()
        # A person's calendar also cancels the shifts a 调班 took from them, so the old event goes away.
        shifts, released = calendar_shifts(roster, first, last, person_id, who if person_id is not None else "")
        roster_to_ics(shifts, target, office_name=settings.office_name, person_id=person_id,
                      stamp=services.clock.now(), time_zone=settings.time_zone, released=released,
                      remind_minutes=remind)

    save_document(page, page.buttons["ics"], f"{who}的值班日历", write,
                  title="导出日历（.ics）", name=f"值班-{who}-{page.year}-{page.month:02d}.ics", kind="ics")
