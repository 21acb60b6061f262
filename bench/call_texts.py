"""What a district duty telephone hears, as templates: the raw material of the synthetic call log.

Each template is one kind of call with the category it is filed under, who typically calls, how it
is usually handled and which unit it is handed to when assigned (转办). Slots in braces are filled
by `fill` from the lists below, so a million summaries read like a real ledger: the same problems
recur in different compounds and roads, with names, numbers, times and plate numbers in them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.synth import AGENCIES, PLACES


@dataclass(frozen=True)
class CallTemplate:
    category: str
    kind: str  # CallerKind value of the usual caller
    profile: str  # key of OUTCOME_PROFILES
    text: str
    handler: str = ""  # unit a 转办 goes to; "" picks any agency
    direction: str = "incoming"
    note: str = ""  # 处理情况 when it is always the same (the reason a call was invalid)


# Outcome shares per kind of call (CallOutcome values): how a duty room really disposes of them.
OUTCOME_PROFILES: dict[str, tuple[tuple[str, float], ...]] = {
    "problem": (("assigned", 0.55), ("answered", 0.25), ("closed", 0.14), ("reported", 0.06)),
    "consult": (("answered", 0.86), ("closed", 0.08), ("assigned", 0.06)),
    "emergency": (("reported", 0.55), ("assigned", 0.35), ("answered", 0.10)),
    "notice": (("answered", 0.45), ("reported", 0.45), ("closed", 0.10)),
    "invalid": (("invalid", 1.0),),
}

T = CallTemplate
TEMPLATES: tuple[tuple[CallTemplate, float], ...] = (
    (T("投诉", "public", "problem", "{xq}停水{n}天，居民生活受影响，请求尽快恢复供水", "区自来水公司"), 5),
    (T("求助", "public", "problem", "{xq}{n}号楼从{when}开始停电，电梯困人，请求协调供电抢修", "区供电公司"), 3),
    (T("投诉", "public", "problem", "{xq}附近工地夜间施工，噪音扰民，已持续{n}天，影响居民休息", "区城管局"), 5),
    (T("求助", "public", "problem", "{road}与{road2}交叉口道路积水严重，车辆无法通行", "区住建局"), 3),
    (T("投诉", "public", "problem", "{road}有{n}盏路灯不亮，夜间出行不安全，希望尽快维修", "区城管局"), 3),
    (T("突发事件报告", "public", "emergency", "{xq}{n}栋楼道内闻到燃气味，疑似燃气泄漏，请求派人处置", "区燃气公司"), 1.5),
    (T("突发事件报告", "public", "emergency",
       "{road}{hour}时许发生两车相撞交通事故，车牌{plate}，有{n}人受伤，已拨打120", "区公安分局"), 2),
    (T("举报", "public", "problem", "{xq}有住户私搭乱建，违规搭建彩钢棚约{big}平方米，举报违建", "区城管局"), 2),
    (T("求助", "public", "emergency", "家中老人突发疾病，行动不便，求助送医，地址{xq}{n}号楼", "区卫生健康局"), 2),
    (T("投诉", "public", "problem", "{company}拖欠{n}名工人工资共计{money}元，请求协调解决", "区人力社保局"), 2),
    (T("咨询", "enterprise", "consult", "{company}咨询{year}年小微企业稳岗补贴申报条件和办理流程"), 2),
    (T("咨询", "public", "consult", "咨询居住证办理需要哪些材料，在{place}街道哪个窗口办理"), 2),
    (T("咨询", "public", "consult", "咨询{place}社区卫生服务中心疫苗接种的时间和预约方式"), 1.5),
    (T("求助", "public", "problem", "{road}一处窨井盖缺失，存在安全隐患，请求尽快修复", "区住建局"), 2),
    (T("投诉", "public", "problem", "{place}河道内漂浮大量垃圾，有异味，请求清理", "区水利局"), 1.5),
    (T("举报", "public", "problem", "{company}夜间排放刺鼻气体，周边居民反映强烈，怀疑偷排废气", "区生态环境分局"), 1.5),
    (T("投诉", "public", "problem", "{xq}物业公司擅自提高物业费，业主多次协商未果", "区住建局"), 1.5),
    (T("投诉", "public", "problem", "{xq}{n}号楼电梯频繁故障，{when}再次困人，物业处置不及时", "区市场监管局"), 2),
    (T("求助", "public", "problem", "{school}门口早晚高峰交通拥堵，请求增派交警疏导", "区公安分局"), 1),
    (T("突发事件报告", "public", "emergency",
       "{road}一辆货车（{plate}）侧翻，散落货物占用车道，暂无人员伤亡", "区交通运输局"), 1),
    (T("突发事件报告", "subordinate", "emergency",
       "{place}镇报告：{place2}村山林起火，过火面积约{n}亩，当地正在组织扑救", "区应急管理局"), 1),
    (T("突发事件报告", "public", "emergency",
       "{xq}一居民楼{n}楼起火，消防已到场处置，暂无人员伤亡", "区消防救援大队"), 1),
    (T("求助", "public", "problem", "{xq}内流浪犬伤人，{name}被咬伤已送医，请求处置流浪犬", "区城管局"), 1),
    (T("投诉", "public", "problem", "反映{road}违规占道经营，流动摊贩较多，影响通行", "区城管局"), 2),
    (T("举报", "public", "problem", "举报{shop}销售过期食品，举报人已保留购物小票", "区市场监管局"), 1.5),
    (T("投诉", "public", "problem", "{xq}业主反映供暖温度不达标，室内温度只有{n}度", "区住建局"), 1.5),
    (T("求助", "public", "problem", "{name}走失，{age}岁，身穿{color}上衣，家属请求协助寻找", "区公安分局"), 1),
    (T("求助", "public", "problem", "{road}{n}号门前树木倒伏压住车辆（{plate}），请求派人清理", "区城管局"), 1),
    (T("咨询", "public", "consult", "咨询{year}年春节假期高速公路是否免费通行"), 1),
    (T("突发事件报告", "subordinate", "emergency",
       "{place}镇报告：受强降雨影响，{n}户房屋进水，已转移群众{big}人", "区应急管理局"), 1),
    (T("通知", "upper", "notice", "{agency}通知：{day}{hour}时召开全区安全生产工作视频会议，请通知相关领导参加"), 2),
    (T("通知", "upper", "notice", "市政府办公室通知：{day}前报送{topic}情况，联系人{name}"), 2),
    (T("通知", "department", "notice", "区自来水公司报告：{place}片区{day}{hour}时起计划停水检修，预计持续{n}小时"), 1),
    (T("突发事件报告", "subordinate", "emergency",
       "{place}街道报告：辖区{xq}发生群体性聚集，约{big}人，已派员现场劝导", "区公安分局"), 0.5),
    (T("咨询", "enterprise", "consult", "{company}咨询营业执照变更登记需要的材料"), 1.5),
    (T("投诉", "public", "problem", "反映{xq}垃圾清运不及时，垃圾桶满溢，气味难闻", "区城管局"), 2),
    (T("举报", "public", "problem", "举报{place}一家无证诊所非法行医", "区卫生健康局"), 0.7),
    (T("求助", "public", "problem", "{xq}地下车库被淹，{n}辆车被泡，请求排水", "区水利局"), 1),
    (T("举报", "public", "problem", "举报{road}{company}消防通道堵塞、安全出口上锁", "区消防救援大队"), 0.7),
    (T("投诉", "public", "problem", "反映公交{n}路班次过少，等车时间超过{minutes}分钟", "区交通运输局"), 1.5),
    (T("咨询", "public", "consult", "咨询低保申请条件和办理流程，家中有{n}口人"), 1.5),
    (T("投诉", "public", "problem", "{name}反映其孩子在{school}受到同学欺凌，请求教育部门调查", "区教育局"), 0.7),
    (T("通知", "department", "notice", "区气象局发布暴雨橙色预警，{place}等地未来{n}小时降雨量可达{big}毫米"), 1),
    (T("其他", "department", "notice", "{agency}回电：关于{xq}停水问题已安排抢修，预计{soon}恢复供水"), 1),
    (T("咨询", "public", "consult", "咨询{place}医保门诊报销比例和异地备案手续"), 1.5),
    (T("求助", "public", "problem", "{road}发现一名醉酒男子躺在路边，请求救助", "区公安分局"), 1),
    (T("投诉", "public", "problem", "{xq}楼上住户空调外机滴水，邻里纠纷协商不成", "街道办事处"), 1),
    (T("投诉", "public", "problem", "{xq}门口共享单车乱停乱放，堵塞消防通道", "区城管局"), 1),
    (T("咨询", "public", "consult", "咨询新生儿落户和社保卡办理流程"), 1),
    (T("其他", "public", "invalid", "无声电话，接通后对方未说话即挂断", note="无声电话"), 1.2),
    (T("其他", "public", "invalid", "来电人拨错电话，要找{company}", note="拨错电话，已告知正确号码"), 0.8),
    (T("其他", "enterprise", "invalid", "推销电话，{company}推销理财产品", note="推销电话"), 0.5),
    (T("通知", "subordinate", "notice", "去电通知{agency}值班室{hour}时前报送今日值班情况", direction="outgoing"), 1.5),
    (T("其他", "department", "notice", "去电向{agency}核实{place}火情处置进展", direction="outgoing"), 1),
)
TEMPLATE_LIST = [t for t, _ in TEMPLATES]
TEMPLATE_WEIGHTS = [w for _, w in TEMPLATES]

COMPOUND_SUFFIXES = ("花园", "新村", "家园", "小区", "公寓", "苑", "名城", "雅居")
ROAD_SUFFIXES = ("路", "大道", "街", "大街", "巷")
ROAD_NAMES = ("人民", "解放", "中山", "建设", "文化", "学院", "环城", "工业", "迎宾", "体育", "江滨", "府前")
COMPANY_WORDS = ("鑫达", "恒通", "华兴", "金源", "宏远", "佳美", "瑞丰", "永盛", "盛世", "天成", "新航", "博瑞")
COMPANY_KINDS = ("科技有限公司", "建筑工程有限公司", "物流有限公司", "餐饮店", "超市", "食品有限公司", "化工有限公司",
                 "物业管理有限公司", "汽修厂", "娱乐会所")
SHOP_KINDS = ("超市", "便利店", "生鲜店", "食品商行", "餐饮店")
SCHOOLS = ("小学", "中学", "实验学校", "幼儿园")
WHEN = ("今天上午", "今天下午", "昨天晚上", "今天凌晨", "今天中午", "前天", "今晚")
SOON = ("今天下午", "今晚", "明天上午", "两小时内", "明天中午")
COLORS = ("红色", "蓝色", "灰色", "黑色", "白色", "黄色")
TOPICS = ("安全生产大检查", "防汛备汛", "森林防火", "节前安全检查", "值班值守", "信访维稳", "燃气安全排查")
PROVINCES = "浙浙浙浙浙京沪苏皖赣闽"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
PLATE_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
AREA_CODES = ("0571",) * 8 + ("0572", "0573", "0575", "010", "021")
MOBILE_PREFIXES = ("130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158", "159",
                   "173", "177", "180", "181", "182", "186", "187", "188", "189", "199")

# 处理情况 by (profile, outcome); a notice is passed on, not "answered" like a resident's question.
NOTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("problem", "answered"): ("已一次性告知向{agency}反映的渠道和联系电话", "已按政策口径解释，来电人表示理解",
                              "已告知{agency}值班电话，请来电人直接联系"),
    ("consult", "answered"): ("已一次性告知办理地点、所需材料和联系电话", "已当场答复，来电人表示清楚",
                              "已告知网上办理渠道和办理时限"),
    ("emergency", "answered"): ("已告知来电人拨打119/120，并做好自身防护", "已当场告知处置要求，请其随时报告进展"),
    ("notice", "answered"): ("已登记并转告相关科室", "已按要求通知相关单位值班室"),
    ("notice", "closed"): ("已按通知要求落实并回复", "已通知到位"),
    ("reported", ""): ("已报告带班领导{leader}", "已报告带班领导{leader}，按领导要求通知{agency}",
                       "已电话报告{leader}，并续报进展"),
    ("closed", ""): ("已协调{agency}处理完毕，来电人表示满意", "已联系{agency}当场解决", "已办结，回访来电人满意"),
}
FEEDBACKS = ("{agency}反馈：已派员到现场处理，问题已解决", "{agency}反馈：已安排抢修，正在处置中",
             "{agency}反馈：已约谈相关责任人，责令限期整改", "{agency}反馈：经核实情况属实，已依法处理",
             "{agency}反馈：已与来电人沟通，来电人表示满意")
INSTRUCTIONS = ("请{agency}立即核实处置，及时反馈结果。", "请密切关注事态发展，随时报告。", "请{agency}主要负责同志亲自督办。",
                "请按程序上报，做好续报。")


def plate(rng: random.Random) -> str:
    return (rng.choice(PROVINCES) + rng.choice(PLATE_LETTERS) + "·"
            + "".join(rng.choice(PLATE_CHARS) for _ in range(5)))


def compound(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(COMPOUND_SUFFIXES)


def road(rng: random.Random) -> str:
    return rng.choice(PLACES + list(ROAD_NAMES)) + rng.choice(ROAD_SUFFIXES)


def company(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS)


def agency(rng: random.Random) -> str:
    return rng.choice(AGENCIES)


def fill(text: str, rng: random.Random, name, year: int) -> str:
    """`text` with every slot it names filled; `name` makes a person's name."""
    values = {}
    if "{xq}" in text:
        values["xq"] = compound(rng)
    if "{road" in text:
        values["road"], values["road2"] = road(rng), road(rng)
    if "{place" in text:
        values["place"], values["place2"] = rng.choice(PLACES), rng.choice(PLACES)
    if "{agency}" in text:
        values["agency"] = agency(rng)
    if "{company}" in text:
        values["company"] = company(rng)
    if "{shop}" in text:
        values["shop"] = rng.choice(PLACES) + rng.choice(COMPANY_WORDS) + rng.choice(SHOP_KINDS)
    if "{school}" in text:
        values["school"] = rng.choice(PLACES) + rng.choice(SCHOOLS)
    if "{name}" in text:
        values["name"] = name()
    if "{leader}" in text:
        values["leader"] = name()
    if "{plate}" in text:
        values["plate"] = plate(rng)
    values.update(n=rng.randint(1, 12), big=rng.randint(20, 800), money=rng.randint(10, 600) * 1000,
                  minutes=rng.choice((30, 40, 45, 60)), age=rng.randint(6, 88), hour=rng.randint(0, 23),
                  when=rng.choice(WHEN), soon=rng.choice(SOON), color=rng.choice(COLORS), topic=rng.choice(TOPICS), year=year,
                  day=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
    return text.format(**values)
