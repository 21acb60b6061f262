"""Who may use the workstation: first administrator, login, and the lock screen.

Password checks (Argon2, ~0.1 s) run off the GUI thread so the clock keeps ticking and the
window keeps painting; the form stays as typed until the answer arrives.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui import theme
from dutyroom.gui.background import run_in_background
from dutyroom.gui.forms import child, load_form
from dutyroom.gui.status import user_label
from dutyroom.gui.widgets import FieldErrors, set_role, show_error, while_alive
from dutyroom.services import Services
from dutyroom.services.records import Actor
from dutyroom.services.settings import cleaned as cleaned_settings
from dutyroom.services.users import password_problem


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


class _PasswordDialog(QDialog):
    """Common shape: a form, a busy state while the password is checked, results on the GUI thread."""

    def _busy(self, busy: bool, button: QPushButton, idle_text: str) -> None:
        button.setEnabled(not busy)
        button.setText("正在验证…" if busy else idle_text)

    def _run(self, fn, on_done, on_error) -> None:
        run_in_background(fn, while_alive(self, on_done), while_alive(self, on_error))


class FirstAdminDialog(_PasswordDialog):
    """Empty database: create the first administrator. There is no built-in default password."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.actor: Actor | None = None
        self.setWindowTitle("首次使用 — 值班室")
        form = _embed(self, "first_admin")
        set_role(child(form, QLabel, "dialogSubtitle"), "hint")
        self.office_edit: QLineEdit = child(form, QLineEdit, "officeNameEdit")
        self.username_edit: QLineEdit = child(form, QLineEdit, "usernameEdit")
        self.name_edit: QLineEdit = child(form, QLineEdit, "displayNameEdit")
        self.password_edit: QLineEdit = child(form, QLineEdit, "passwordEdit")
        self.confirm_edit: QLineEdit = child(form, QLineEdit, "confirmEdit")
        self.create_button: QPushButton = child(form, QPushButton, "createButton")
        self.errors = FieldErrors(child(form, QLabel, "generalError"))
        for name, edit in (("office_name", self.office_edit), ("username", self.username_edit),
                           ("display_name", self.name_edit), ("password", self.password_edit),
                           ("confirm", self.confirm_edit)):
            label_name = {"office_name": "officeNameError", "display_name": "displayNameError"}.get(
                name, f"{name}Error")
            self.errors.add(name, child(form, QLabel, label_name), edit)
        self.settings = services.settings.get()
        self.office_edit.setText(self.settings.office_name)
        self.create_button.clicked.connect(self.submit)
        child(form, QPushButton, "cancelButton").clicked.connect(self.reject)
        self.setMinimumWidth(560)
        self.username_edit.setFocus()

    def _local_problems(self) -> dict[str, str]:
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
        services, settings = self.services, self.settings
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        display_name, office = self.name_edit.text().strip(), self.office_edit.text().strip()

        def create() -> Actor:
            actor = services.users.create_first_admin(username, password, display_name)
            if office != settings.office_name:
                services.settings.save(actor, replace(settings, office_name=office))
            return actor

        self._busy(True, self.create_button, "创建管理员")
        self._run(create, self._created, self._failed)

    def _created(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy(False, self.create_button, "创建管理员")
        if isinstance(exc, ValidationError):
            self.errors.show(exc.fields)
        else:
            self.errors.show_general(_message(exc))


class LoginDialog(_PasswordDialog):
    """Username and password. A failure is shown in red under the password; the username stays."""

    def __init__(self, services: Services, *, username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.actor: Actor | None = None
        self.setWindowTitle("登录 — 值班室")
        form = _embed(self, "login")
        child(form, QLabel, "dialogTitle").setText(services.settings.get().office_name)
        set_role(child(form, QLabel, "dialogSubtitle"), "hint")
        self.username_edit: QLineEdit = child(form, QLineEdit, "usernameEdit")
        self.password_edit: QLineEdit = child(form, QLineEdit, "passwordEdit")
        self.login_button: QPushButton = child(form, QPushButton, "loginButton")
        self.error_label: QLabel = child(form, QLabel, "passwordError")
        self.errors = FieldErrors()
        self.errors.add("username", child(form, QLabel, "usernameError"), self.username_edit)
        self.errors.add("password", self.error_label, self.password_edit)
        self.login_button.clicked.connect(self.submit)
        child(form, QPushButton, "quitButton").clicked.connect(self.reject)
        self.setMinimumWidth(440)
        self.username_edit.setText(username)
        (self.password_edit if username else self.username_edit).setFocus()

    def submit(self) -> None:
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        if not username:
            self.errors.show({"username": "请输入用户名"})
            return
        if not password:
            self.errors.show({"password": "请输入密码"})
            return
        self.errors.clear()
        users = self.services.users
        self._busy(True, self.login_button, "登录")
        self._run(lambda: users.login(username, password), self._logged_in, self._failed)

    def _logged_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy(False, self.login_button, "登录")
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
        self.unlock_button.setEnabled(True)
        self.unlock_button.setText("解锁")
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
        self._checking = True
        self.unlock_button.setEnabled(False)
        self.unlock_button.setText("正在验证…")
        run_in_background(lambda: users.login(username, password), while_alive(self, self._ok),
                          while_alive(self, self._failed))

    def _ok(self, _actor: Actor) -> None:
        self._checking = False
        self.password_edit.clear()
        self.unlock_button.setEnabled(True)
        self.unlock_button.setText("解锁")
        self.unlocked.emit()

    def _failed(self, exc: Exception) -> None:
        self._checking = False
        self.unlock_button.setEnabled(True)
        self.unlock_button.setText("解锁")
        self.password_edit.clear()
        show_error(self.error_label, _message(exc))
        self.password_edit.setFocus()
