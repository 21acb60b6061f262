"""Every form's primary button names its key ("保存 Ctrl+Enter"), also after a refused save, and the key
does what the button says (found by hand: the incident form's button read "保存" after an error)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDialog

from dutyroom.errors import ValidationError
from dutyroom.gui.handover.dialogs import Field, FieldDialog
from dutyroom.gui.incidents.form import IncidentDialog
from tests.gui.helpers import focus
from tests.gui.rollcall.helpers import open_page
from tests.gui.rollcall.test_forms import dialogs as rollcall_dialogs

CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_incident_form_keeps_its_key_on_the_button_after_a_refused_save(qtbot, sqlite_services, accounts):
    dialog = IncidentDialog(sqlite_services, accounts[2])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_button.text() == "保存 Ctrl+Enter"
    dialog.input("title").setText("城西某小区燃气泄漏")  # the rest is missing: the service refuses it
    refused = []

    def refuse(record):
        refused.append(record)
        raise ValidationError({"place": "请填写事发地点"})

    dialog.submit = refuse
    focus(qtbot, dialog.input("title"))
    qtbot.keyClick(dialog.input("title"), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: bool(refused) and not dialog.saving)
    assert dialog.isVisible() and dialog.save_button.text() == "保存 Ctrl+Enter"


def test_every_roll_call_and_handover_form_names_ctrl_enter_and_saves_with_it(qtbot, sqlite_services, accounts):
    svc, admin = sqlite_services, accounts[0]
    page = open_page(qtbot, svc, admin)
    for dialog, _ in rollcall_dialogs(svc, admin, page):
        assert dialog.save_button.text().endswith(" Ctrl+Enter"), (type(dialog).__name__, dialog.save_button.text())
        dialog.deleteLater()
    kept = []
    form = FieldDialog(page, "补正", [Field("text", "内容", "text")], lambda values: kept.append(values) or values,
                       save_text="保存修正")
    form.open()
    qtbot.waitUntil(form.isVisible)
    assert form.save_button.text() == "保存修正 Ctrl+Enter"
    bold = form.save_button.font()
    bold.setBold(True)  # the default button is drawn bold: its key is not cut off
    assert form.save_button.width() > QFontMetrics(bold).horizontalAdvance(form.save_button.text())
    form.inputs["text"].setPlainText("交班时漏记一条来电")
    focus(qtbot, form.inputs["text"])
    qtbot.keyClick(form.inputs["text"], Qt.Key.Key_Return, CTRL)  # from the multi-line box
    qtbot.waitUntil(lambda: form.result() == QDialog.DialogCode.Accepted)
    assert kept == [{"text": "交班时漏记一条来电"}]
