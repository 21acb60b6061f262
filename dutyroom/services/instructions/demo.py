"""Demo data of leaders' instructions (领导批示) and empty posts (空岗): a few open and carried out, one
overdue, one incident's; a missed presence check last week, explained by the officer and closed by the leader."""

from __future__ import annotations

from datetime import timedelta

from dutyroom.domain.vocabulary import EmptyPostKind, InstructionSubject, PassOnChannel, Role
from dutyroom.services.records import SYSTEM_ACTOR, Actor, InstructionRecord

# The demo's leader and officer by name (services/demo.py ACCOUNTS), as the audit log shows them.
DEMO_LEADER = Actor(user_id=None, username="leader", display_name="刘振华", role=Role.LEADER)
DEMO_OFFICER = Actor(user_id=None, username="officer", display_name="吴磊", role=Role.OFFICER)


def seed_instruction_demo(services) -> int:
    """Returns how many instructions it gave."""
    ledger = services.instructions
    now = services.clock.now()
    hours = lambda n: timedelta(hours=n)  # noqa: E731
    open_one = ledger.give(SYSTEM_ACTOR, InstructionRecord(
        "张志强", "请区应急管理局牵头，今晚对全区在建工地防寒潮措施开展一次排查，明早9时前报告结果。", now - hours(3),
        leader_title="副区长", passed_to="区应急管理局", pass_channel=PassOnChannel.FAX, due_at=now + hours(15)))
    ledger.add_feedback(SYSTEM_ACTOR, open_one.id, open_one.version, "区应急管理局已部署，排查正在进行。")
    ledger.give(SYSTEM_ACTOR, InstructionRecord(
        "陈建国", "请区水务局今天下午回复城关片区停水原因和恢复时间。", now - hours(30), leader_title="区长",
        passed_to="区水务局", pass_channel=PassOnChannel.PHONE, due_at=now - hours(20)))  # overdue: chased
    ledger.give(SYSTEM_ACTOR, InstructionRecord(
        "李文华", "元旦假期值班安排请提前报我审定。", now - hours(5), leader_title="常务副区长"))
    incidents = services.incidents.list(limit=1)
    count = 3
    if incidents and incidents[0].id is not None:
        services.incidents.add_instruction(SYSTEM_ACTOR, incidents[0].id, InstructionRecord(
            "王海燕", "请区卫生健康局做好伤员救治，每两小时报告一次。", max(incidents[0].received_at, now - hours(2)),
            leader_title="副区长", passed_to="区卫生健康局", pass_channel=PassOnChannel.SMS))
        count += 1
    for given_days, leader, title, text, to, feedback in (
            (6, "刘振华", "区政府办公室主任", "值班电话、传真每班测试一次，结果记入值班日志。", "值班科",
             "已纳入交接班检查项，每班测试并记录。"),
            (12, "陈建国", "区长", "请区交通运输局排查公交站台积水点，一周内整改到位。", "区交通运输局",
             "已排查积水点 7 处，全部整改完毕。")):
        given = ledger.give(SYSTEM_ACTOR, InstructionRecord(
            leader, text, now - timedelta(days=given_days), leader_title=title, passed_to=to,
            pass_channel=PassOnChannel.PHONE, due_at=now - timedelta(days=given_days - 3),
            subject=InstructionSubject.FREE))
        ledger.add_feedback(DEMO_LEADER, given.id, given.version, feedback, done=True)
        count += 1
    return count


def seed_empty_post_demo(services) -> None:
    """Last week's missed presence check: recorded, explained by the officer, closed by the leader."""
    posts = services.empty_posts
    at = (services.clock.now() - timedelta(days=5)).replace(minute=17, second=0, microsecond=0)
    post = posts.record(EmptyPostKind.PRESENCE_MISSED, at, "在岗确认 5 分钟内无人确认")
    if post is None or post.id is None:
        return
    explained = posts.explain(DEMO_OFFICER, post.id, post.version,
                              "当时在值班室外接听上级来电核实情况，未及时确认；已向带班领导说明。")
    posts.close(DEMO_LEADER, explained.id, explained.version)
