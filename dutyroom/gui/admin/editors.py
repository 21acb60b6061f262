"""The edit dialogs of the administration page: units, people, accounts, passwords, holidays."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLabel

from dutyroom.domain.vocabulary import HolidayKind, PositionKind, Role, UnitKind
from dutyroom.errors import ValidationError
from dutyroom.gui.common.editor import EditDialog, set_row_visible
from dutyroom.gui.common.forms import child
from dutyroom.gui.common.inputs import fill_combo, fill_enum, select_data, to_qdate
from dutyroom.gui.common.prompts import mark
from dutyroom.services.records import HolidayRecord, PersonRecord, UnitRecord, UserRecord

CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


class UnitEditor(EditDialog):
    form_name = "admin_unit_form"
    title_new, title_edit = "新增单位", "修改单位"
    fields = {"name": "name_edit", "kind": "kind_combo", "duty_phone": "duty_phone_edit", "fax": "fax_edit",
              "address": "address_edit", "sort_order": "sort_order_spin"}

    def prepare(self) -> None:
        fill_enum(self.input("kind"), UnitKind)
        select_data(self.input("kind"), UnitKind.SUBORDINATE)

    def fill(self, unit: UnitRecord) -> None:
        self.input("name").setText(unit.name)
        select_data(self.input("kind"), unit.kind)
        self.input("duty_phone").setText(unit.duty_phone)
        self.input("fax").setText(unit.fax)
        self.input("address").setText(unit.address)
        self.input("sort_order").setValue(unit.sort_order)
        child(self.form, QCheckBox, "active_check").setChecked(unit.active)

    def collect(self) -> UnitRecord:
        base = self.record or UnitRecord(name="")
        return UnitRecord(id=base.id, version=base.version, name=self.input("name").text(),
                          kind=self.input("kind").currentData(), duty_phone=self.input("duty_phone").text(),
                          fax=self.input("fax").text(), address=self.input("address").text(),
                          sort_order=self.input("sort_order").value(),
                          active=child(self.form, QCheckBox, "active_check").isChecked())

    def submit(self, unit: UnitRecord) -> UnitRecord:
        return self.services.units.save(self.actor, unit)

    def fetch(self, unit_id: int) -> UnitRecord:
        return self.services.units.get(unit_id)


class PersonEditor(EditDialog):
    form_name = "admin_person_form"
    title_new, title_edit = "新增人员", "修改人员"
    fields = {"name": "name_edit", "unit_id": "unit_combo", "title": "title_edit",
              "position_kind": "position_combo", "office_phone": "office_phone_edit", "mobile": "mobile_edit"}

    def prepare(self) -> None:
        units = self.choices if self.choices is not None else self.services.units.list(include_inactive=False)
        fill_combo(self.input("unit_id"), [("（未指定单位）", None)] + [(u.name, u.id) for u in units])
        fill_enum(self.input("position_kind"), PositionKind)

    def fill(self, person: PersonRecord) -> None:
        self.input("name").setText(person.name)
        select_data(self.input("unit_id"), person.unit_id, f"{person.unit_name}（已停用）")
        self.input("title").setText(person.title)
        select_data(self.input("position_kind"), person.position_kind)
        self.input("office_phone").setText(person.office_phone)
        self.input("mobile").setText(person.mobile)
        child(self.form, QCheckBox, "active_check").setChecked(person.active)

    def collect(self) -> PersonRecord:
        base = self.record or PersonRecord(name="")
        return PersonRecord(id=base.id, version=base.version, name=self.input("name").text(),
                            unit_id=self.input("unit_id").currentData(), title=self.input("title").text(),
                            position_kind=self.input("position_kind").currentData(),
                            office_phone=self.input("office_phone").text(), mobile=self.input("mobile").text(),
                            active=child(self.form, QCheckBox, "active_check").isChecked())

    def submit(self, person: PersonRecord) -> PersonRecord:
        return self.services.people.save(self.actor, person)

    def fetch(self, person_id: int) -> PersonRecord:
        return self.services.people.get(person_id)


def _passwords(dialog: EditDialog) -> str:
    password = dialog.input("password").text()
    if password != dialog.input("password_confirm").text():
        raise ValidationError({"password_confirm": "两次输入的密码不一致"})
    return password


class UserEditor(EditDialog):
    """Passwords are typed only when an account is created; later they are reset on their own."""

    form_name = "admin_user_form"
    title_new, title_edit = "新增账户", "修改账户"
    fields = {"username": "username_edit", "display_name": "display_name_edit", "role": "role_combo",
              "person_id": "person_combo", "password": "password_edit", "password_confirm": "confirm_edit"}

    @property
    def creating(self) -> bool:
        return self.record is None or self.record.id is None

    def prepare(self) -> None:
        fill_enum(self.input("role"), Role)
        people = self.choices if self.choices is not None else self.services.people.list(include_inactive=False)
        fill_combo(self.input("person_id"), [("（不关联人员）", None)]
                   + [(f"{p.name}（{p.unit_name}）" if p.unit_name else p.name, p.id) for p in people])
        for name in ("password", "password_confirm"):
            set_row_visible(self.input(name), self.creating)
        self.person_hint = mark(child(self.form, QLabel, "person_hint"), "hint")
        self._names = {p.name for p in people}
        for signal in (self.input("role").currentIndexChanged, self.input("person_id").currentIndexChanged,
                       self.input("display_name").textChanged):
            signal.connect(lambda *_: self._show_person_hint())
        self._show_person_hint()

    def _show_person_hint(self) -> None:
        """The 空岗 check knows who is at the desk by the linked person only: say so where it matters."""
        on_duty = self.input("role").currentData() in (Role.OFFICER, Role.LEADER)
        unlinked = self.input("person_id").currentData() is None
        name = self.input("display_name").text().strip()
        if on_duty and unlinked:
            same = f"人员名单中有“{name}”，请选择。" if name in self._names else ""
            self.person_hint.setText(f"未关联人员：此账户登录不算排班人员在岗（空岗检查按关联人员认人）。{same}")
        self.person_hint.setVisible(on_duty and unlinked)

    def fill(self, user: UserRecord) -> None:
        self.input("username").setText(user.username)
        self.input("display_name").setText(user.display_name)
        select_data(self.input("role"), user.role)
        select_data(self.input("person_id"), user.person_id, f"人员编号 {user.person_id}（已停用）")
        child(self.form, QCheckBox, "active_check").setChecked(user.active)
        self._show_person_hint()

    def collect(self) -> UserRecord:
        base = self.record or UserRecord(username="", role=Role.OFFICER)
        self._password = _passwords(self) if self.creating else None
        return UserRecord(id=base.id, version=base.version, username=self.input("username").text(),
                          display_name=self.input("display_name").text(), role=self.input("role").currentData(),
                          person_id=self.input("person_id").currentData(),
                          active=child(self.form, QCheckBox, "active_check").isChecked())

    def submit(self, user: UserRecord) -> UserRecord:
        return self.services.users.save(self.actor, user, self._password)

    def fetch(self, user_id: int) -> UserRecord:
        return self.services.users.get(user_id)


class PasswordEditor(EditDialog):
    form_name = "admin_password_form"
    title_new = title_edit = "重置密码"
    fields = {"password": "password_edit", "password_confirm": "confirm_edit"}

    def fill(self, user: UserRecord) -> None:
        child(self.form, QLabel, "account_name").setText(f"{user.display_name}（{user.username}）")

    def collect(self) -> str:
        return _passwords(self)

    def submit(self, password: str) -> UserRecord:
        self.services.users.set_password(self.actor, self.record.id, password)
        return self.record

    def fetch(self, user_id: int) -> UserRecord:
        return self.services.users.get(user_id)


class HolidayEditor(EditDialog):
    form_name = "admin_holiday_form"
    title_new, title_edit = "新增节假日安排", "修改节假日安排"
    fields = {"day": "day_edit", "kind": "kind_combo", "name": "name_edit"}

    def prepare(self) -> None:
        day_edit: QDateEdit = self.input("day")
        # The weekday matters here: an adjusted workday must fall on a weekend.
        day_edit.setLocale(CHINESE)
        day_edit.setDisplayFormat("yyyy-MM-dd  dddd")
        day_edit.calendarWidget().setLocale(CHINESE)
        fill_enum(self.input("kind"), HolidayKind)

    def fill(self, holiday: HolidayRecord) -> None:
        self.input("day").setDate(to_qdate(holiday.day))
        select_data(self.input("kind"), holiday.kind)
        self.input("name").setText(holiday.name)

    def collect(self) -> HolidayRecord:
        base = self.record
        return HolidayRecord(id=base.id, version=base.version, day=self.input("day").date().toPython(),
                             kind=self.input("kind").currentData(), name=self.input("name").text())

    def submit(self, holiday: HolidayRecord) -> HolidayRecord:
        return self.services.holidays.save(self.actor, holiday)

    def fetch(self, holiday_id: int) -> HolidayRecord:
        # By id (a worker thread runs this: not the dialog's record): a day another workstation moved into
        # another year is still this entry, not 已被删除.
        return self.services.holidays.get(holiday_id)
