"""The handover itself: two people, two passwords, per-item ticks, sealing with the audit anchor, amendments."""

from datetime import timedelta

import pytest

from dutyroom.domain.vocabulary import HandoverStatus
from dutyroom.errors import ValidationError
from dutyroom.services.users import WRONG_PASSWORD
from tests.conftest import PASSWORD
from tests.services.handover.helpers import DAY1, at_handover_of, key, staff


def test_an_item_is_carried_over_three_shifts_and_closed_with_a_note(services, actors, clock):
    admin, _, _ = actors
    people = staff(services, admin)
    ho = services.handover
    item = ho.add_item(people["sunming"], DAY1, "明早9时前向市政府报送寒潮防范情况")
    assert item.holders == (DAY1,) and item.open and item.state_label == "待办"
    hands = [("sunming", "zhouxm", 21), ("zhouxm", "wulei", 22), ("wulei", "wulei", 23)]
    for outgoing, incoming, day in hands[:2]:
        at_handover_of(clock, key(day))
        ho.hand_over(people[outgoing], key(day), incoming, PASSWORD, [item.id])
    at_handover_of(clock, key(23))
    # 吴磊 holds two shifts in a row: he cannot hand over to himself, 周晓梅 comes back in with a leader's approval.
    with pytest.raises(ValidationError) as same:
        ho.hand_over(people["wulei"], key(23), "wulei", PASSWORD, [item.id])
    assert same.value.fields == {"incoming": "接班人不能是交班人本人：请由接班人用自己的账户确认"}
    sealed = ho.hand_over(people["wulei"], key(23), "zhouxm", PASSWORD, [item.id],
                          approver_username="chenjg", approver_password=PASSWORD)
    assert sealed.approved_by == "陈建国"
    carried = ho.item(item.id)
    assert carried.holders == (key(21), key(22), key(23), key(24)) and carried.holder == key(24)
    with pytest.raises(ValidationError) as no_note:
        ho.close_item(people["zhouxm"], item.id, "  ")
    assert no_note.value.fields == {"closing_note": "请填写办结情况或不再交接的原因"}
    closed = ho.close_item(people["zhouxm"], item.id, "已于8时50分报送市政府办公室", carried.version)
    assert not closed.open and closed.state_label == "已办结" and closed.closed_by == "周晓梅"
    assert ho.open_items() == []
    assert [i.id for i in ho.items_of_shift(key(22))] == [item.id]  # the shift's log still lists what it held


def test_two_passwords_the_anchor_and_a_sealed_record(services, actors, clock):
    admin, _, _ = actors
    people = staff(services, admin)
    ho = services.handover
    ho.add_entry(people["sunming"], DAY1, "值班电话、传真测试正常")
    kept = ho.add_item(people["sunming"], DAY1, "督促应急局报送寒潮预警落实情况")
    left = ho.add_item(people["sunming"], DAY1, "核实江北街道停电情况")
    at_handover_of(clock, DAY1)
    draft = ho.prepare(people["sunming"], DAY1)
    assert draft.in_window and draft.incoming.key == key(22) and draft.incoming_rostered == ("陈建国", "周晓梅")
    assert {i.id for i in draft.items} >= {kept.id, left.id}
    assert "18:00 报送每日要情" in [i.title for i in draft.items]  # proposed: scheduled in the incoming shift
    ticked = [i.id for i in draft.items if i.id != left.id]
    # A wrong password of the incoming officer is refused and counts toward their lockout.
    with pytest.raises(ValidationError) as wrong:
        ho.hand_over(people["sunming"], DAY1, "zhouxm", "not-her-password1", [kept.id])
    assert wrong.value.fields == {"incoming_password": WRONG_PASSWORD}  # the login's own words, next to the field
    assert services.users.find("zhouxm").failed_attempts == 1
    with pytest.raises(ValidationError) as same:
        ho.hand_over(people["sunming"], DAY1, "sunming", PASSWORD, [kept.id])
    assert "incoming" in same.value.fields
    assert ho.handover(DAY1) is None
    sealed = ho.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, ticked)
    assert sealed.status == HandoverStatus.SEALED and sealed.outgoing == "孙明" and sealed.incoming == "周晓梅"
    assert services.users.find("zhouxm").failed_attempts == 0
    # The anchor is the head of the audit chain at sealing: the record of the handover itself.
    [head] = services.audit.page(admin, 0, 1)
    assert (sealed.anchor_seq, sealed.anchor_hash) == (head.seq, head.hash) and head.action == "hand_over"
    assert sealed.anchor_text == f"审计链第 {head.seq} 条，哈希 {head.hash}"
    assert services.audit.verify().ok
    # The ticked item went to the incoming shift; the other stayed with the outgoing one, flagged.
    assert ho.item(kept.id).holder == key(22) and ho.item(left.id).holder == DAY1
    assert ho.item(left.id).left_behind and not ho.item(kept.id).left_behind
    assert [a.title for a in sealed.left_items] == ["核实江北街道停电情况"]
    # Sealed: the log and the handover no longer change.
    with pytest.raises(ValidationError) as frozen:
        ho.add_entry(people["sunming"], DAY1, "补记：07:50 交接前巡查", at=clock.now() - timedelta(minutes=5))
    assert frozen.value.fields["shift"].startswith("本班已交接封存")
    with pytest.raises(ValidationError):
        ho.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [left.id])
    with pytest.raises(ValidationError) as no_reason:
        ho.amend(people["sunming"], DAY1, "", "漏记一条")
    assert no_reason.value.fields == {"reason": "请填写补正原因"}
    clock.advance(minutes=10)
    amended = ho.amend(people["sunming"], DAY1, "交接时漏记", "02:10 市应急局电话通知明日寒潮预警，已报告带班领导")
    [amendment] = amended.amendments
    assert amendment.by == "孙明" and amendment.reason == "交接时漏记" and amendment.at == clock.now().replace(microsecond=0)
    assert (amended.anchor_seq, amended.anchor_hash) == (sealed.anchor_seq, sealed.anchor_hash)
    assert ho.handover(DAY1).summary == sealed.summary


