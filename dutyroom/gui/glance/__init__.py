"""值班首页: the shift at a glance, and its full-screen wallboard (大屏模式)."""

from dutyroom.gui.glance.page import GlancePage

__all__ = ["GlancePage"]
