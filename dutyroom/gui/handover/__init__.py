"""交接班: the duty log of a shift, 值班记事, equipment, handover items, 交班 with two passwords, 审阅, 修正."""

from dutyroom.gui.handover.page import HandoverPage

__all__ = ["HandoverPage"]
