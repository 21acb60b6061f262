"""Ctrl+Q or the window's close button while a report deadline is overdue and nobody has confirmed it.

Quitting does not stop a deadline: the office still owes the report. The officer is asked first and
told what happens next — the clocks go on, and the next start shows their alarm at once (the banner
recalls every overdue unacknowledged clock on login, gui/alarm.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from dutyroom.domain.localtime import to_local
from dutyroom.gui.clocks import ClockStrip, countdown_text
from dutyroom.gui.common.prompts import confirm
from dutyroom.services.incidents.records import ClockRecord

SHOWN = 5  # clocks named in the question; the rest are counted


def overdue_unacknowledged(clocks: Sequence[ClockRecord], now: datetime) -> list[ClockRecord]:
    """Of the open clocks, those past due that nobody confirmed, most overdue first."""
    return sorted((c for c in clocks if c.due_at <= now and c.acknowledged_at is None), key=lambda c: c.due_at)


def quit_question(clocks: list[ClockRecord], now: datetime, zone: str) -> str:
    lines = [f"· “{c.incident_title}”{c.rule_name}  {countdown_text(c.due_at, now)}"
             f"（截止 {to_local(c.due_at, zone):%m月%d日 %H:%M}）" for c in clocks[:SHOWN]]
    if len(clocks) > SHOWN:
        lines.append(f"· 另有 {len(clocks) - SHOWN} 条")
    return (f"有 {len(clocks)} 条报送时限已超时，尚未确认：\n" + "\n".join(lines)
            + "\n\n退出后时限照常计算。下次启动并登录后，这些超时提醒会立即再次出现并响铃，"
              "直到报送或确认为止。\n\n确定退出吗？")


def ask_before_quit(parent: QWidget, strip: ClockStrip, on_quit: Callable[[], None]) -> QMessageBox | None:
    """The question when something is overdue (None, and nothing asked, when nothing is). The clocks are the
    ones the clock strip holds (read off the GUI thread, again at every change and once a minute) and its
    zone: closing the window asks the database nothing, so a server that stops answering never holds it."""
    now = strip.clock.now()
    clocks = overdue_unacknowledged(strip.records, now)
    if not clocks:
        return None
    box = confirm(parent, "有超时未报的事件", quit_question(clocks, now, strip.zone_name), on_quit, yes_text="仍然退出")
    box.button(QMessageBox.StandardButton.Cancel).setText("返回处理")
    box.setIcon(QMessageBox.Icon.Warning)
    return box
