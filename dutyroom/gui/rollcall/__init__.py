"""视频点名: the roll-call page and its dialogs."""

from dutyroom.gui.rollcall.page import RollCallPage

__all__ = ["RollCallPage"]
