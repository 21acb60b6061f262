"""The bounded administration tables: people, units, accounts, one year of holidays."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from dutyroom.domain.localtime import format_local, to_local, weekday_name
from dutyroom.gui.common.table_model import Column, RecordTableModel, active_status
from dutyroom.services.records import UserRecord

HOLIDAY_SOURCES = {"chinese-calendar": "内置日历", "manual": "手工录入", "import": "文件导入"}


class PeopleModel(RecordTableModel):
    columns = (
        Column("姓名", lambda p: p.name),
        Column("单位", lambda p: p.unit_name),
        Column("职务", lambda p: p.title),
        Column("岗位", lambda p: p.position_kind.label),
        Column("办公电话", lambda p: p.office_phone),
        Column("手机", lambda p: p.mobile),
        Column("状态", active_status),
    )



class UnitModel(RecordTableModel):
    columns = (
        Column("名称", lambda u: u.name),
        Column("类型", lambda u: u.kind.label),
        Column("值班电话", lambda u: u.duty_phone),
        Column("传真", lambda u: u.fax),
        Column("地址", lambda u: u.address),
        Column("排序", lambda u: str(u.sort_order), sort_key=lambda u: u.sort_order, align="right"),
        Column("状态", active_status),
    )



class AccountModel(RecordTableModel):
    """Accounts; the lock shows as text with its end time, computed from the injected clock."""

    def __init__(self, now: Callable[[], datetime], zone_name: Callable[[], str], parent=None):
        super().__init__(parent)
        self._now = now
        self._zone = zone_name
        self._people: dict[int, str] = {}
        self.columns = (
            Column("用户名", lambda u: u.username),
            Column("显示名", lambda u: u.display_name),
            Column("角色", lambda u: u.role.label),
            Column("关联人员", lambda u: self._people.get(u.person_id, "") if u.person_id else ""),
            Column("状态", self.status, bold=self.is_locked),
            Column("最后登录", lambda u: format_local(u.last_login_at, self._zone()),
                   sort_key=lambda u: u.last_login_at.isoformat() if u.last_login_at else ""),
        )

    def set_accounts(self, accounts: list[UserRecord], people: dict[int, str]) -> None:
        self._people = dict(people)
        self.set_records(accounts)

    def is_locked(self, account: UserRecord) -> bool:
        return account.locked_until is not None and account.locked_until > self._now()

    def status(self, account: UserRecord) -> str:
        if not account.active:
            return "停用"
        if self.is_locked(account):
            return f"已锁定（至 {to_local(account.locked_until, self._zone()):%H:%M}）"
        return "正常"



class HolidayModel(RecordTableModel):
    columns = (
        Column("日期", lambda h: h.day.isoformat(), sort_key=lambda h: h.day.toordinal()),
        Column("星期", lambda h: weekday_name(h.day), sort_key=lambda h: h.day.weekday(), align="center"),
        Column("类型", lambda h: h.kind.label),
        Column("名称", lambda h: h.name),
        Column("来源", lambda h: HOLIDAY_SOURCES.get(h.source, h.source)),
    )

