"""Status bar: the live office clock, who is logged in, which database is open."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from dutyroom.domain.clock import Clock
from dutyroom.domain.localtime import format_date_cn, to_local, weekday_name

if TYPE_CHECKING:  # the login dialog uses user_label before the service layer is loaded
    from dutyroom.services import Services
    from dutyroom.services.records import Actor

_ZONE_NAMES = {"Asia/Shanghai": "北京时间", "Asia/Chongqing": "北京时间", "Asia/Urumqi": "乌鲁木齐时间",
               "Asia/Hong_Kong": "香港时间", "Asia/Macau": "澳门时间", "Asia/Taipei": "台北时间"}


def zone_label(zone_name: str) -> str:
    local_name = _ZONE_NAMES.get(zone_name)
    return f"{local_name}/{zone_name}" if local_name else zone_name


def format_clock(instant: datetime, zone_name: str) -> str:
    """'2026年11月21日 星期六 09:00:05 （北京时间/Asia/Shanghai）'."""
    local = to_local(instant, zone_name)
    day = local.date()
    return f"{format_date_cn(day)} {weekday_name(day)} {local:%H:%M:%S} （{zone_label(zone_name)}）"


def user_label(actor: Actor) -> str:
    return f"{actor.display_name or actor.username} · {actor.role.label}"


class StatusClock(QLabel):
    """Ticks once a second from the injected clock, aligned to the second so no second is skipped."""

    def __init__(self, clock: Clock, zone_name: str, parent=None):
        super().__init__(parent)
        self.setObjectName("statusClock")
        self.clock = clock
        self.zone_name = zone_name
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.tick)
        self.tick()
        self.ensurePolished()  # measure with the style sheet's (bold) font
        # Fixed width: a proportional font would otherwise shift the status bar every second.
        sample = format_clock(datetime(2026, 12, 28, 12, 48, 58, tzinfo=timezone.utc), zone_name)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(sample) + 24)

    def set_zone(self, zone_name: str) -> None:
        self.zone_name = zone_name
        self.tick()

    def tick(self) -> None:
        now = self.clock.now()
        text = format_clock(now, self.zone_name)
        if text != self.text():
            self.setText(text)
        # Wake just after the next full second of the clock.
        self.timer.start(1000 - now.microsecond // 1000 + 5)


class StatusArea:
    """The permanent right-hand part of the status bar; temporary messages keep the left."""

    def __init__(self, window: QMainWindow, services: Services, actor: Actor, zone_name: str):
        bar = window.statusBar()
        bar.setSizeGripEnabled(False)
        self.user = QLabel(user_label(actor))
        self.user.setObjectName("statusUser")
        self.user.setToolTip(f"登录账户：{actor.username}")
        description = services.db.describe()
        self.database = QLabel(_elide_middle(description, 48))
        self.database.setObjectName("statusDatabase")
        self.database.setToolTip(f"数据库：{description}")
        self.clock = StatusClock(services.clock, zone_name)
        for widget in (self.user, self.database, self.clock):
            bar.addPermanentWidget(widget)

    def set_zone(self, zone_name: str) -> None:
        self.clock.set_zone(zone_name)


def _elide_middle(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    keep = (limit - 1) // 2
    return text[:keep] + "…" + text[-(limit - 1 - keep):]
