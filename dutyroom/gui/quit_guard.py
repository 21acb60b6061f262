"""Ctrl+Q or the window's close button while a report deadline is overdue and nobody has confirmed it.

Quitting does not stop a deadline: the office still owes the report. The officer is asked first and
told what happens next — the clocks go on, and the next start shows their alarm at once (the banner
recalls every overdue unacknowledged clock on login, gui/alarm.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from dutyroom.domain.localtime import to_local
from dutyroom.errors import DutyRoomError
from dutyroom.gui.clocks import countdown_text
from dutyroom.gui.common.prompts import confirm
from dutyroom.services.incidents.records import ClockRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

SHOWN = 5  # clocks named in the question; the rest are counted


def overdue_unacknowledged(services: Services) -> list[ClockRecord]:
    """Open clocks past due that nobody confirmed, most overdue first (none when the database is away)."""
    try:
        clocks = services.incidents.open_clocks()
    except DutyRoomError:
        return []
    now = services.clock.now()
    return sorted((c for c in clocks if c.due_at <= now and c.acknowledged_at is None), key=lambda c: c.due_at)


def quit_question(services: Services, clocks: list[ClockRecord]) -> str:
    now, zone = services.clock.now(), services.settings.get().time_zone
    lines = [f"· “{c.incident_title}”{c.rule_name}  {countdown_text(c.due_at, now)}"
             f"（截止 {to_local(c.due_at, zone):%m月%d日 %H:%M}）" for c in clocks[:SHOWN]]
    if len(clocks) > SHOWN:
        lines.append(f"· 另有 {len(clocks) - SHOWN} 条")
    return (f"有 {len(clocks)} 条报送时限已超时，尚未确认：\n" + "\n".join(lines)
            + "\n\n退出后时限照常计算。下次启动并登录后，这些超时提醒会立即再次出现并响铃，"
              "直到报送或确认为止。\n\n确定退出吗？")


def ask_before_quit(parent: QWidget, services: Services, on_quit: Callable[[], None]) -> QMessageBox | None:
    """The question when something is overdue (None, and nothing asked, when nothing is)."""
    clocks = overdue_unacknowledged(services)
    if not clocks:
        return None
    box = confirm(parent, "有超时未报的事件", quit_question(services, clocks), on_quit, yes_text="仍然退出")
    box.button(QMessageBox.StandardButton.Cancel).setText("返回处理")
    box.setIcon(QMessageBox.Icon.Warning)
    return box
