"""突发事件 page: incidents, their report chains, clocks and leaders' instructions."""

from dutyroom.gui.incidents.page import IncidentsPage

__all__ = ["IncidentsPage"]
