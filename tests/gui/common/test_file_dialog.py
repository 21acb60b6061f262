"""The file dialog (issue 13 item 12): every word Chinese, toolbar icons that show, opening in the last folder
used or the documents folder — never the working directory."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from dutyroom.gui.common.file_dialog import open_file_name, save_file_name

# A fresh process: the words come from what application() installs at start-up, as in the program.
PROBE = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QToolButton, QTreeView
    from dutyroom.gui import theme
    from dutyroom.gui.app import application

    app = application()
    theme.apply_theme(app, sys.argv[2])
    dialog = QFileDialog(None, "保存值班表", sys.argv[1], "PDF 文件 (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own dialog: the one that needed words
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.resize(760, 480)
    dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    model = view.model()
    # The folder is read on Qt's own thread: wait for its signal (5 s at most), not for a time.
    wait = QEventLoop()
    model.directoryLoaded.connect(lambda *_: wait.quit())
    QTimer.singleShot(5000, wait.quit)
    if not model.rowCount(view.rootIndex()):
        wait.exec()
    app.processEvents()
    def icon_pixels(button):
        image = button.grab().toImage()
        w, h = image.width(), image.height()
        ground = image.pixelColor(3, h // 2)
        return sum(1 for x in range(w // 2 - 6, w // 2 + 6) for y in range(h // 2 - 6, h // 2 + 6)
                   if max(abs(image.pixelColor(x, y).red() - ground.red()), abs(image.pixelColor(x, y).green()
                          - ground.green()), abs(image.pixelColor(x, y).blue() - ground.blue())) > 40)
    print(json.dumps({
        "labels": [dialog.findChild(QLabel, n).text() for n in ("lookInLabel", "fileNameLabel", "fileTypeLabel")],
        "buttons": [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()],
        "types": [model.index(r, 2, view.rootIndex()).data() for r in range(model.rowCount(view.rootIndex()))],
        "tools": {b.objectName(): icon_pixels(b) for b in dialog.findChildren(QToolButton) if b.isVisible()},
    }, ensure_ascii=False))
""")


def probe(tmp_path: Path, theme: str) -> dict:
    (tmp_path / "folder" / "值班表").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DUTYROOM_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "folder"), theme], capture_output=True,
                          text=True, env=env, timeout=120, cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_qts_own_dialog_speaks_chinese_and_shows_its_icons(tmp_path):
    for theme in ("light", "dark"):
        seen = probe(tmp_path, theme)
        for text in seen["labels"] + seen["buttons"]:
            assert not re.search(r"[A-Za-z]", re.sub(r"\(&[A-Z]\)|&", "", text)), text  # "查找范围(&L)："
        assert seen["labels"] == ["查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)："]
        assert {"保存(&S)", "取消"} <= set(seen["buttons"])
        assert seen["types"] == ["文件夹"]
        assert set(seen["tools"]) >= {"backButton", "toParentButton", "newFolderButton", "detailModeButton"}
        # Every toolbar button shows its icon: ink in the middle of the button, not an empty squeezed box.
        assert all(ink >= 12 for ink in seen["tools"].values()), (theme, seen["tools"])


def test_the_dialog_starts_in_the_documents_folder_then_where_the_last_file_went(tmp_path, monkeypatch):
    asked = []

    def dialog(parent, title, start, patterns):  # the edge: the dialog the user would answer
        asked.append(start)
        return str(tmp_path / "月报" / "值班表.pdf"), patterns

    (tmp_path / "月报").mkdir()
    monkeypatch.chdir(tmp_path)  # the working directory must never be where the dialog opens
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    from dutyroom.workstation import Workstation, save_workstation

    save_workstation(Workstation())
    assert save_file_name(None, "保存值班表", "值班表.pdf", "PDF 文件 (*.pdf)") == str(tmp_path / "月报" / "值班表.pdf")
    assert asked[0] == str(Path(documents or Path.home()) / "值班表.pdf")
    assert open_file_name(None, "选择要导入的来电台账", "Excel 文件 (*.xlsx)") == str(tmp_path / "月报" / "值班表.pdf")
    assert asked[1] == str(tmp_path / "月报")  # the folder the last file was saved to, remembered on this workstation
    save_workstation(Workstation())
