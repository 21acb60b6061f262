"""Saving a document from a page: the messages when it cannot be written, and the button meanwhile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from dutyroom import paths
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.documents import save_document, save_failure, write_in_background


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


def test_save_document_asks_once_adds_the_extension_and_writes_in_the_background(qtbot, tmp_path, monkeypatch):
    page = QWidget()
    qtbot.addWidget(page)
    button = QPushButton(page)
    asked = []

    def fake_dialog(parent, caption, default, filters):
        asked.append((caption, default, filters))
        return str(tmp_path / "登记表"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    saved = []
    path = save_document(page, button, "来电登记表", lambda target: Path(target).write_text("x", encoding="utf-8"),
                         title="保存", name="来电登记表.pdf", on_saved=saved.append, on_failed=saved.append)
    assert path == str(tmp_path / "登记表.pdf") and not button.isEnabled()
    qtbot.waitUntil(button.isEnabled)
    assert saved == [path] and Path(path).read_text(encoding="utf-8") == "x"
    assert len(asked) == 1 and asked[0][1].endswith("来电登记表.pdf") and asked[0][2] == "PDF 文件 (*.pdf)"


def test_save_document_does_nothing_when_the_dialog_is_cancelled(qtbot, monkeypatch):
    page = QWidget()
    qtbot.addWidget(page)
    button = QPushButton(page)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    written = []
    assert save_document(page, button, "值班表", written.append, title="保存", name="值班表.pdf") is None
    assert button.isEnabled() and written == []


def test_the_open_database_and_the_data_folder_are_refused_with_a_message(qtbot, sqlite_services, monkeypatch):
    page = QWidget()
    qtbot.addWidget(page)
    button = QPushButton(page)
    live = sqlite_services.db.sqlite_path
    for chosen, reason in ((live.with_suffix(".pdf").with_name(live.name + ".pdf"), None),
                           (paths.data_dir() / "值班表.pdf", "数据文件夹")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, c=chosen, **k: (str(c), "")))
        written = []
        result = save_document(page, button, "值班表", written.append, title="保存", name="值班表.pdf")
        if reason is None:  # "<database>.pdf" is a new file beside the database: allowed
            assert result == str(chosen)
            qtbot.waitUntil(button.isEnabled)
        else:
            assert result is None and written == [] and reason in page.prompt.text()


def test_an_added_extension_that_would_replace_a_file_is_asked_about(qtbot, tmp_path, monkeypatch):
    page = QWidget()
    qtbot.addWidget(page)
    button = QPushButton(page)
    (tmp_path / "登记表.pdf").write_text("旧的", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "登记表"), "")))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    written = []
    assert save_document(page, button, "来电登记表", written.append, title="保存", name="x.pdf") is None
    assert asked == ["“登记表.pdf”已存在，要替换它吗？"] and written == []
    assert (tmp_path / "登记表.pdf").read_text(encoding="utf-8") == "旧的"
