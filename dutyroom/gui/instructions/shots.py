"""The instruction and 空岗 dialogs for `dutyroom screenshot`: 收到批示 showing an error, 办结, 空岗记录, 情况说明."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace


def instruction_dialogs(window) -> Iterator[tuple[object, str]]:
    """Yield (dialog, title) with each dialog open and filled in; the caller grabs, then it is closed."""
    from dutyroom.gui.instructions.handling import FeedbackDialog
    from dutyroom.gui.instructions.page import InstructionsPage
    from dutyroom.services.records import SYSTEM_ACTOR

    page = next((p for p in window.pages if isinstance(p, InstructionsPage)), None)
    if page is None:
        return
    window.show_page(window.pages.index(page))
    dialog = page.new_instruction()
    dialog.inputs["leader"].setText("张志强")
    dialog.inputs["leader_title"].setText("副区长")
    dialog.inputs["passed_to"].setText("区应急管理局")
    dialog.has_due.setChecked(True)
    dialog.save()  # no text yet: the picture shows the message next to the field
    yield dialog, "领导批示-收到批示"
    dialog.drafts.timer.stop()
    dialog.drafts.discard()
    dialog.done(0)

    item = page.selected()
    if item is not None and item.is_open:
        closing = FeedbackDialog(page.services, SYSTEM_ACTOR, item, page, done=True)
        closing.feedback_edit.setPlainText("区应急管理局已完成排查，整改隐患 3 处，已向张副区长反馈。")
        closing.open()
        yield closing, "领导批示-办结"
        closing.done(0)

    posts = window.show_empty_posts()
    if posts is not None:
        posts.open_only.setChecked(False)
        yield posts, "空岗记录"
        records = [posts.model.record(i) for i in range(posts.model.rowCount())]
        # The demo's record is closed already; the picture shows the dialog as the officer met it (nothing is saved).
        open_post = next((r for r in records if r.is_open), None) or (
            replace(records[0], closed_at=None, closed_by="", explanation="") if records else None)
        if open_post is not None:
            from dutyroom.gui.empty_posts.explain import ExplanationDialog

            explaining = ExplanationDialog(page.services, window.actor, open_post, posts)
            explaining.text_edit.setPlainText("02:00 前往机房检查应急平台网络故障，离开值班台约 40 分钟，已告知带班领导。")
            explaining.open()
            yield explaining, "空岗-情况说明"
            explaining.drafts.timer.stop()
            explaining.done(0)
        posts.done(0)
