"""The administration page (管理) and its tabs, table models and edit dialogs."""

from dutyroom.gui.admin.page import AdminPage

__all__ = ["AdminPage"]
