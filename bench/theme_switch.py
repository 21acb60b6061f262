"""The theme switch (浅色/深色主题) on a main window whose every page has been visited (issue 13.13: ≤ 200 ms).

In this process, on the offscreen platform unless QT_QPA_PLATFORM says otherwise: the demo database,
the main window as the officer, every page opened once (pages are built on first visit), then the
theme switched back and forth, each sample ending when the events it queued have been processed. The
baseline is the same switch with a bare QMainWindow as the only window. A switch restyles only what is on
screen (gui/theme_switch.py); the second figure is what that leaves for later: opening a page that was hidden
during a switch, against opening it again with no switch between.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.common import Figure
from bench.launch import prepare_database


def _switch_ms(app, switch, name: str) -> float:
    start = time.perf_counter()
    switch(name)
    app.processEvents()
    return (time.perf_counter() - start) * 1000.0


def run(runs: int = 7, *, quick: bool = False) -> list[Figure]:
    runs = 3 if quick else runs
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QMainWindow

    from dutyroom.app import open_services
    from dutyroom.gui import app as gui_app
    from dutyroom.gui import theme
    from dutyroom.services.records import Actor

    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-theme-") as tmp:
        os.environ["DUTYROOM_HOME"] = tmp  # the switch saves the choice in this workstation's settings
        db_path, username = prepare_database(Path(tmp))
        app = gui_app.application([])
        names = list(theme.THEMES)
        bare_window = QMainWindow()
        bare_window.show()
        app.processEvents()
        baseline = [_switch_ms(app, lambda n: theme.apply_theme(app, n), names[(i + 1) % 2]) for i in range(runs)]
        bare_window.close()
        services = open_services(db_path)
        try:
            account = services.users.find(username)
            window = gui_app.build_main_window(
                services, Actor(account.id, account.username, account.display_name, account.role))
            window.show()
            for row in range(window.nav.count()):
                window.nav.setCurrentRow(row)
                app.processEvents()
            window.nav.setCurrentRow(0)
            app.processEvents()
            samples = [_switch_ms(app, window.set_theme, names[(i + 1) % 2]) for i in range(runs)]
            # A page hidden during the switch takes the theme when it is next opened: opening it then, against
            # opening it with no switch in between (the same page, the same refresh on coming into view).
            shown, plain = [], []
            for i in range(runs):
                row = 1 + i % (window.nav.count() - 1)
                window.set_theme(names[i % 2])
                app.processEvents()
                shown.append(_open_ms(app, window, row))
                plain.append(_open_ms(app, window, row))
            window.close()
        finally:
            services.db.dispose()
    return [Figure("theme.switch", samples, baseline, target="≤ 200 ms", max_median=200.0,
                   baseline_name="same switch, bare window only",
                   note="main window with every page visited, demo database; light ↔ dark alternately"),
            Figure("theme.open_page_after_switch", shown, plain, target="reported",
                   baseline_name="opening the same page with no switch before",
                   note="a page hidden during the switch restyles on its first show after it")]


def _open_ms(app, window, row: int) -> float:
    window.nav.setCurrentRow(0)
    app.processEvents()
    start = time.perf_counter()
    window.nav.setCurrentRow(row)
    app.processEvents()
    return (time.perf_counter() - start) * 1000.0
