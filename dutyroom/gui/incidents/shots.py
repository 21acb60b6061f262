"""The incident dialogs for `dutyroom screenshot`: the registration form showing an error, a report."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QDateTime


def incident_dialogs(window) -> Iterator[tuple[object, str]]:
    """Yield (dialog, title) with each dialog open and filled in; the caller grabs, then it is closed."""
    from dutyroom.gui.incidents import IncidentsPage, actions

    page = next((p for p in window.pages if isinstance(p, IncidentsPage)), None)
    if page is None:
        return
    window.show_page(window.pages.index(page))

    actions.new_incident(page)
    dialog = page.dialog
    dialog.input("title").setText("城西镇化工厂储罐起火")
    dialog.input("place").setText("城西镇工业园区8号")
    now = dialog.input("received_at").dateTime()
    dialog.input("occurred_at").setDateTime(QDateTime(now).addSecs(-10 * 60))  # after received: an error to show
    dialog.input("received_at").setDateTime(QDateTime(now).addSecs(-25 * 60))
    dialog.input("measures").setPlainText("已通知消防、应急、环保部门赶赴现场，疏散周边群众。")
    dialog.unknown["injured"].setChecked(True)
    # Screenshots log in as the administrator, who may not register incidents: the picture shows what an
    # officer sees, the messages next to the fields.
    from dutyroom.services.records import SYSTEM_ACTOR

    dialog.actor = SYSTEM_ACTOR
    dialog.save()
    yield dialog, "突发事件-登记事件"
    dialog.drafts.timer.stop()
    dialog.close()

    if page.incident is not None and page.buttons["report"].isEnabled():
        actions.send_report(page)
        dialog = page.dialog
        yield dialog, "突发事件-报送报告"
        dialog.close()
