"""文件: the documents the scheduled jobs stored (每日要情, 信息报告情况通报), on every workstation."""

from dutyroom.gui.documents.page import DocumentsPage

__all__ = ["DocumentsPage"]
