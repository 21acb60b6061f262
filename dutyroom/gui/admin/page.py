"""The administration page (管理): people, units, accounts, holidays, settings, deadline rules, document
fonts (this workstation's), audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from dutyroom.gui.admin.audit_tab import AuditTab
from dutyroom.gui.admin.fonts_tab import FontsTab
from dutyroom.gui.admin.holidays_tab import HolidaysTab
from dutyroom.gui.admin.rules_tab import RulesTab
from dutyroom.gui.admin.settings_tab import SettingsTab
from dutyroom.gui.admin.tabs import AccountsTab, PeopleTab, UnitsTab
from dutyroom.gui.page import Page
from dutyroom.services.events import Change, EntityKind

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

# Which tabs show data of which entity kind: a unit's name appears in the people table, a person's
# name in the accounts table, the office time zone in the times of accounts and the audit log.
_AFFECTS = {
    "person": ("people", "accounts"),
    "unit": ("units", "people"),
    "user": ("accounts",),
    "holiday": ("holidays",),
    "setting": ("settings", "accounts", "holidays"),
    "deadline_rule": ("rules",),
}


class AdminPage(Page):
    title = "管理"
    watches = frozenset({EntityKind.UNIT, EntityKind.PERSON, EntityKind.USER, EntityKind.HOLIDAY, EntityKind.SETTING, EntityKind.DEADLINE_RULE})

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        self.setObjectName("admin_page")
        self.people_tab = PeopleTab(services, actor)
        self.units_tab = UnitsTab(services, actor)
        self.accounts_tab = AccountsTab(services, actor)
        self.holidays_tab = HolidaysTab(services, actor)
        self.settings_tab = SettingsTab(services, actor)
        self.rules_tab = RulesTab(services, actor)
        self.audit_tab = AuditTab(services, actor)
        self.fonts_tab = FontsTab()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("admin_tabs")
        self.tabs.setDocumentMode(True)
        for widget, label in ((self.people_tab, "人员"), (self.units_tab, "单位"), (self.accounts_tab, "账户"),
                              (self.holidays_tab, "节假日"), (self.settings_tab, "设置"), (self.rules_tab, "报送时限"),
                              (self.fonts_tab, "文书字体"), (self.audit_tab, "操作日志")):
            self.tabs.addTab(widget, label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._by_name = {"people": self.people_tab, "units": self.units_tab, "accounts": self.accounts_tab,
                         "holidays": self.holidays_tab, "settings": self.settings_tab,
                         "rules": self.rules_tab}
        self.refresh()
        # The audit log is read when it is first looked at, not when the page is built.
        self.tabs.currentChanged.connect(self._tab_shown)

    def refresh(self) -> None:
        for tab in self._by_name.values():
            if tab is self.settings_tab and tab.dirty:
                continue  # coming back to the page keeps what the administrator typed and has not saved yet
            tab.reload()
        if self.audit_tab.loaded:
            self.audit_tab.reload()

    def on_change(self, change: Change) -> None:
        # Every change through services writes an audit record, whatever its kind.
        self.audit_tab.changed_elsewhere(visible=self.tabs.currentWidget() is self.audit_tab)
        for name in _AFFECTS.get(change.kind, ()):
            tab = self._by_name[name]
            if tab is self.settings_tab:
                tab.changed_elsewhere()
            else:
                tab.reload()

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.audit_tab:
            self.audit_tab.ensure_loaded()
        elif self.tabs.widget(index) is self.fonts_tab:
            self.fonts_tab.ensure_loaded()
