"""Starting the desktop program: font, theme, login, database, first administrator, main window.

The login dialog is painted first, with nothing but Qt and the theme loaded: the database, SQLAlchemy,
the service layer and the main window's modules load on a worker thread while the officer types
(`_open_behind`), and the opened services are handed to the dialog on the GUI thread. So this module
imports the service layer and the main window only inside the functions that need them.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, cast

import PySide6
from PySide6.QtCore import QByteArray, QEventLoop, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.gui import theme
from dutyroom.gui.collector import collect_on_gui_thread, collection_paused, postpone_collection
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.file_dialog import QtWords
from dutyroom.gui.login import FirstAdminDialog, LoginDialog
from dutyroom.workstation import load_workstation, save_workstation

if TYPE_CHECKING:
    from dutyroom.gui.main_window import MainWindow
    from dutyroom.services import Services
    from dutyroom.services.records import Actor, OfficeSettings

log = logging.getLogger(__name__)

#: Qt's own words (standard buttons, a text field's right-click menu, file dialogs) in Chinese
QT_TRANSLATION = "qtbase_zh_CN"
CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
# installTranslator() does not keep the translator alive: one collected by Python would bring English back.
_translators: list[QTranslator] = []


def translation_dirs() -> list[Path]:
    """Where Qt's .qm files may be: Qt's own answer first, then the PySide6 wheel (and a frozen copy of it)."""
    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            Path(PySide6.__file__).parent / "Qt" / "translations"]


def install_chinese(app: QApplication) -> bool:
    """Chinese for Qt's own strings, and a Chinese default locale (date, weekday and number widgets).

    Returns False, after logging why, when no qtbase_zh_CN.qm is found: the program still works,
    with Qt's few built-in words in English.
    """
    QLocale.setDefault(CHINA)
    if _translators:
        return any(not isinstance(t, QtWords) for t in _translators)
    found = False
    for folder in translation_dirs():
        translator = QTranslator()
        if translator.load(QT_TRANSLATION, str(folder)):
            app.installTranslator(translator)
            _translators.append(translator)
            found = True
            break
    # Installed last, asked first: the file dialog's words that qtbase_zh_CN leaves in English.
    words = QtWords()
    app.installTranslator(words)
    _translators.append(words)
    if not found:
        log.warning("%s.qm not found in %s: Qt's own buttons stay in English",
                    QT_TRANSLATION, ", ".join(str(d) for d in translation_dirs()))
    return found


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, created on first use, with the program's name, Chinese for Qt's own words,
    font and theme."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
        app.setApplicationName("DutyRoom")  # no organisation: settings live in our own data folder
        install_chinese(app)
        theme.ensure_cjk_font(app)
        theme.apply_theme(app, load_workstation().theme)
        app.setWindowIcon(theme.icon("app", size=64))
    collect_on_gui_thread(app)  # background reads must never free Qt objects (gui/collector.py)
    return app


def build_main_window(services: Services, actor: Actor, *, settings: OfficeSettings | None = None) -> MainWindow:
    """The main window for a logged-in user (also used by tests, screenshots and the launch benchmark)."""
    from dutyroom.gui.main_window import MainWindow  # loaded behind the login dialog (_open_and_preload)

    window = MainWindow(services, actor, settings=settings)
    postpone_collection(QApplication.instance())  # the next collection comes after the window's first paint
    return window


def _show_demo_accounts(passwords: dict[str, str]) -> None:
    lines = [f"{username}    {password}" for username, password in passwords.items()]
    text = "演示账户（用户名    密码）：\n\n" + "\n".join(lines) + "\n\n密码只显示这一次，请记下。"
    print(text, flush=True)
    QMessageBox.information(None, "演示账户", text)


class _Session:
    """Login → main window; "切换用户" closes the window and asks for a login again."""

    def __init__(self, app: QApplication, services: Services):
        self.app = app
        self.services = services
        self.window: MainWindow | None = None
        from dutyroom.gui.notices import NoticeBacklog  # after the login dialog is up: it reads the services

        # Notices of the start-up catch-up and of the time the login dialog is open wait for a window.
        self.backlog = NoticeBacklog(services.bus)

    def logged_in(self) -> Actor | None:
        """Who is at this workstation now (None while nobody is logged in or it is locked): the 空岗 check
        asks from the scheduler's thread, so it only reads two attributes."""
        window = self.window
        return None if window is None or window.locked else window.actor

    def login(self, username: str = "", dialog: LoginDialog | None = None, over: QWidget | None = None) -> bool:
        """Ask for a login (in `dialog` when the first one is already on screen) and open the window."""
        office = self.window.settings.office_name if self.window is not None else None
        dialog = dialog or LoginDialog(self.services, username=username, parent=over, office_name=office)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
            return False
        self.open_window(dialog.actor)
        return True

    def open_window(self, actor: Actor) -> None:
        window = build_main_window(self.services, actor,
                                   settings=self.window.settings if self.window is not None else None)
        window.switch_user_requested.connect(self.switch_user)
        restore_place(window)
        window.show()
        self.window = window
        for change in self.backlog.release():  # through the window's own path, as if just announced
            window.bridge.changed.emit(change)
        self.app.aboutToQuit.connect(lambda: remember_place(window))

    def switch_user(self) -> None:
        old = self.window
        if old is None:
            return
        # Whoever cancels the login must not get the previous user's session back unlocked.
        old.lock("manual")
        # The locked window stays on screen under the login: its alarm banner and 确认 keep working while
        # the users change over (a hidden window left the bare login box showing no alarm at all).
        self.app.setQuitOnLastWindowClosed(False)
        self.backlog.hold()  # notices that come meanwhile are shown again to whoever logs in
        try:
            if self.login(over=old):
                remember_place(old)
                old.quit_confirmed = True  # the new user's window shows the same alarms: nothing to ask
                old.close()
                old.deleteLater()
            else:  # nobody logged in: the locked window, which heard what came meanwhile, is still there
                self.backlog.release()
        finally:
            self.app.setQuitOnLastWindowClosed(True)