def test_outside_the_window_a_reason_is_asked_and_kept(services, actors, clock):
    admin, _, _ = actors
    people = staff(services, admin)
    ho = services.handover
    at_handover_of(clock, DAY1, minutes=75)  # 09:45, the window closed at 09:30
    draft = ho.prepare(people["sunming"], DAY1)
    assert draft.outside_text == "交接时间已超过交接窗口 15 分钟，请填写延迟交接的原因"
    with pytest.raises(ValidationError) as asked:
        ho.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    assert asked.value.fields == {"reason": "交接时间已超过交接窗口 15 分钟，请填写延迟交接的原因"}
    late = ho.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [], reason="接班人参加防汛会商，迟到")
    assert late.outside_window and late.outside_reason == "接班人参加防汛会商，迟到"


def test_an_incoming_officer_not_on_the_roster_needs_a_leader(services, actors, clock):
    admin, _, officer = actors
    people = staff(services, admin)
    ho = services.handover
    at_handover_of(clock, DAY1)
    with pytest.raises(ValidationError) as refused:
        ho.hand_over(people["sunming"], DAY1, "wulei", PASSWORD, [])
    assert refused.value.fields["approver"].startswith("吴磊不在2026年11月22日 全天班的值班表上")
    with pytest.raises(ValidationError) as not_leader:
        ho.hand_over(people["sunming"], DAY1, "wulei", PASSWORD, [], approver_username="officer",
                     approver_password=PASSWORD)
    assert not_leader.value.fields == {"approver": "只有带班领导可以批准不在值班表上的人员接班"}
    done = ho.hand_over(people["sunming"], DAY1, "wulei", PASSWORD, [], approver_username="chenjg",
                        approver_password=PASSWORD)
    assert done.approved_by == "陈建国" and done.incoming == "吴磊"


def test_the_leader_reviews_from_their_own_account(services, actors, clock):
    admin, leader, officer = actors
    people = staff(services, admin)
    ho = services.handover
    with pytest.raises(Exception) as denied:
        ho.review(officer, DAY1, "同意")
    assert "带班领导" in str(denied.value)
    clock.advance(hours=3)
    review = ho.review(people["chenjg"], DAY1, "情况清楚，同意交接")
    assert review.reviewer == "陈建国" and review.at == clock.now().replace(microsecond=0)
    assert ho.reviews(DAY1) == [review]
    assert ho.duty_log(DAY1).reviews == (review,)


def test_two_workstations_sealing_the_same_shift_at_once(services, actors, clock, tmp_path):
    import threading

    from dutyroom.app import open_services

    admin, _, _ = actors
    people = staff(services, admin)
    item = services.handover.add_item(people["sunming"], DAY1, "核实江北街道停电情况")
    other = open_services(services.db.url.render_as_string(hide_password=False), clock=clock,
                          schema=services.db.schema, backup_folder=tmp_path / "other")
    at_handover_of(clock, DAY1)
    start = threading.Barrier(2)
    outcomes: list = []

    def seal(workstation):
        start.wait()
        try:
            outcomes.append(workstation.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [item.id]))
        except ValidationError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=seal, args=(w,)) for w in (services, other)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        other.db.dispose()
    sealed = [o for o in outcomes if not isinstance(o, ValidationError)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(sealed) == 1 and len(refused) == 1 and list(refused[0].fields) == ["shift"]
    assert services.handover.item(item.id).holders == (DAY1, key(22))
    assert services.audit.verify().ok


def test_a_recorded_substitution_puts_the_incoming_officer_on_the_roster(services, actors, clock):
    admin, _, _ = actors
    people = staff(services, admin)
    wulei = services.users.find("wulei").person_id
    [cell] = [c for c in services.roster.cells(key(22).day, key(22).day) if c.position.value == "officer"]
    services.roster.substitute(admin, cell.id, wulei, reason="周晓梅参加培训")
    at_handover_of(clock, DAY1)
    draft = services.handover.prepare(people["sunming"], DAY1)
    assert draft.incoming_rostered == ("陈建国", "吴磊")
    sealed = services.handover.hand_over(people["sunming"], DAY1, "wulei", PASSWORD, [])
    assert sealed.incoming == "吴磊" and sealed.approved_by == ""
    log = services.handover.duty_log(key(22))
    assert log.on_duty.officers == ("吴磊",) and log.on_duty.changes == ("代班：周晓梅 → 吴磊（周晓梅参加培训）",)
