"""Who may use the workstation: first administrator, login, and the lock screen.

Password checks (Argon2, ~0.1 s) run off the GUI thread so the clock keeps ticking and the
window keeps painting; the form stays as typed until the answer arrives.

The login dialog is the first thing on screen, before the database and the service layer are loaded
(gui/app.py opens them behind it), so this module imports nothing of the service layer at the top.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui import theme
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.widgets import FieldErrors, set_role, show_error, while_alive
from dutyroom.gui.status import user_label

if TYPE_CHECKING:
    from dutyroom.services import Services
    from dutyroom.services.records import Actor

#: the login button's text while the database is still being opened behind the dialog
OPENING_TEXT = "正在打开数据库…"


def _message(exc: Exception) -> str:
    if isinstance(exc, DutyRoomError):
        return exc.message
    return f"操作失败：{exc}"


def _embed(host: QWidget, form_name: str) -> QWidget:
    form = load_form(form_name, host)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form


def _edit_with_error(form: QWidget, errors: FieldErrors, field: str, stem: str) -> QLineEdit:
    """The line edit "<stem>Edit" of the form, its problems shown in the label "<stem>Error" under it."""
    edit = child(form, QLineEdit, f"{stem}Edit")
    errors.add(field, child(form, QLabel, f"{stem}Error"), edit)
    return edit


def _set_busy(button: QPushButton, busy: bool, idle_text: str) -> None:
    # Argon2 takes a moment: say so, and let nobody press twice meanwhile.
    button.setEnabled(not busy)
    button.setText("正在验证…" if busy else idle_text)


def _check_in_background(owner: QWidget, fn, on_done, on_error) -> None:
    run_in_background(fn, while_alive(owner, on_done), while_alive(owner, on_error))


class _PasswordDialog(QDialog):
    """Common shape: a form, a busy state while the password is checked, the actor once it passes.

    A subclass calls `_check` with the work to do off the GUI thread and says in `_refused` how a failure shows.
    """

    def __init__(self, services: Services | None, title: str, form_name: str, parent: QWidget | None):
        super().__init__(parent)
        self.services = services
        self.actor: Actor | None = None
        self.setWindowTitle(title)
        self.form = _embed(self, form_name)
        set_role(child(self.form, QLabel, "dialogSubtitle"), "hint")

    def _check(self, button: QPushButton, idle_text: str, fn) -> None:
        def failed(exc: Exception) -> None:
            _set_busy(button, False, idle_text)
            self._refused(exc)

        _set_busy(button, True, idle_text)
        _check_in_background(self, fn, self._accepted, failed)

    def _accepted(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, exc: Exception) -> None:
        raise NotImplementedError


class FirstAdminDialog(_PasswordDialog):
    """Empty database: create the first administrator. There is no built-in default password."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(services, "首次使用 — 值班室", "first_admin", parent)
        self.open_services = services  # always given here: the first administrator is asked for once open
        form = self.form
        self.errors = FieldErrors(child(form, QLabel, "generalError"))
        self.office_edit = _edit_with_error(form, self.errors, "office_name", "officeName")
        self.username_edit = _edit_with_error(form, self.errors, "username", "username")
        self.name_edit = _edit_with_error(form, self.errors, "display_name", "displayName")
        self.password_edit = _edit_with_error(form, self.errors, "password", "password")
        self.confirm_edit = _edit_with_error(form, self.errors, "confirm", "confirm")
        self.create_button: QPushButton = child(form, QPushButton, "createButton")
        self.settings = services.settings.get()
        self.office_edit.setText(self.settings.office_name)
        self.create_button.clicked.connect(self.submit)
        child(form, QPushButton, "cancelButton").clicked.connect(self.reject)
        self.setMinimumWidth(560)
        self.username_edit.setFocus()

    def _local_problems(self) -> dict[str, str]:
        # Imported here, not at the top, so the login dialog can be shown before the service layer loads.
        from dutyroom.services.settings import cleaned as cleaned_settings
        from dutyroom.services.users import password_problem

        problems: dict[str, str] = {}
        office = self.office_edit.text()
        try:
            cleaned_settings(replace(self.settings, office_name=office))
        except ValidationError as exc:
            if "office_name" in exc.fields:
                problems["office_name"] = exc.fields["office_name"]
        if not self.username_edit.text().strip():
            problems["username"] = "请输入用户名"
        password = self.password_edit.text()
        problem = password_problem(password)
        if problem:
            problems["password"] = problem
        elif password != self.confirm_edit.text():
            problems["confirm"] = "两次输入的密码不一致"
        return problems

    def submit(self) -> None:
        problems = self._local_problems()
        if problems:
            self.errors.show(problems)
            return
        self.errors.clear()
        services, settings = self.open_services, self.settings
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        display_name, office = self.name_edit.text().strip(), self.office_edit.text().strip()

        def create() -> Actor:
            actor = services.users.create_first_admin(username, password, display_name)
            if office != settings.office_name:
                services.settings.save(actor, replace(settings, office_name=office))
            return actor

        self._check(self.create_button, "创建管理员", create)

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.errors.show(exc.fields)
        else:
            self.errors.show_general(_message(exc))


