"""The demo's four weeks of handovers: one late with its reason, an item dropped with a note, one missed."""

from datetime import timedelta

from dutyroom.domain.vocabulary import EquipmentState, HandoverStatus, ItemClosing
from dutyroom.services.demo import seed_demo


def test_four_weeks_of_handovers(services, clock):
    seed_demo(services, password_source=lambda name: "demo2026pass")
    ho = services.handover
    today = ho.today()
    records = ho.handovers_between(today - timedelta(days=40), today)
    assert len(records) == 28
    missed = [r for r in records if r.status == HandoverStatus.MISSED]
    late = [r for r in records if r.outside_window]
    assert len(missed) == 1 and missed[0].incoming == ""
    assert len(late) == 1 and late[0].outside_reason.startswith("接班人参加全区防汛防寒会商会议")
    assert all(r.anchor_hash for r in records) and services.audit.verify().ok
    closed = [i for r in records for i in ho.items_of_shift(r.shift) if i.closing == ItemClosing.DROPPED]
    assert closed and closed[0].closing_note.endswith("本室不再跟踪")
    faults = [e for r in records for e in ho.duty_log(r.shift).equipment if e.state == EquipmentState.FAULT]
    assert {e.name for e in faults} == {"传真", "视频会议系统"}
    # The current shift starts with what is still open: the item of yesterday and the proposals of the areas.
    current = ho.shift_at().key
    draft = ho.prepare(services.users.login("officer", "demo2026pass"), current)
    titles = [i.title for i in draft.items]
    assert "明早8时前收集各镇街防寒物资储备情况" in titles and any(t.startswith("督办：") for t in titles)
    assert ho.reviews(records[-1].shift) or ho.reviews(records[-2].shift) or ho.reviews(records[-3].shift)
    figures = ho.figures(today - timedelta(days=40), today)
    assert (figures.shifts, figures.on_time, figures.late, figures.missed) == (28, 26, 1, 1)
    assert figures.reviewed == 8 and figures.on_time_rate == 26 / 28  # every third shift, the missed one not


def test_every_audit_entry_of_the_demo_handovers_has_words(services):
    from dutyroom.services.audit import ACTION_LABELS, ENTITY_LABELS
    from dutyroom.services.records import SYSTEM_ACTOR

    seed_demo(services, password_source=lambda name: "demo2026pass")
    kinds = {"duty_log", "log_entry", "equipment", "equipment_status", "handover_item", "handover", "review"}
    entries = [e for e in services.audit.page(SYSTEM_ACTOR, 0, 100_000) if e.entity_kind in kinds]
    assert {e.entity_kind for e in entries} >= {"log_entry", "equipment_status", "handover_item", "handover", "review"}
    assert {e.entity_kind for e in entries} <= set(ENTITY_LABELS)
    assert {e.action for e in entries} <= set(ACTION_LABELS)
