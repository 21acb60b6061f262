"""The 领导批示 ledger pages by key: open ones first, newest given first, then the carried-out ones,
each instruction once however the pages fall, and the subject and time filters hold on both parts."""

from datetime import timedelta

from dutyroom.domain.vocabulary import InstructionSubject
from dutyroom.services.records import InstructionRecord


def given(services, officer, clock, text: str, hours_ago: int) -> InstructionRecord:
    return services.instructions.give(officer, InstructionRecord(
        leader="张志强", leader_title="副市长", text=text, given_at=clock.now() - timedelta(hours=hours_ago)))


def test_pages_of_two_cross_from_the_open_to_the_carried_out_ones_in_order(services, actors, clock):
    _, leader, officer = actors
    made = [given(services, officer, clock, f"第{n}条批示", hours_ago=10 - n) for n in range(7)]
    for item in (made[1], made[4], made[6]):  # carried out: the newest, one in the middle, an old one
        services.instructions.add_feedback(leader, item.id, item.version, "已落实", done=True)
    pages, after = [], None
    while True:
        page = services.instructions.list(after=after, limit=2)
        if not page:
            break
        pages.append([i.text for i in page])
        after = page[-1]
    assert pages == [["第5条批示", "第3条批示"], ["第2条批示", "第0条批示"], ["第6条批示", "第4条批示"], ["第1条批示"]]
    assert [i.text for i in services.instructions.list(open_only=True)] == ["第5条批示", "第3条批示", "第2条批示",
                                                                             "第0条批示"]
    assert services.instructions.open_count() == 4
    window = services.instructions.list(given_from=made[2].given_at, given_before=made[5].given_at)
    assert [i.text for i in window] == ["第3条批示", "第2条批示", "第4条批示"]
    assert services.instructions.list(subject=InstructionSubject.CALL) == []
