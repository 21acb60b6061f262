"""Demo incidents: a level II accident (11 deaths: 重大 by the regulations, dutyroom.domain.incident_level)
reported on time with a 续报 owed, a social-security development
with its 2-hour clock running, and a small incident already closed. Times are relative to now."""

from __future__ import annotations

from datetime import timedelta

from dutyroom.domain.vocabulary import Channel, IncidentCategory, IncidentLevel, ReportKind
from dutyroom.services.incidents.records import Casualties, IncidentRecord, InstructionRecord, ReportRecord
from dutyroom.services.records import SYSTEM_ACTOR

UPPER = "市委总值班室、市政府总值班室"


def seed_incident_demo(services) -> list[IncidentRecord]:
    inc = services.incidents
    now = services.clock.now()

    def ago(minutes: int):
        return now - timedelta(minutes=minutes)

    blast = inc.save(SYSTEM_ACTOR, IncidentRecord(
        title="临江工业园化工厂仓库爆炸", occurred_at=ago(100), received_at=ago(90), place="临江区临江工业园纬三路6号",
        category=IncidentCategory.ACCIDENT, sub_type="危险化学品事故", level=IncidentLevel.II,
        source_unit="临江区应急管理局", source_person="杨军", source_phone="0123-82200110",
        casualties=Casualties(deaths=11, injured=9, missing=1, trapped=0), losses="仓库一座损毁，直接经济损失正在核实",
        scope="周边500米内企业已停产，疏散群众约300人", cause="初步判断为违规存放危险化学品，具体原因正在调查",
        measures="消防、应急、卫健等部门已到场处置，伤员送区人民医院救治", trend="明火已扑灭，现场仍有少量烟雾"))
    inc.send_report(SYSTEM_ACTOR, ReportRecord(
        blast.id, ReportKind.FIRST, 0, "临江工业园一化工厂仓库发生爆炸，已造成11人死亡、9人受伤、1人失踪。",
        recipients=UPPER, channel=Channel.PHONE, signer="张局长", sent_at=ago(75)))
    inc.send_report(SYSTEM_ACTOR, ReportRecord(
        blast.id, ReportKind.FOLLOW_UP, 1, "明火已扑灭，疏散群众约300人，伤员均已送医，无生命危险。",
        recipients=UPPER, channel=Channel.FAX, signer="张局长", sent_at=ago(40)))
    inc.add_instruction(SYSTEM_ACTOR, blast.id, InstructionRecord(
        "张局长", "全力搜救失踪人员，做好伤员救治和善后工作，及时续报。", ago(70)))

    gathering = inc.save(SYSTEM_ACTOR, IncidentRecord(
        title="青山镇部分群众聚集反映征地补偿问题", occurred_at=ago(110), received_at=ago(100), place="青山镇人民政府门前",
        category=IncidentCategory.SOCIAL_SECURITY, sub_type="群体性事件", security_development=True,
        level=IncidentLevel.UNRATED, source_unit="青山镇人民政府", source_person="周明", source_phone="0123-82500001",
        casualties=Casualties(0, 0, 0, 0), scope="约40人", measures="镇党委书记已到现场劝导，派出所民警维持秩序"))

    closed = inc.save(SYSTEM_ACTOR, IncidentRecord(
        title="城东街道一居民楼厨房起火", occurred_at=ago(26 * 60), received_at=ago(26 * 60 - 15),
        place="城东街道建设路12号", category=IncidentCategory.ACCIDENT, sub_type="火灾", level=IncidentLevel.IV,
        source_unit="城东街道办事处", casualties=Casualties(0, 0, 0, 0), losses="厨房过火约5平方米",
        cause="居民做饭时离开，锅内油温过高起火", measures="消防救援站出警扑灭"))
    inc.send_report(SYSTEM_ACTOR, ReportRecord(
        closed.id, ReportKind.FIRST, 0, "城东街道建设路12号一居民楼厨房起火，无人员伤亡。", recipients=UPPER,
        channel=Channel.PHONE, signer="李带班", sent_at=ago(24 * 60)))
    inc.send_report(SYSTEM_ACTOR, ReportRecord(
        closed.id, ReportKind.FINAL, 1, "火已扑灭，无人员伤亡，起火原因系居民做饭时离开。", recipients=UPPER,
        channel=Channel.FAX, signer="李带班", sent_at=ago(5 * 60)))
    return [inc.get(blast.id), inc.get(gathering.id), inc.get(closed.id)]
