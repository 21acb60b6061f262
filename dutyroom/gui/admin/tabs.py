"""The people, units and accounts tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dutyroom.domain.vocabulary import Role, UnitKind
from dutyroom.errors import DutyRoomError, PermissionDenied
from dutyroom.gui.admin.editors import PasswordEditor, PersonEditor, UnitEditor, UserEditor
from dutyroom.gui.admin.models import AccountModel, PeopleModel, UnitModel
from dutyroom.gui.common.buttons import run_pressed
from dutyroom.gui.common.import_wizard import import_button
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.table_tab import TableTab
from dutyroom.gui.common.widgets import show_status
from dutyroom.services.records import OfficeSettings, PersonRecord, UnitRecord, UserRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class PeopleTab(TableTab):
    filter_hint = "筛选：姓名、单位、职务或电话"
    noun = "人员"

    def __init__(self, services: Services, actor, parent=None):
        super().__init__(services, actor, PeopleModel(), parent)
        self.setObjectName("people_tab")

    def read(self):
        return self.services.people.list()

    def new_record(self):
        return None

    def choices_read(self):
        return self.services.units.list(include_inactive=False)  # the editor's 单位 list

    def editor(self, record, choices=None):
        return PersonEditor(self.services, self.actor, record, self, choices=choices)

    def remove(self, person: PersonRecord) -> None:
        self.services.people.delete(self.actor, person.id, person.version)

    def build_toolbar(self) -> None:
        super().build_toolbar()
        self.buttons["导入…"] = import_button(self, self.services, self.actor, "people", after=self.buttons["删除"])


class UnitsTab(TableTab):
    filter_hint = "筛选：单位名称、类型或电话"
    noun = "单位"

    def __init__(self, services: Services, actor, parent=None):
        super().__init__(services, actor, UnitModel(), parent)
        self.setObjectName("units_tab")

    def read(self):
        return self.services.units.list()

    def new_record(self) -> UnitRecord:
        # A new unit goes to the end of the list unless the administrator says otherwise.
        orders = [u.sort_order for u in self.model.records()]
        return UnitRecord(name="", kind=UnitKind.SUBORDINATE, sort_order=(max(orders) + 10) if orders else 10)

    def editor(self, record):
        return UnitEditor(self.services, self.actor, record, self)

    def remove(self, unit: UnitRecord) -> None:
        self.services.units.delete(self.actor, unit.id, unit.version)

    def build_toolbar(self) -> None:
        super().build_toolbar()
        self.buttons["导入…"] = import_button(self, self.services, self.actor, "units", after=self.buttons["删除"])


class AccountsTab(TableTab):
    filter_hint = "筛选：用户名、显示名、角色或人员"
    noun = "账户"

    def __init__(self, services: Services, actor, parent=None):
        # The office's zone comes with every read of the accounts (read()): until the first, the default one,
        # so building the tab (系统管理 opened) waits on nothing.
        self.zone = OfficeSettings.time_zone
        super().__init__(services, actor, AccountModel(services.clock.now, lambda: self.zone), parent)
        self.setObjectName("accounts_tab")

    def build_toolbar(self) -> None:
        self.add_button("新增", "新增账户（Insert 或 Ctrl+N）", self.add)
        self.add_button("修改", "修改选中的账户：角色、关联人员、停用（Enter 或双击）", self.edit_current)
        self.reset_button = self.add_button("重置密码", "为选中的账户设置新密码", self.reset_password)
        self.unlock_button = self.add_button("解锁", "解除因密码连续输错造成的锁定", self.unlock_current)
        self.add_button("刷新", "重新读取（F5）", self.reload)

    def read(self):
        people = {p.id: p.name for p in self.services.people.list()}
        return self.services.settings.get().time_zone, self.services.users.list(), people

    def show(self, value) -> None:
        self.zone, users, people = value
        self.model.set_accounts(users, people)

    def new_record(self) -> UserRecord:
        return UserRecord(username="", role=Role.OFFICER)

    def choices_read(self):
        return self.services.people.list(include_inactive=False)  # the editor's 关联人员 list

    def editor(self, record, choices=None):
        return UserEditor(self.services, self.actor, record, self, choices=choices)

    def delete_current(self) -> None:
        # Accounts stay for the audit trail; they are disabled instead.
        self.prompt = inform(self, "账户不能删除", "账户不能删除（操作日志要用到它）。如不再使用，请在“修改”中取消“启用”。",
                             warning=False)

    def reset_password(self) -> None:
        account = self.current_record()
        if account is None:
            self.prompt = inform(self, "请先选择", "请先在表格中选中要重置密码的账户。", warning=False)
            return
        self.show_dialog(PasswordEditor(self.services, self.actor, account, self))

    def unlock_current(self) -> None:
        account = self.current_record()
        if account is None:
            self.prompt = inform(self, "请先选择", "请先在表格中选中要解锁的账户。", warning=False)
            return
        if not self.model.is_locked(account):
            self.prompt = inform(self, "无需解锁", f"账户 {account.username} 当前没有被锁定。", warning=False)
            return
        # A second press while the last unlock still waits on the database sends nothing.
        users, actor = self.services.users, self.actor
        run_pressed(self, self.unlock_button, self.UNLOCKING, lambda: users.unlock(actor, account.id),
                    lambda _: show_status(self, f"已解锁账户 {account.username}"), self._unlock_refused)

    UNLOCKING = "正在解锁…"

    def _unlock_refused(self, exc: Exception) -> None:
        if isinstance(exc, PermissionDenied):
            self.prompt = inform(self, "没有权限", exc.message)
        elif isinstance(exc, DutyRoomError):
            self.prompt = inform(self, "未能解锁", exc.message)
        else:
            raise exc  # a fault of the program: the global handler reports it
