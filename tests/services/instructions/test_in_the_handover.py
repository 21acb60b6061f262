"""Instructions and 空岗 records reach the handover area: the duty log of the shift lists them, and an
instruction not yet carried out is proposed as a handover item until it is."""

from datetime import timedelta

from dutyroom.domain.vocabulary import EmptyPostKind, ItemSource
from dutyroom.services.records import InstructionRecord
from tests.services.handover.helpers import DAY1, key, staff


def test_the_duty_log_lists_the_shifts_instructions_and_empty_posts(services, actors, clock):
    admin, leader, officer = actors
    staff(services, admin)
    given = services.instructions.give(officer, InstructionRecord(
        "张志强", "请市应急局连夜排查寒潮防范措施", clock.now(), leader_title="副市长", passed_to="市应急管理局"))
    post = services.empty_posts.record(EmptyPostKind.PRESENCE_MISSED, clock.now() + timedelta(hours=17),
                                       "02:00 在岗确认，5 分钟内无人确认")
    assert post is not None
    services.empty_posts.explain(officer, post.id, post.version, "巡查设备未听到提示")
    activity = services.handover.duty_log(DAY1).activity
    [line] = activity.instructions
    assert line == "09:00 张志强（副市长）批示：请市应急局连夜排查寒潮防范措施（落实中，已转市应急管理局）"
    [empty] = activity.empty_posts
    assert "在岗确认未应答" in empty and "孙明" in empty and "说明：巡查设备未听到提示" in empty and "未关闭" in empty
    assert services.handover.duty_log(key(22)).activity.instructions == ()

    proposed = [p for p in services.handover.proposals(DAY1) if p.source == ItemSource.INSTRUCTION]
    assert [p.source_id for p in proposed] == [str(given.id)]
    assert "张志强（副市长）“请市应急局连夜排查寒潮防范措施”（落实中，已转市应急管理局）" in proposed[0].title
    done = services.instructions.get(given.id)
    services.instructions.add_feedback(leader, done.id, done.version, "已落实", done=True)
    assert [p for p in services.handover.proposals(DAY1) if p.source == ItemSource.INSTRUCTION] == []
