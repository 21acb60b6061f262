"""Qt's own words (standard buttons, context menus) and dates read Chinese once application() has run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dutyroom.gui.app import QT_TRANSLATION, translation_dirs

# A fresh process: the test session's QApplication is made by pytest-qt, not by application().
PROBE = textwrap.dedent("""
    from PySide6.QtCore import QDate, QLocale
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox
    from dutyroom.gui.app import application

    app = application()
    box = QMessageBox(QMessageBox.Icon.Question, "值班室", "继续吗？",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    print(box.button(QMessageBox.StandardButton.Ok).text())
    print(box.button(QMessageBox.StandardButton.Cancel).text())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    print(buttons.button(QDialogButtonBox.StandardButton.Close).text())
    edit = QLineEdit()
    menu = edit.createStandardContextMenu()
    print([a.text().split("\\t")[0] for a in menu.actions() if a.text()][3])
    print(QLocale().name(), QLocale().toString(QDate(2026, 11, 21), "dddd"))
""")


def test_standard_buttons_menus_and_weekdays_are_chinese(tmp_path):
    found = [d for d in translation_dirs() if (d / f"{QT_TRANSLATION}.qm").is_file()]
    if not found:
        reason = f"{QT_TRANSLATION}.qm is not in this Qt install ({', '.join(map(str, translation_dirs()))})"
        print(reason)
        pytest.skip(reason)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DUTYROOM_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    ok, cancel, close, copy, locale = done.stdout.splitlines()
    assert (ok, cancel, close) == ("确定", "取消", "关闭")
    assert copy == "复制(&C)"  # right-click menu of every text field
    assert locale == "zh_CN 星期六"