class LoginDialog(_PasswordDialog):
    """Username and password. A failure is shown in red under the password; the username stays.

    Made without services it is the program's first window: the officer types while the database
    opens behind it, and a login pressed meanwhile goes ahead as soon as `set_services` is called.
    """

    def __init__(self, services: Services | None = None, *, username: str = "", parent: QWidget | None = None,
                 office_name: str | None = None):
        """`office_name`: as the window already holds it (切换用户), so the dialog reads nothing on the GUI
        thread while the locked window's alarms go on under it."""
        super().__init__(services, "登录 — 值班室", "login", parent)
        self._office_name = office_name
        form = self.form
        self.title_label: QLabel = child(form, QLabel, "dialogTitle")
        self.errors = FieldErrors()
        self.username_edit = _edit_with_error(form, self.errors, "username", "username")
        self.password_edit = _edit_with_error(form, self.errors, "password", "password")
        self.error_label: QLabel = child(form, QLabel, "passwordError")
        self.login_button: QPushButton = child(form, QPushButton, "loginButton")
        self.login_button.clicked.connect(self.submit)
        child(form, QPushButton, "quitButton").clicked.connect(self.reject)
        self.setMinimumWidth(440)
        self.username_edit.setText(username)
        (self.password_edit if username else self.username_edit).setFocus()
        self._waiting = False  # a login was pressed before the database was open
        if services is not None:
            self.set_services(services)

    def set_services(self, services: Services) -> None:
        """The database is open: show the office's name, and carry out a login pressed meanwhile."""
        self.services = services
        office = self._office_name if self._office_name is not None else services.settings.get().office_name
        self.title_label.setText(office)
        if self._waiting:
            self._waiting = False
            _set_busy(self.login_button, False, "登录")
            self.submit()

    def submit(self) -> None:
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        if not username:
            self.errors.show({"username": "请输入用户名"})
            return
        if not password:
            self.errors.show({"password": "请输入密码"})
            return
        self.errors.clear()
        if self.services is None:
            self._waiting = True
            self.login_button.setEnabled(False)
            self.login_button.setText(OPENING_TEXT)
            return
        users = self.services.users
        self._check(self.login_button, "登录", lambda: users.login(username, password))

    def _refused(self, exc: Exception) -> None:
        self.password_edit.clear()
        self.errors.show({"password": _message(exc)})


class LockPanel(QWidget):
    """Covers the main window while locked: only the same user's password opens it again."""

    unlocked = Signal()
    switch_user_requested = Signal()

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.actor = actor
        form = _embed(self, "lock")
        self.form = form
        self.icon_label: QLabel = child(form, QLabel, "lockIcon")
        self.office_label: QLabel = child(form, QLabel, "lockOffice")
        self.user_label: QLabel = child(form, QLabel, "lockUser")
        self.reason_label: QLabel = child(form, QLabel, "lockReason")
        self.password_edit: QLineEdit = child(form, QLineEdit, "passwordEdit")
        self.error_label: QLabel = child(form, QLabel, "errorLabel")
        self.unlock_button: QPushButton = child(form, QPushButton, "unlockButton")
        self.switch_button: QPushButton = child(form, QPushButton, "switchUserButton")
        set_role(self.reason_label, "hint")
        set_role(self.unlock_button, "primary")
        show_error(self.error_label, None)
        self.user_label.setText(f"当前用户：{user_label(actor)}")
        self.unlock_button.clicked.connect(self.submit)
        self.password_edit.returnPressed.connect(self.submit)
        self.switch_button.clicked.connect(self.switch_user_requested)
        self._checking = False
        self.refresh_icon()

    def refresh_icon(self) -> None:
        self.icon_label.setPixmap(theme.icon("lock", size=56).pixmap(56, 56))

    def reset(self, office_name: str, reason: str) -> None:
        self.office_label.setText(office_name)
        self.reason_label.setText(reason)
        self.password_edit.clear()
        show_error(self.error_label, None)
        _set_busy(self.unlock_button, False, "解锁")
        self.password_edit.setFocus()

    def submit(self) -> None:
        if self._checking:
            return
        password = self.password_edit.text()
        if not password:
            show_error(self.error_label, "请输入密码")
            return
        show_error(self.error_label, None)
        users, username = self.services.users, self.actor.username
        self._set_checking(True)
        _check_in_background(self, lambda: users.login(username, password), self._ok, self._failed)

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        _set_busy(self.unlock_button, checking, "解锁")

    def _ok(self, _actor: Actor) -> None:
        self._set_checking(False)
        self.password_edit.clear()
        self.unlocked.emit()

    def _failed(self, exc: Exception) -> None:
        self._set_checking(False)
        self.password_edit.clear()
        show_error(self.error_label, _message(exc))
        self.password_edit.setFocus()
