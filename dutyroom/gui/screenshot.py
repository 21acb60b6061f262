"""`dutyroom screenshot`: every page, tab and dialog with demo data, as PNG, without a screen."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

WIDTH, HEIGHT = 1280, 800
#: the moment every screenshot shows, so two runs give the same pictures
SHOT_TIME = datetime(2026, 11, 21, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _prefer_offscreen() -> None:
    # Linux without a display (CI, ssh): Qt would abort looking for an X server.
    headless = sys.platform.startswith(("linux", "freebsd")) and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def render_all(out_dir: Path, *, theme: str | None = None) -> list[Path]:
    """Render the pages (each admin tab too), the login, first-start and lock screens to out_dir,
    every picture WIDTH×HEIGHT (the smallest screen the main window must fit).

    `theme` None renders both themes (dark files end in "-dark"); "light" or "dark" renders one.
    Works with or without an existing QApplication; the application's theme and font are restored afterwards.
    """
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        _prefer_offscreen()
    from dutyroom.app import open_services
    from dutyroom.domain.clock import FakeClock
    from dutyroom.gui import theme as themes
    from dutyroom.gui.app import application
    from dutyroom.services.demo import seed_demo

    app = application()
    names = [theme] if theme else list(themes.THEMES)
    unknown = [n for n in names if n not in themes.THEMES]
    if unknown:
        raise ValueError(f"未知主题：{unknown[0]}（可用：{'、'.join(themes.THEMES)}）")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    from dutyroom.gui.common import background

    # A picture of a form shows the answer to its 保存 (the message next to a field), so it waits for it.
    inline_before, background.INLINE_OPERATIONS = background.INLINE_OPERATIONS, True
    saved = (app.property(themes.THEME_PROPERTY), app.styleSheet(), app.palette(), app.font())
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="dutyroom-shot-") as tmp:
        services = open_services(Path(tmp) / "shot.sqlite3", clock=FakeClock(SHOT_TIME),
                                 backup_folder=Path(tmp) / "backups")
        try:
            # The program's own font, also inside a test's QApplication: sizes in the pictures are the real ones.
            themes.ensure_cjk_font(app)
            passwords = seed_demo(services)
            _ensure_demo_roster(services)
            actor = services.users.login("admin", passwords["admin"])
            for name in names:
                themes.apply_theme(app, name)
                written += _render_theme(app, services, actor, out_dir, "" if name == "light" else f"-{name}")
        finally:
            # The windows' deleteLater must happen now, while their database still exists: a timer of a
            # window only closed (the on-duty panel's roll-call read) would fire into a deleted file.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            services.db.dispose()
            _restore(app, saved)
            background.INLINE_OPERATIONS = inline_before
    return written


def _ensure_demo_roster(services: Services) -> None:
    """The roster pictures need a roster; seed_demo may or may not have made one already."""
    from dutyroom.domain.localtime import to_local
    from dutyroom.services.roster.demo import seed_roster_demo

    today = to_local(services.clock.now(), services.settings.get().time_zone).date()
    if not services.roster.cells(today, today):
        seed_roster_demo(services)


def _restore(app, saved) -> None:
    from dutyroom.gui import theme as themes

    name, sheet, palette, font = saved
    app.setFont(font)
    if name:
        themes.apply_theme(app, name)
    else:
        app.setStyleSheet(sheet)
        app.setPalette(palette)
        app.setProperty(themes.THEME_PROPERTY, None)
        app.setProperty(themes.SHEET_PROPERTY, None)


def _settle(app) -> None:
    """Let layouts run and background loads deliver their results before grabbing."""
    from PySide6.QtCore import QThreadPool

    for _ in range(3):
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(10000)
    app.processEvents()


def _show_offscreen(widget) -> None:
    from PySide6.QtCore import Qt

    # Rendered, never shown: works the same with a real display and with the offscreen platform.
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.show()


def _on_screen(widget):
    """A dialog as the officer sees it: centred on a plain WIDTH×HEIGHT screen, so every picture has one size."""
    from PySide6.QtCore import QPoint, QRect, QSize
    from PySide6.QtGui import QColor, QPainter, QPixmap

    from dutyroom.gui import theme as themes

    shot = widget.grab()
    ratio = shot.devicePixelRatio()
    screen = QPixmap(QSize(WIDTH, HEIGHT) * ratio)
    screen.setDevicePixelRatio(ratio)
    screen.fill(QColor(themes.colour("window")).darker(130))
    painter = QPainter(screen)
    size = shot.deviceIndependentSize().toSize()
    corner = QPoint(max(0, (WIDTH - size.width()) // 2), max(0, (HEIGHT - size.height()) // 2))
    painter.drawPixmap(corner, shot)
    # A thin edge where the window frame would be: a dark dialog must not melt into a dark screen.
    painter.setPen(QColor(themes.colour("disabled")))
    painter.drawRect(QRect(corner, size).adjusted(-1, -1, 0, 0))
    painter.end()
    return screen


def every_page_and_tab(window):
    """Show each page of the main window in turn, and each tab of a page that has tabs.

    Yields where the window is ("管理-设置"), so a caller can grab or check it; a page with tabs is
    left on its first tab again.
    """
    from PySide6.QtWidgets import QTabWidget

    for index, page in enumerate(window.pages):
        window.show_page(index)
        tabs = getattr(page, "tabs", None)
        if isinstance(tabs, QTabWidget):
            for tab in range(tabs.count()):
                tabs.setCurrentIndex(tab)
                yield f"{page.title}-{tabs.tabText(tab)}"
            tabs.setCurrentIndex(0)
        else:
            yield page.title


def _file_name(number: int, title: str, suffix: str) -> str:
    safe = re.sub(r"[\\/:*?\"<>|&\s]+", "", title)
    return f"{number:02d}-{safe}{suffix}.png"


def _render_theme(app, services: Services, actor, out_dir: Path, suffix: str) -> list[Path]:
    from PySide6.QtWidgets import QDialog

    from dutyroom.gui.app import build_main_window
    from dutyroom.gui.login import FirstAdminDialog, LoginDialog

    written: list[Path] = []

    def save(widget, title: str) -> None:
        _settle(app)
        path = out_dir / _file_name(len(written) + 1, title, suffix)
        # The main window is grabbed as it is: a window that cannot shrink to the screen shows as too big.
        picture = _on_screen(widget) if isinstance(widget, QDialog) else widget.grab()
        if not picture.save(str(path)):
            raise OSError(f"无法写入截图：{path}")
        written.append(path)

    window = build_main_window(services, actor)
    window.resize(WIDTH, HEIGHT)
    _show_offscreen(window)
    try:
        for where in every_page_and_tab(window):
            save(window, where)
        from dutyroom.gui.roster.shots import roster_dialogs

        for dialog, title in roster_dialogs(window):
            save(dialog, title)
        from dutyroom.gui.incidents.shots import incident_dialogs

        for dialog, title in incident_dialogs(window):
            save(dialog, title)
        from dutyroom.gui.calls.shots import call_views

        for widget, title in call_views(window):
            save(widget, title)
        # video roll-call (视频点名)
        from dutyroom.gui.rollcall.shots import rollcall_views

        for widget, title in rollcall_views(window):
            save(widget, title)
        from dutyroom.gui.instructions.shots import instruction_dialogs

        for dialog, title in instruction_dialogs(window):  # leader instructions and 空岗
            save(dialog, title)
        from dutyroom.gui.handover.shots import handover_dialogs

        for dialog, title in handover_dialogs(window):
            save(dialog, title)
        from dutyroom.gui.glance.shots import glance_views

        for widget, title in glance_views(window, (WIDTH, HEIGHT)):
            save(widget, title)
        window.show_page(0)
        window.lock("idle")
        save(window, "锁定")
    finally:
        window.quit_confirmed = True  # pictures, not an officer quitting: the demo's overdue clocks ask nothing
        window.close()
        window.deleteLater()

    login = LoginDialog(services, username="admin")
    _show_offscreen(login)
    save(login, "登录")
    login.close()
    login.deleteLater()

    first = FirstAdminDialog(services)
    first.username_edit.setText("admin")
    first.name_edit.setText("孙明")
    first.password_edit.setText("abc123")
    first.confirm_edit.setText("abc123")
    _show_offscreen(first)
    first.submit()  # a too-short password: the picture shows how an error next to a field looks
    save(first, "首次使用-创建管理员")
    first.close()
    first.deleteLater()
    app.processEvents()
    return written
