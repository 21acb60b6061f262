"""Demo telephone log: about 150 calls over the last 30 days, the same on every run (times relative to now).

What a duty officer should meet in it: every category, caller kind and outcome; 转办 calls closed,
in progress and overdue with their 催办/反馈 log; one caller ringing again and again about a water
outage that other residents report too (普遍性); 苗头性 calls about unpaid wages at a building site.
Numbers are fictional (area code 0123 is not assigned in China; mobiles 1390000xxxx/1380000xxxx).
"""

from __future__ import annotations

import random
from datetime import timedelta

from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpStatus
from dutyroom.services.calls.records import CallFilter, CallRecord
from dutyroom.services.records import SYSTEM_ACTOR

OFFICERS = ("孙明", "周晓梅", "吴磊", "郑佳", "冯涛", "何雪")
P, E, S, D, U = CallerKind.PUBLIC, CallerKind.ENTERPRISE, CallerKind.SUBORDINATE, CallerKind.DEPARTMENT, CallerKind.UPPER
A, T, R, C, X = (CallOutcome.ANSWERED, CallOutcome.ASSIGNED, CallOutcome.REPORTED, CallOutcome.CLOSED,
                 CallOutcome.INVALID)

# (category, caller kind, caller unit, summary, outcome, 处理情况 or 承办单位 for 转办)
TEMPLATES: list[tuple[str, CallerKind, str, str, CallOutcome, str]] = [
    ("咨询", P, "", "咨询社保卡补办需要带哪些材料，到哪个窗口办理", A, "已一次性告知所需材料和区政务服务中心地址"),
    ("咨询", P, "", "询问新生儿医保参保登记流程", A, "已告知可在区医保局窗口或线上办理"),
    ("咨询", P, "", "咨询老旧小区加装电梯补贴政策", A, "已告知向区住房和城乡建设局咨询，电话0123-83000110"),
    ("咨询", E, "临江物流有限公司", "询问节日期间货车进城限行时间", A, "已告知限行时段及区交通运输局公告"),
    ("求助", P, "", "城关正街路灯损坏多日不亮，夜间行人不便", T, "城关街道办事处"),
    ("求助", P, "", "滨江大道一路段井盖缺失，存在安全隐患", T, "区住房和城乡建设局"),
    ("求助", P, "", "独居老人家中断电，请求协调电力抢修", T, "城关街道办事处"),
    ("投诉", P, "", "青山路夜间施工噪音扰民，影响休息", T, "区生态环境分局"),
    ("投诉", P, "", "商贸街一餐馆油烟直排，多次反映未解决", T, "区市场监督管理局"),
    ("投诉", P, "", "公交12路晚班车经常不按时发车", T, "区交通运输局"),
    ("投诉", E, "新桥建材商行", "反映办理营业执照变更时窗口推诿", R, "已报告带班领导刘振华主任"),
    ("举报", P, "", "举报白石镇一小作坊疑似生产假冒食品", T, "区市场监督管理局"),
    ("举报", P, "", "举报江边有人非法捕捞", T, "区水务局"),
    ("突发事件报告", S, "区消防救援大队", "城东一居民楼厨房起火，已出警扑灭，无人员伤亡", R, "已报告带班领导并续报区应急管理局"),
    ("突发事件报告", S, "区应急管理局", "临江工业园一企业发生少量危化品泄漏，已处置", R, "已报告带班领导李文华副区长"),
    ("突发事件报告", S, "新桥镇人民政府", "新桥镇一处山体小面积滑坡，无人员伤亡，道路临时封闭", R, "已报告带班领导，通知区交通运输局"),
    ("通知", U, "青川市人民政府总值班室", "通知明日上午九点召开防汛工作视频会议，请做好参会准备", C, "已通知区政府办公室秘书科"),
    ("通知", U, "青川市人民政府总值班室", "通知本周五下午开展视频点名，请保持值班电话畅通", C, "已登记并报告带班领导"),
    ("通知", D, "区政府办公室督查科", "通知各单位报送本月督查事项办理情况", C, "已转发各单位值班室"),
    ("其他", P, "", "来电人未说明事由即挂断", X, "无声电话，回拨无人接听"),
    ("其他", P, "", "误拨值班电话，询问快递网点", X, "打错电话，已告知"),
]
# A water outage one resident keeps calling about, and neighbours report too.
WATER = [
    ("13900005101", "刘女士", "江北街道幸福里小区停水，已经一天了，什么时候恢复供水"),
    ("13900005101", "刘女士", "幸福里小区还是停水，家里有老人，请尽快恢复供水"),
    ("13800005102", "陈先生", "幸福里小区3栋停水两天了，没有接到停水通知"),
    ("13900005101", "刘女士", "幸福里小区停水第三天，再次反映，要求尽快恢复供水"),
    ("13800005103", "赵大爷", "幸福里小区停水，物业说是主管道破裂，请督促抢修"),
]
WAGES = ["临江新城工地十几名农民工反映被拖欠三个月工资", "临江新城工地工人反映工资仍未发放，情绪激动",
         "又有工人反映临江新城工地欠薪，准备到区政府上访"]
