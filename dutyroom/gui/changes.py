"""Brings service change announcements onto the GUI thread as one Qt signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from dutyroom.services.events import Change, ChangeBus


class ChangeBridge(QObject):
    """Subscribe once to the service bus; every page connects to `changed`.

    The bus may publish from any thread (scheduler, a future LISTEN/NOTIFY listener); a Qt signal
    emitted off the GUI thread is queued to receivers on the GUI thread, so pages always refresh safely.
    """

    changed = Signal(object)  # Change

    def __init__(self, bus: ChangeBus, parent: QObject | None = None):
        super().__init__(parent)
        self._unsubscribe = bus.subscribe(self._forward)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def _forward(self, change: Change) -> None:
        self.changed.emit(change)

    def close(self) -> None:
        self._unsubscribe()