def remember_place(window: MainWindow) -> None:
    """Keep the window's size and place for the next start on this workstation."""
    try:
        ws = load_workstation()
        ws.window_geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
        save_workstation(ws)
    except (OSError, RuntimeError):  # a read-only data folder, or the window already gone: nothing to keep
        pass


def restore_place(window: MainWindow) -> None:
    """The size and place it had when it was last closed, if that still fits one of the screens."""
    saved = load_workstation().window_geometry
    if not saved or not window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
        return
    screen = window.screen() or QApplication.primaryScreen()
    if screen is not None and not screen.availableGeometry().contains(window.frameGeometry()):
        window.fit_to_screen()  # the screen got smaller (another monitor, another resolution)


def _excepthook(exc_type, exc, tb) -> None:
    # A bug must not kill the duty room's only screen silently, nor show a traceback to the officer.
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    traceback.print_exception(exc_type, exc, tb)
    if isinstance(exc, DatabaseUnavailable):
        # A server that went away is said once, in the connection banner, which keeps retrying; a timer or
        # a background refresh must never stack modal boxes that swallow the keys meant for a form.
        return
    if QApplication.instance() is not None:
        message = exc.message if isinstance(exc, DutyRoomError) else f"程序内部错误：{exc_type.__name__}: {exc}"
        QTimer.singleShot(0, lambda: QMessageBox.warning(None, "值班室", message + "\n\n已输入的内容没有丢失。"))


def _open_and_preload(url: str | None) -> Services:
    """On the worker thread: open the database, then build the service areas the main window's first paint
    reads and load the main window's, its first page's and the scheduler's modules (imports only, no
    widgets), so the first paint waits for no import on the GUI thread once the officer has logged in."""
    import importlib

    from dutyroom.app import open_services

    services = open_services(url)
    import dutyroom.gui.background_work  # noqa: F401 - preloaded, see the docstring
    from dutyroom.gui.main_window import FIRST_PAINT_AREAS, PAGES

    for area in FIRST_PAINT_AREAS:  # built on first use: here, not during the window's first paint
        getattr(services, area)
    importlib.import_module(PAGES[0].module)  # 值班首页, built before the window first paints
    return services


def _open_behind(login: LoginDialog, url: str | None) -> Services | None:
    """Open the database on a worker thread while `login` is on screen and takes typing; the services once
    open, None when the officer closed the dialog first. A failure to open is raised here, on the GUI thread."""
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def finished(key: str, value: object) -> None:
        if "closed" in outcome and key == "services":
            cast("Services", value).db.dispose()  # opened after the officer had quit: let it go
        outcome[key] = value
        loop.quit()

    def closed() -> None:
        outcome["closed"] = True
        loop.quit()

    login.rejected.connect(closed)
    try:
        with collection_paused(QApplication.instance()):
            run_in_background(lambda: _open_and_preload(url), lambda s: finished("services", s),
                              lambda exc: finished("error", exc))
            loop.exec()
    finally:
        login.rejected.disconnect(closed)
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error
    if "closed" in outcome:
        return None
    return cast("Services | None", outcome.get("services"))


def run(url: str | None, *, demo: bool = False, argv: list[str] | None = None) -> int:
    """Start the desktop program; returns the process exit code."""
    app = application(argv)
    login = LoginDialog()
    login.show()  # painted at once; the database opens behind it
    try:
        services = _open_behind(login, url)
    except DutyRoomError as exc:
        login.hide()
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return 1
    if services is None:
        return 0
    from dutyroom.gui.background_work import start_background_work  # preloaded by _open_and_preload

    sys.excepthook = _excepthook
    session = _Session(app, services)
    # Started before the login goes ahead, so a backup missed overnight is made while the officer types.
    stop_background_work = start_background_work(services, logged_in=session.logged_in)
    try:
        if demo and not services.users.has_users():
            from dutyroom.services.demo import seed_demo

            _show_demo_accounts(seed_demo(services))
        if not services.users.has_users():
            login.hide()  # a new database: the first administrator instead, then the login
            first = FirstAdminDialog(services)
            if first.exec() != QDialog.DialogCode.Accepted or first.actor is None:
                return 0
            login.username_edit.setText(first.actor.username)
            login.password_edit.setFocus()
        login.set_services(services)
        if not session.login(dialog=login):
            return 0
        return app.exec()
    except DutyRoomError as exc:
        QMessageBox.critical(None, "值班室", exc.message)
        return 1
    finally:
        stop_background_work()
        services.db.dispose()