# Most calls are answered or reported on the spot; about one in four is handed to a unit, few are void.
WEIGHTS = [{CallOutcome.ASSIGNED: 2, CallOutcome.INVALID: 1}.get(t[4], 4) for t in TEMPLATES]
NAMES = ("王先生", "李女士", "张先生", "黄女士", "周先生", "吴女士", "徐先生", "孙女士", "马先生", "朱女士")


def seed_call_demo(services, actor=SYSTEM_ACTOR) -> int:
    """Log the demo calls into an empty log; returns how many (0 when the log already has calls)."""
    calls = services.calls
    if calls.count(CallFilter()):
        return 0
    rng = random.Random(20261121)
    now = services.clock.now().replace(second=0, microsecond=0)
    logged = 0

    def log(minutes_ago: int, **fields) -> CallRecord:
        nonlocal logged
        started = now - timedelta(minutes=minutes_ago)
        day = minutes_ago // (24 * 60)
        fields.setdefault("officer", OFFICERS[day % len(OFFICERS)])
        record = calls.create(actor, CallRecord(started_at=started, ended_at=started + timedelta(
            minutes=rng.randint(1, 8)), **fields))
        logged += 1
        return record

    assigned: list[tuple[int, CallRecord]] = []
    for index in range(138):
        minutes_ago = 30 * 24 * 60 - index * 310 - rng.randint(0, 200)
        category, kind, unit, summary, outcome, note = rng.choices(TEMPLATES, WEIGHTS)[0]
        fields = dict(category=category, caller_kind=kind, caller_unit=unit, summary=summary, outcome=outcome,
                      caller_name=rng.choice(NAMES) if kind in (P, E) else "值班员",
                      caller_number=_number(rng, kind), direction=CallDirection.INCOMING)
        if outcome == T:
            fields["assigned_unit"] = note
        else:
            fields["outcome_note"] = note
        if category == "通知" and index % 4 == 0:
            fields.update(direction=CallDirection.OUTGOING, summary="向各镇街值班室转达：" + summary[2:])
        record = log(max(minutes_ago, 30), **fields)
        if outcome == T:
            assigned.append((minutes_ago, record))
    _follow_up(calls, actor, assigned)

    water = [log(minutes_ago, category="求助", caller_kind=P, caller_number=number, caller_name=name, summary=text,
                 outcome=T, assigned_unit="区水务局")
             for minutes_ago, (number, name, text) in zip((4300, 2900, 2500, 1500, 600), WATER, strict=True)]
    calls.record_feedback(actor, water[0].id, "主供水管道破裂，正在抢修，预计明日恢复", FollowUpStatus.IN_PROGRESS)
    calls.mark_widespread(actor, [w.id for w in water])
    for minutes_ago, text in zip((3000, 1300, 200), WAGES, strict=True):
        log(minutes_ago, category="投诉", caller_kind=P, caller_name=rng.choice(NAMES), summary=text,
            caller_number=_number(rng, P), outcome=R, outcome_note="已报告带班领导，通知区人力资源和社会保障局",
            early_warning=True)
    return logged


def _number(rng: random.Random, kind: CallerKind) -> str:
    if kind in (P, E):
        return f"13{rng.choice('89')}0000{rng.randint(6000, 9999)}"
    return f"0123-8{rng.randint(21, 34)}00110"


def _follow_up(calls, actor, assigned: list[tuple[int, CallRecord]]) -> None:
    """Older 转办 calls are mostly closed; a few are left overdue, the recent ones still open."""
    for position, (minutes_ago, record) in enumerate(assigned):
        days = minutes_ago / (24 * 60)
        if days > 5 and position % 6 == 1:
            calls.chase(actor, record.id, "电话催办，承办单位称正在办理")  # left overdue
        elif days > 5 or position % 3 == 0:
            calls.record_feedback(actor, record.id, "已处理完毕，已向来电人反馈", FollowUpStatus.CLOSED)
        elif position % 3 == 1:
            calls.record_feedback(actor, record.id, "已安排人员核实处理", FollowUpStatus.IN_PROGRESS)
