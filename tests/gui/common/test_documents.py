"""Saving a document from a page: the messages when it cannot be written, and the button meanwhile."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.documents import save_failure, write_in_background


def test_what_the_user_is_told_when_a_file_cannot_be_written():
    assert save_failure(PermissionError(13, "权限不够"), "值班表") == "无法保存文件：权限不够。请换一个文件夹或文件名再试。"
    assert save_failure(DutyRoomError("没有可打印的报告"), "信息报告") == "没有可打印的报告"
    assert save_failure(ValueError("bad"), "来电统计") == "生成来电统计时出错：bad"


def test_the_button_is_off_while_writing_and_a_failure_is_shown(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    button = QPushButton(page)

    def fail():
        raise OSError(28, "磁盘已满")

    write_in_background(page, button, "来电登记表", fail)
    assert not button.isEnabled()
    qtbot.waitUntil(button.isEnabled)
    assert "磁盘已满" in page.prompt.text()
