"""One sample of the GUI figures of `python -m bench history`, in a fresh process: `python -m bench.history_gui DB REPS`.

The main window as the administrator (every page, 管理 too), the clock standing at the synthetic now,
offscreen. Printed as one JSON line of {figure: [milliseconds…]}:
- first_paint: from opening the database to the first paint of the window;
- page.KEY.build / page.KEY.switch: each page built (its first data read) and its first switch after that
  (the refresh a page does when it comes back into view, and the paint);
- incidents.refresh_scrolled: the 突发事件 list scrolled to its very end, an incident saved by the officer,
  then the page's refresh for that change (its change notice handed to the page again, as the bus does), REPS
  times;
- alert: one alarm raised on the GUI thread for an open clock, with the banner shown, REPS times;
- clock_strip.reload: the strip of open clocks read again and laid out, REPS times;
- audit.open / audit.last_page: the 操作日志 read from the newest (first page and count), and the page at
  the far end of the log as the tab's model fetches it when scrolled there, REPS times.
Times are the wall time of the GUI thread, events processed, as a person waits for them.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace
from datetime import timedelta

TITLE_MARK = "（已核实）"


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


def settle(app) -> None:
    """Until the work the last action started is shown: background reads finished, their results delivered."""
    from PySide6.QtCore import QThreadPool

    from dutyroom.gui.common import background

    for _ in range(50):
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        if not background._running:
            return


def _first_paint(app, build) -> tuple[float, object]:
    from PySide6.QtCore import QEvent, QObject

    painted = []

    class Probe(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if not painted and event.type() == QEvent.Type.Paint and hasattr(obj, "window"):
                painted.append(time.perf_counter())
            return False

    probe = Probe()
    app.installEventFilter(probe)
    start = time.perf_counter()
    window = build()
    window.show()
    while not painted:
        app.processEvents()
    app.removeEventFilter(probe)
    return (painted[0] - start) * 1000.0, window


def measure(db_path: str, reps: int) -> dict[str, list[float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DUTYROOM_MUTE"] = "1"
    from bench.history_data import ACCOUNTS
    from bench.synth import SYNTH_NOW
    from dutyroom.app import open_services
    from dutyroom.domain.clock import FakeClock
    from dutyroom.gui import app as gui_app
    from dutyroom.services.events import Change, EntityKind
    from dutyroom.services.records import Actor

    app = gui_app.application([])
    out: dict[str, list[float]] = {}
    holder = {}

    def build():
        services = open_services(db_path, clock=FakeClock(SYNTH_NOW + timedelta(minutes=5)))
        account = services.users.find(ACCOUNTS[0][0])
        holder["services"] = services
        window = gui_app.build_main_window(services, Actor(account.id, account.username, account.display_name,
                                                           account.role))
        # Its showEvent would start the after-paint work (the next pages, the calls page for the drafts
        # offer) in 100 ms, which is often due by the time the first paint returns: each page is built
        # and timed below on its own, so none is built already when its figure is taken.
        window._call_drafts_offered = True
        return window

    paint_ms, window = _first_paint(app, build)
    out["first_paint"] = [paint_ms]
    services = holder["services"]
    keys = [window._specs[i].icon for i in range(window.nav.count())]
    for i in range(1, window.nav.count()):
        if window._built[i] is not None:  # its figure would time nothing (an earlier bench did, for 来电登记)
            raise RuntimeError(f"page {keys[i]} was built before its build was timed")
        out[f"page.{keys[i]}.build"] = [_ms(lambda i=i: (window.page(i), settle(app)))]
    for i in [*range(1, window.nav.count()), 0]:
        out[f"page.{keys[i]}.switch"] = [_ms(lambda i=i: (window.show_page(i), settle(app)))]

    officer = services.users.find(ACCOUNTS[1][0])
    officer = Actor(officer.id, officer.username, officer.display_name, officer.role)
    index = window._page_index("IncidentsPage")
    page = window.page(index)
    window.show_page(index)
    app.processEvents()
    while page.model.canFetchMore():
        page.model.fetchMore()
    page.table.scrollToBottom()
    app.processEvents()
    last = page.model.incident(page.model.rowCount() - 1)
    change = Change(EntityKind.INCIDENT, str(last.id))  # what each save publishes: the change path again
    samples = []
    for _ in range(reps):
        record = services.incidents.get(last.id)
        title = record.title[:-len(TITLE_MARK)] if record.title.endswith(TITLE_MARK) else record.title + TITLE_MARK
        services.incidents.save(officer, replace(record, title=title))  # the bus refreshes the page once
        settle(app)
        samples.append(_ms(lambda: (page.on_change(change), settle(app))))
    out["incidents.refresh_scrolled"] = samples
    out["incidents.rows_loaded"] = [float(page.model.rowCount())]

    clocks = services.incidents.open_clocks()
    alarm = window.alarm
    samples = []
    for k in range(reps):
        alarm.pending.clear()
        clock_id = clocks[k % len(clocks)].id if clocks else 0
        samples.append(_ms(lambda c=clock_id: (alarm.raise_alarm(c, key="before:30"), settle(app))))
    out["alert"] = samples
    out["open_clocks"] = [float(len(clocks))]
    out["clock_strip.reload"] = [_ms(lambda: (window.clock_strip.reload(), settle(app)))
                                 for _ in range(reps)]

    admin = window.page(window._page_index("AdminPage"))
    tab = admin.audit_tab
    out["audit.open"] = [_ms(lambda: (tab.reload(), settle(app))) for _ in range(reps)]
    with services.db.engine.connect() as conn:
        first_seq = conn.exec_driver_sql("SELECT min(seq) FROM audit_log").scalar() or 1
    size = tab.model.page_size
    after = services.audit.page(window.actor, 0, 1, before=first_seq + size + 1)[0]
    out["audit.last_page"] = [_ms(lambda: tab.model._fetch_page(after, size)) for _ in range(reps)]
    window.quit_confirmed = True
    window.close()
    services.db.dispose()
    return out


if __name__ == "__main__":
    print("SAMPLES " + json.dumps(measure(sys.argv[1], int(sys.argv[2]))), flush=True)
    sys.stdout.flush()
    os._exit(0)  # no teardown: it is not measured, and Qt's at exit is slow
