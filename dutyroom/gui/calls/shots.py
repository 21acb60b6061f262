"""The 来电登记 views for `dutyroom screenshot` beyond its three tabs: a search with its similar calls, and
the 催办 dialog of the 督办 list."""

from __future__ import annotations

from collections.abc import Iterator

from dutyroom.domain.vocabulary import FollowUpKind


def call_views(window) -> Iterator[tuple[object, str]]:
    """Yield (widget, title) with the page or dialog ready to grab; everything is put back afterwards."""
    from dutyroom.gui.calls import actions
    from dutyroom.gui.calls.page import FOLLOW_UPS, LOG, CallsPage

    page = next((p for p in window.pages if isinstance(p, CallsPage)), None)
    if page is None:
        return
    window.show_page(window.pages.index(page))

    page.tabs.setCurrentIndex(LOG)
    yield from _entry_form(window)
    page.filters.search_edit.setText("停水")
    page.filters.timer.stop()
    page.apply_filter()  # at once, not after the typing pause
    yield window, "来电登记-搜索停水"
    page.filters.clear_all()

    page.tabs.setCurrentIndex(FOLLOW_UPS)
    if page.follow_view.record is not None:
        actions.follow_up(page, FollowUpKind.CHASE)
        dialog = page.dialog
        dialog.note_edit.setPlainText("已电话催促承办单位，对方答复两日内反馈办理结果。")
        yield dialog, "来电登记-催办"
        dialog.close()
    page.tabs.setCurrentIndex(LOG)


def _entry_form(window) -> Iterator[tuple[object, str]]:
    """A call being typed by a caller who rang before: the history says how often, and about what."""
    from dutyroom.gui.calls.entry import open_call_entry

    dialog = open_call_entry(window, window.services, window.actor)
    dialog.input("caller_number").setText("139 0000 5101")
    dialog.input("caller_name").setText("刘女士")
    dialog.input("summary").setPlainText("幸福里小区还是停水，已经第四天了，老人孩子生活困难，要求尽快恢复供水")
    dialog.history.answer_now()
    yield dialog, "来电登记-登记来电"
    dialog.drafts.discard()
    dialog.done(0)  # not reject(): that asks before throwing away what was typed
