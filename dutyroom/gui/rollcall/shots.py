"""The 视频点名 views for `dutyroom screenshot` beyond its five tabs: the live roll-call half way through
(one unit ringing past the answer limit), the plan form showing an error, the upper-level form with its
checklist, and the 通报 being edited. Each picture starts from the demo's data and tidies up after itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult


def rollcall_views(window) -> Iterator[tuple[object, str]]:
    """Yield (widget, title) with the page or dialog ready to grab."""
    from dutyroom.gui.rollcall import RollCallPage
    from dutyroom.gui.rollcall.notice import NoticeDialog
    from dutyroom.gui.rollcall.plan_form import PlanDialog
    from dutyroom.gui.rollcall.upper_form import UpperDialog

    page = next((p for p in window.pages if isinstance(p, RollCallPage)), None)
    if page is None:
        return
    window.show_page(window.pages.index(page))
    services, actor = page.services, page.actor
    rc = services.rollcall
    units = [u.id for u in services.units.list(include_inactive=False)][:12]
    record = rc.create_rollcall(actor, RollCallKind.HOST, services.clock.now(), units)
    clock = services.clock
    start = clock.now()
    try:
        results = (RollCallResult.PRESENT, RollCallResult.PRESENT, RollCallResult.ABSENT, RollCallResult.PRESENT,
                   RollCallResult.NO_ANSWER)
        for entry, (seconds, result) in zip(record.entries, zip((12, 25, 31, 18, 60), results, strict=True),
                                            strict=False):
            rc.mark_calling(actor, entry.id)
            _advance(clock, seconds)
            rc.mark_result(actor, entry.id, result, answerer="值班员" if result == RollCallResult.PRESENT else "",
                           position="值班员" if result == RollCallResult.PRESENT else "")
        rc.mark_calling(actor, record.entries[5].id)
        _advance(clock, 75)  # ringing past the 60 s limit: the 超时 flag shows
        page.run(record.id)
        page.live.go_to(5)
        page.live.tick()
        yield window, "视频点名-点名进行中"
        # Called to the end and finished, so the next theme's pictures do not open on it (a running
        # roll-call is resumed when the page is shown).
        for entry in rc.get(record.id).entries:
            if entry.result is None:
                rc.mark_result(actor, entry.id, RollCallResult.PRESENT)
        rc.finish(actor, record.id)
        page.live.leave()
    finally:
        if hasattr(clock, "set"):
            clock.set(start)  # every later picture shows the screenshot moment again

    dialog = PlanDialog(services, actor, None, page)
    dialog.input("name").setText("每周一本级视频点名")
    dialog.input("at_time").setText("25:00")
    dialog.open()
    dialog.save()  # an impossible time and no units: the messages next to the fields
    yield dialog, "视频点名-点名计划表单"
    dialog.done(0)

    dialog = UpperDialog(services, actor, None, page)
    for box in list(dialog.checks.values())[:2]:
        box.setChecked(True)
    dialog.caller.setText("青川市人民政府总值班室 王科长")
    dialog.answerer.setText("李带班（带班领导）")
    dialog.asked.setPlainText("询问当日值班安排和夜间值守人员，要求汇报近期防汛准备情况。")
    dialog.open()
    yield dialog, "视频点名-上级点名登记"
    dialog.done(0)

    finished = next((r for r in rc.history(0, 20, kind=RollCallKind.HOST) if r.frozen), None)
    if finished is not None:
        dialog = NoticeDialog(services, actor, finished.id, page)
        dialog.open()
        yield dialog, "视频点名-编发通报"
        dialog.done(0)


def _advance(clock, seconds: int) -> None:
    # The screenshot clock is a FakeClock: the stopwatch runs without waiting.
    if hasattr(clock, "advance"):
        clock.advance(timedelta(seconds=seconds))
