"""Every model of the roster page passes Qt's model tester, filled with a real generated roster."""

from __future__ import annotations

from datetime import date

from dutyroom.domain.vocabulary import PositionKind
from dutyroom.gui.roster.grid import MonthGridModel
from dutyroom.gui.roster.history import HistoryModel
from dutyroom.gui.roster.models import (
    BalanceModel,
    PersonDutyModel,
    RosterListModel,
    WarningModel,
    list_rows,
    person_duties,
)
from dutyroom.gui.roster.setup import LeaveModel, PeriodModel, ShiftModel
from dutyroom.services.roster.records import LeaveRecord, SpecialPeriodRecord
from tests.gui.roster.data import generate, set_up_office


def test_every_roster_model_passes_the_model_tester(qtmodeltester, sqlite_services, accounts):
    admin = accounts[0]
    svc = sqlite_services
    ids = set_up_office(svc, admin)
    svc.roster.save_leave(admin, LeaveRecord(person_id=ids["王芳"], start_day=date(2026, 10, 8),
                                             end_day=date(2026, 10, 9), kind="出差"))
    svc.roster.save_special_period(admin, SpecialPeriodRecord(name="防汛期", start_day=date(2026, 10, 20),
                                                              end_day=date(2026, 10, 31)))
    generate(svc, admin, date(2026, 10, 1), date(2026, 10, 31))
    first, last = date(2026, 10, 1), date(2026, 10, 31)
    cells = [c for c in svc.roster.cells(first, last) if c.position == "officer"]
    svc.roster.swap(admin, cells[3].id, cells[5].id, reason="调休")
    month = svc.roster.month(2026, 10)

    grid = MonthGridModel()
    grid.set_month(2026, 10, month, date(2026, 10, 21))
    assert grid.rowCount() == 5 and grid.columnCount() == 7
    qtmodeltester.check(grid)

    rows = RosterListModel()
    rows.set_records(list_rows(month))
    assert rows.rowCount() == 31
    qtmodeltester.check(rows)

    person = PersonDutyModel()
    person.set_person(ids["李明"], person_duties(month, ids["李明"]))
    assert person.rowCount() >= 5
    qtmodeltester.check(person)

    warnings = WarningModel()
    warnings.set_records(svc.roster.warnings(first, last))
    qtmodeltester.check(warnings)

    balance = BalanceModel()
    balance.set_records(svc.roster.balance(PositionKind.OFFICER, first, last))
    assert balance.rowCount() == 5
    qtmodeltester.check(balance)

    history = HistoryModel(lambda: "Asia/Shanghai")
    history.set_records(svc.roster.changes(first, last))
    assert history.rowCount() == 1
    qtmodeltester.check(history)

    for model, records in ((ShiftModel(), svc.roster.list_shifts()), (LeaveModel(), svc.roster.list_leaves()),
                           (PeriodModel(), svc.roster.list_special_periods())):
        model.set_records(records)
        assert model.rowCount() == 1
        qtmodeltester.check(model)


def test_empty_month_grid_passes_the_model_tester(qtmodeltester):
    grid = MonthGridModel()
    grid.set_month(2027, 2, None, None)  # February 2027 starts on a Monday: exactly four weeks
    assert grid.rowCount() == 4
    assert grid.index(0, 0).data() == "1日"
    qtmodeltester.check(grid)


def _day_with_everyone():
    from datetime import datetime, timezone

    from dutyroom.services.roster.records import RosterDay, RosterPerson, RosterShift

    start = datetime(2026, 11, 21, 0, 30, tzinfo=timezone.utc)
    shift = RosterShift(day=date(2026, 11, 21), shift_id=1, shift_name="全天班", starts_at=start, ends_at=start,
                        leaders=(RosterPerson(1, "张志强", ""),), officers=(RosterPerson(2, "李明", ""),),
                        standby=(RosterPerson(3, "王芳", ""), RosterPerson(4, "赵敏", "")))
    return RosterDay(day=date(2026, 11, 21), weekday="星期六", shifts=(shift,))


def test_a_month_cell_shows_every_position_or_says_how_many_more():
    from dutyroom.gui.roster.grid import cell_lines

    day = _day_with_everyone()
    assert cell_lines(day, 3) == ["带班 张志强", "值班 李明", "备班 王芳、赵敏"]  # room: a line each
    assert cell_lines(day, 2) == ["带 张志强  值 李明  备 王芳、赵敏"]  # packed, nobody left out
    narrow = lambda text: len(text) <= 12  # noqa: E731 - a cell about twelve characters wide
    assert cell_lines(day, 1, narrow) == ["带 张志强  另3人"]  # the rest counted, not cut off
    assert cell_lines(day, 2, narrow) == ["带 张志强  值 李明", "备 王芳、赵敏"]
    assert cell_lines(day, 1, lambda text: len(text) <= 4) == ["另4人"]
