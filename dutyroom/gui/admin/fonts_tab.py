"""文书字体: which fonts this workstation prints its documents in, and the files the administrator chose.

The choice is the workstation's (a font file lives on one machine), kept in its settings file; the
tab says what every document will be printed in, and how to install the official fonts, before
anyone prints a paper to sign.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.gui.common.file_dialog import open_file_name
from dutyroom.gui.common.prompts import mark
from dutyroom.gui.common.widgets import add_shortcut
from dutyroom.workstation import load_workstation, save_workstation

ROLES = (("title", "标题（方正小标宋）"), ("heading", "小标题（黑体）"), ("body", "正文（仿宋_GB2312）"),
         ("kai", "楷体行（楷体_GB2312）"))
_FIELD = {"title": "font_title", "heading": "font_heading", "body": "font_body", "kai": "font_kai"}


class FontsTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fonts_tab")
        layout = QVBoxLayout(self)
        self.notice = QLabel(self)
        self.notice.setObjectName("fonts_notice")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for role, label in ROLES:
            edit = QLineEdit(self)
            edit.setObjectName(f"font_{role}_edit")
            edit.setPlaceholderText("留空：自动查找已安装的官方字体")
            choose = QPushButton("选择…", self)
            choose.setObjectName(f"font_{role}_choose")
            choose.clicked.connect(lambda *_, r=role: self.choose(r))
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(choose)
            error = mark(QLabel(self), "error")
            error.setWordWrap(True)
            error.hide()
            form.addRow(label, row)
            form.addRow("", error)
            self.edits[role], self.errors[role] = edit, error
        layout.addLayout(form)
        self.save_button = QPushButton("保存字体设置 (Ctrl+S)", self)
        self.save_button.setObjectName("fonts_save_button")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(lambda *_: self.save())
        add_shortcut(self, ["Ctrl+S"], self.save)
        self.message = mark(QLabel(self), "ok")
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.message, 1)
        layout.addLayout(bottom)
        layout.addStretch(1)
        self.loaded = False

    def ensure_loaded(self) -> None:
        """Fill the tab when it is first shown: finding fonts walks the system's font folders."""
        if not self.loaded:
            self.loaded = True
            self.reload()

    def reload(self) -> None:
        ws = load_workstation()
        for role, edit in self.edits.items():
            edit.setText(getattr(ws, _FIELD[role]))
        self.show_notice()

    def show_notice(self) -> None:
        from dutyroom.reports.font_notice import notice  # reportlab loads only when this tab is looked at

        self.notice.setText(notice())

    def choose(self, role: str) -> None:
        path = open_file_name(self, "选择字体文件", "TrueType 字体 (*.ttf *.ttc *.TTF *.TTC)", self.edits[role].text())
        if path:
            self.edits[role].setText(path)
            self.edits[role].setFocus()

    def save(self) -> None:
        from dutyroom.reports import fonts

        self.message.clear()
        chosen = {role: edit.text().strip() for role, edit in self.edits.items()}
        problems = {role: fonts.check_font_file(role, file) for role, file in chosen.items() if file}
        for role, error in self.errors.items():
            error.setText(f"⚠ {problems[role]}" if problems.get(role) else "")
            error.setVisible(bool(problems.get(role)))
        if any(problems.values()):
            first = next(role for role in self.edits if problems.get(role))
            self.edits[first].setFocus()
            return
        ws = load_workstation()
        save_workstation(replace(ws, **{_FIELD[role]: str(Path(f)) if f else "" for role, f in chosen.items()}))
        fonts.reset_font_cache()
        self.show_notice()
        self.message.setText("已保存：此后生成的文书使用上面列出的字体。")
