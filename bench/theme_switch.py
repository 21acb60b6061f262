"""The theme switch (浅色/深色主题) on a main window whose every page has been visited (issue 13.13: ≤ 200 ms).

In this process, on the offscreen platform unless QT_QPA_PLATFORM says otherwise: the demo database,
the main window as the officer, every page opened once (pages are built on first visit), then the
theme switched back and forth, each sample ending when the events it queued have been processed. The
baseline is the same switch with a bare QMainWindow as the only window.
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
            window.close()
        finally:
            services.db.dispose()
    return [Figure("theme.switch", samples, baseline, target="≤ 200 ms", max_median=200.0,
                   baseline_name="same switch, bare window only",
                   note="main window with every page visited, demo database; light ↔ dark alternately")]
