"""Two workstations on one PostgreSQL database: the documents a scheduled job makes on one (每日要情, the
monthly 信息报告情况通报) are listed, announced and opened on the other (issue 15, item 6). The workstation
that runs the jobs is a real process; this one is the leader's window."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dutyroom.gui.app import build_main_window
from dutyroom.gui.common.loading import loading
from dutyroom.gui.documents.page import DocumentsPage
from tests.conftest import make_accounts

pytestmark = pytest.mark.slow

# argv: url, now (ISO). Runs the digest and the timeliness notice, then prints each stored PDF's sha256.
JOBS_WORKSTATION = """
import hashlib, sys
from datetime import datetime
from dutyroom.app import open_services
from dutyroom.domain.clock import FakeClock
from dutyroom.scheduling import DutyScheduler
svc = open_services(sys.argv[1], clock=FakeClock(datetime.fromisoformat(sys.argv[2])), backup_folder=None)
scheduler = DutyScheduler(svc, register_defaults=False)
scheduler.register_daily_digest()
scheduler.register_timeliness_notice()
outcomes = scheduler.check_due()
assert len(outcomes) == 2 and all(o.ok for o in outcomes), outcomes
for doc in svc.documents.page():
    print(doc.id, hashlib.sha256(svc.documents.content(doc.id)).hexdigest(), flush=True)
svc.db.dispose()
"""


@pytest.fixture
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def test_documents_made_on_another_workstation_are_listed_announced_and_opened_here(
        pg_services, clock, tmp_path, qtbot, quiet, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    services = pg_services
    _, leader, _ = make_accounts(services)
    window = build_main_window(services, leader)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    listener = services.ctx.listen_to_other_workstations()
    try:
        qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
        page = window.current_page()
        assert isinstance(page, DocumentsPage) and page.model.rowCount() == 0
        url = services.db.url.render_as_string(hide_password=False)
        env = {**os.environ, "DUTYROOM_HOME": str(tmp_path / "officer-home")}
        done = subprocess.run([sys.executable, "-c", JOBS_WORKSTATION, url, (clock.now() + timedelta(hours=1)).isoformat()],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        made = dict(line.split() for line in done.stdout.splitlines())

        qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=15000)
        titles = {page.model.index(row, 1).data() for row in range(2)}
        assert titles == {"11月20日每日要情", "2026年10月突发事件信息报告情况通报"}
        # The leader hears of the notice meant for leaders, at this workstation, though it ran over there.
        qtbot.waitUntil(lambda: "2026年10月突发事件信息报告情况通报已生成" in window.notices.text.text(), timeout=15000)
        assert not (tmp_path / "officer-home" / "reports").exists()  # nothing left in the officer's data folder

        # The notice's change may still be re-reading the list: choose the document once the list is in,
        # as the officer does (a choice made meanwhile is applied when the read answers).
        qtbot.waitUntil(lambda: not loading(page, "settings") and not loading(page.model, "rows"), timeout=15000)
        row = next(r for r in range(2) if page.model.record(r).kind == "timeliness_notice")
        wanted = page.model.record(row).id
        page.select(wanted)
        assert page.selected().id == wanted
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(opened) == 1, timeout=15000)
        with open(opened[0], "rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == made[str(wanted)]
    finally:
        listener.stop()
        qtbot.waitUntil(lambda: not window._after_paint.isActive())
        window.close()
        shiboken6.delete(window)
