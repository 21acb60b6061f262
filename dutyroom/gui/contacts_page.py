"""通讯录: every unit's duty line and fax, and its people's phones, searchable as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import format_local
from dutyroom.gui.common.documents import save_document
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.widgets import set_role, show_status
from dutyroom.gui.page import Page
from dutyroom.services import Services
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor, ContactDirectory

COLUMNS = ("单位 / 姓名", "类别 / 职务", "岗位", "值班电话 / 办公电话", "传真 / 手机")
PHONE_COLUMNS = {3: ("值班电话", "办公电话"), 4: ("传真", "手机")}
NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # whose row it is, for the "copied" note


def build_model(directory: ContactDirectory, model: QStandardItemModel) -> tuple[int, int]:
    """Fill `model` with one top-level row per unit and a child row per person; returns the counts."""
    model.removeRows(0, model.rowCount())
    bold = QFont()
    bold.setBold(True)
    people = 0
    root = model.invisibleRootItem()
    for group in directory.groups:
        unit = group.unit
        row = _row((unit.name, unit.kind.label, "", unit.duty_phone, unit.fax), unit.name)
        row[0].setFont(bold)
        if unit.address:
            row[0].setToolTip(f"地址：{unit.address}")
        for person in group.people:
            row[0].appendRow(_row((person.name, person.title, person.position_kind.label,
                                   person.office_phone, person.mobile), person.name))
        people += len(group.people)
        root.appendRow(row)
    return len(directory.groups), people


def _row(values: tuple[str, ...], who: str) -> list[QStandardItem]:
    items = []
    for column, value in enumerate(values):
        item = QStandardItem(value)
        item.setEditable(False)
        item.setData(who, NAME_ROLE)
        if column in PHONE_COLUMNS and value:
            item.setToolTip("双击或按回车复制此号码")
        items.append(item)
    return items


class ContactsPage(Page):
    title = "通讯录"
    watches = frozenset({EntityKind.UNIT, EntityKind.PERSON, EntityKind.SETTING})

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        form = load_form("contacts_page", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        self.search_edit: QLineEdit = child(form, QLineEdit, "searchEdit")
        self.view: QTreeView = child(form, QTreeView, "contactsView")
        self.print_button: QPushButton = child(form, QPushButton, "printButton")
        self.count_label: QLabel = child(form, QLabel, "countLabel")
        set_role(self.count_label, "hint")
        set_role(child(form, QLabel, "hintLabel"), "hint")

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.view.setModel(self.model)
        self.view.setExpandsOnDoubleClick(False)  # a double-click copies a phone; it must not fold the unit
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # bounded list: cheap
        self.setFocusProxy(self.search_edit)

        self.search_edit.textChanged.connect(self.refresh)
        self.view.activated.connect(self.copy_phone)  # double-click, or Enter for keyboard users
        self.print_button.clicked.connect(self.print_directory)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: (self.search_edit.setFocus(), self.search_edit.selectAll()))
        self.refresh()

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Off the GUI thread (Page.load): each key typed asks again, and only the newest answer shows."""
        query, contacts = self.search_edit.text().strip(), self.services.contacts
        self.load("directory", lambda: contacts.directory(query=query), lambda found: self._found(query, found))

    def _found(self, query: str, directory) -> None:
        units, people = build_model(directory, self.model)
        self.view.expandAll()
        if units:
            self.count_label.setText(f"共 {units} 个单位，{people} 人")
        elif query:
            self.count_label.setText(f"没有找到“{query}”")
        else:
            self.count_label.setText("通讯录为空：请管理员在“管理”页添加单位和人员")

    # -- copying a number ------------------------------------------------------------------------
    def copy_phone(self, index) -> None:
        labels = PHONE_COLUMNS.get(index.column())
        number = (index.data() or "").strip()
        if labels is None or not number:
            return
        QGuiApplication.clipboard().setText(number)
        is_unit = not index.parent().isValid()
        what = labels[0] if is_unit else labels[1]
        show_status(self, f"已复制 {index.data(NAME_ROLE)} 的{what}：{number}")

    # -- printing --------------------------------------------------------------------------------
    def print_directory(self) -> None:
        """The file is named by the office's date: its zone is read off the GUI thread before the save dialog
        asks where (common/opening.py, the button says 正在读取…), the list with the writing."""
        services = self.services

        def write(target: str) -> None:
            from dutyroom.reports import build_contacts_pdf  # reportlab loads only when someone prints

            build_contacts_pdf(services.contacts.directory(), target)

        def ask(zone: str) -> None:
            day = format_local(services.clock.now(), zone, "%Y-%m-%d")
            save_document(self, self.print_button, "值班通讯录", write,
                          title="保存值班通讯录（PDF）", name=f"值班通讯录-{day}.pdf")

        open_when_read(self, lambda: services.settings.get().time_zone, ask, what="办公室设置",
                       button=self.print_button)
