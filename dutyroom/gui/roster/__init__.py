"""The duty roster page (排班): month grid, list, per person, warnings, balance, history and setup."""

from dutyroom.gui.roster.page import RosterPage

__all__ = ["RosterPage"]
