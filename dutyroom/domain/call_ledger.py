"""Reading an office's old call ledger (来电台账): its words for outcomes, states, callers and categories.

Pure functions from a cell's text to the log's vocabulary; each raises ValueError for text it cannot
place, so the importer can name the row and the column. The rules:

- 处理情况 is matched as a whole first (当场答复, 转办, 报告领导, 已办结, 无效来电 and the usual
  variants). Free text is read by its key words: 转办/转交/交办/已转/转至/“转…办理” → 转办; 领导
  with 报告/请示/呈报 → 报告领导; 无效/骚扰/打错/误拨 → 无效来电. A 转办 phrase names its unit as
  ledgers write it ("转办水务集团", "已转水务集团", "转水务集团处理"): unit_in_outcome() takes it from
  the text when the 承办单位 column is blank. Other free text is 转办 when the row
  names a 承办单位 or an open 状态 (待办, 办理中), else 当场答复/告知. Free text is always kept as the
  call's 处理说明 (outcome_note), so nothing the ledger said is lost.
- An empty 处理情况 becomes 转办 when the row names a 承办单位 or an open 状态, 已办结 when 状态 says
  closed, and is refused otherwise (a guessed outcome would falsify the 办理率). 已办结 with a
  承办单位 is a 转办 call the unit closed. 待办/办理中 with another outcome is refused as a clash.
- A category not in the office's list is first read through the usual variants (咨询类, 其它, 求援…);
  what still does not fit becomes "其他", and the ledger's word is appended to the summary
  ("（台账类别：信访）"), where it is seen and found by search.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

from dutyroom.domain.tabular import parse_date, parse_datetime
from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpStatus

OTHER_CATEGORY = "其他"
NOT_NOTED = "（台账未注明）"

_OUTCOMES = {
    CallOutcome.ANSWERED: ("当场答复", "当场告知", "答复", "已答复", "告知", "已告知", "解答", "已解答", "一次性告知",
                           "已一次性告知", "当场解答", "直接答复", "当场处理", "咨询答复"),
    CallOutcome.ASSIGNED: ("转办", "已转办", "已转", "转交", "已转交", "交办", "已交办", "转办理"),
    CallOutcome.REPORTED: ("报告领导", "已报告领导", "已报领导", "报领导", "呈报领导", "请示领导", "已请示领导", "报告"),
    CallOutcome.CLOSED: ("已办结", "办结", "已处理", "已解决", "处理完毕", "已完成", "完成"),
    CallOutcome.INVALID: ("无效来电", "无效", "骚扰电话", "骚扰", "打错电话", "打错", "误拨", "空号", "无声电话"),
}
_OUTCOME_WORDS = {word: outcome for outcome, words in _OUTCOMES.items() for word in (*words, outcome.label,
                                                                                          outcome.value)}
# 已转告 (passed a message on) and 转达, 转接 (put through) are not handing the matter on.
_ASSIGN_WORDS = re.compile(r"转办|转交|交办|已转(?![告达接述])|转至|转给|转到|^转(?![告达接述]).{1,30}(办理|处理|落实|核实|核查|答复)")
# The unit of a 转办 phrase: the verb, then the unit, then at most a trailing verb of what it is to do.
_ASSIGN_PHRASE = re.compile(r"^已?(?:转办|转交|交办|转至|转给|转到|转(?![告达接述为入]))(?:至|给|到)?(?P<unit>.+)$")
_ASSIGN_TAIL = re.compile(r"(?:进行|负责)?(?:核实|核查|调查)?(?:办理|处理|落实|答复|跟进|解决|核实|核查)?$")
_REPORT_WORDS = re.compile(r"(报告|请示|呈报|报送|汇报).{0,12}领导|领导.{0,6}(报告|请示|汇报)")
_INVALID_WORDS = re.compile(r"无效|骚扰|打错|误拨|空号|无声")

_STATUSES = {
    FollowUpStatus.PENDING: ("待办", "未办", "未办结", "待反馈", "未反馈", "未处理", "待处理", "否", "未完成"),
    FollowUpStatus.IN_PROGRESS: ("办理中", "在办", "处理中", "正在办理", "正在处理", "跟进中", "已受理"),
    FollowUpStatus.CLOSED: ("已办结", "办结", "已反馈", "已完成", "完成", "已处理", "是", "已解决", "结案"),
}
_STATUS_WORDS = {word: status for status, words in _STATUSES.items() for word in (*words, status.value)}

_KINDS = {
    CallerKind.UPPER: ("上级", "上级单位", "上级机关", "上级领导", "上级部门"),
    CallerKind.SUBORDINATE: ("下级", "下级单位", "下级机关", "下属单位", "乡镇", "街道", "乡镇街道"),
    CallerKind.DEPARTMENT: ("部门", "单位", "机关", "政府部门", "职能部门"),
    CallerKind.ENTERPRISE: ("企业", "公司", "企事业单位", "厂矿企业"),
    CallerKind.PUBLIC: ("群众", "个人", "市民", "居民", "村民", "公众", "游客", "人民群众"),
    CallerKind.OTHER: ("其他", "其它"),
}
_KIND_WORDS = {word: kind for kind, words in _KINDS.items() for word in (*words, kind.label, kind.value)}
_DIRECTIONS = {"来电": CallDirection.INCOMING, "呼入": CallDirection.INCOMING, "接听": CallDirection.INCOMING,
               "来": CallDirection.INCOMING, "incoming": CallDirection.INCOMING,
               "去电": CallDirection.OUTGOING, "呼出": CallDirection.OUTGOING, "拨出": CallDirection.OUTGOING,
               "去": CallDirection.OUTGOING, "outgoing": CallDirection.OUTGOING}
_CATEGORY_VARIANTS = {"其它": "其他", "求援": "求助", "救助": "求助", "突发事件": "突发事件报告",
                      "突发事件信息": "突发事件报告", "突发情况": "突发事件报告", "事件报告": "突发事件报告",
                      "投诉举报": "投诉", "通知通报": "通知", "询问": "咨询"}
_TIME = re.compile(r"^(\d{1,2})\s*[:时点]\s*(\d{1,2})\s*分?(?:\s*[:]?\s*(\d{1,2})\s*秒?)?$")


def _word(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().rstrip("。.；;").replace(" ", "")


def read_outcome(text: str) -> tuple[CallOutcome | None, str]:
    """(outcome, note) of a 处理情况 cell; free text is kept as the note.

    (None, "") when empty; (None, text) for free text without a key word, which resolve_outcome
    reads with the rest of the row."""
    word = _word(text)
    if not word:
        return None, ""
    if word in _OUTCOME_WORDS:
        return _OUTCOME_WORDS[word], ""
    note = (text or "").strip()
    if _ASSIGN_WORDS.search(word):
        return CallOutcome.ASSIGNED, note
    if _REPORT_WORDS.search(word):
        return CallOutcome.REPORTED, note
    if _INVALID_WORDS.search(word):
        return CallOutcome.INVALID, note
    return None, note


def unit_in_outcome(text: str) -> str:
    """The unit a 转办 phrase names ("转办水务集团", "已转水务集团", "转水务集团处理" → 水务集团), else "".

    Only the first clause is read ("转办水务集团，要求3日内反馈"); a bare verb (转办, 转办理) names none."""
    word = _word(text)
    if not word or word in _OUTCOME_WORDS:
        return ""
    clause = re.split(r"[，,；;。、（(]", word, maxsplit=1)[0]
    match = _ASSIGN_PHRASE.match(clause)
    if not match:
        return ""
    unit = _ASSIGN_TAIL.sub("", match.group("unit"))
    return unit if len(unit) >= 2 and not unit.startswith(("办理", "处理")) else ""


def read_status(text: str) -> FollowUpStatus | None:
    word = _word(text)
    if not word:
        return None
    if word in _STATUS_WORDS:
        return _STATUS_WORDS[word]
    try:
        return FollowUpStatus.from_label(word)
    except ValueError:
        raise ValueError(text) from None


def read_kind(text: str, has_unit: bool) -> CallerKind:
    """来电人类别; empty: 群众 for a person alone, 其他 when the caller named a unit."""
    word = _word(text)
    if not word:
        return CallerKind.OTHER if has_unit else CallerKind.PUBLIC
    if word in _KIND_WORDS:
        return _KIND_WORDS[word]
    raise ValueError(text)


def read_direction(text: str) -> CallDirection:
    word = _word(text).lower()
    if not word:
        return CallDirection.INCOMING
    if word in _DIRECTIONS:
        return _DIRECTIONS[word]
    raise ValueError(text)


def read_category(text: str, categories: list[str]) -> tuple[str, str]:
    """(category, the ledger's own word when it had to become 其他). ValueError when 其他 is not offered."""
    word = _word(text)
    if not word:
        if OTHER_CATEGORY in categories:
            return OTHER_CATEGORY, ""
        raise ValueError(text)
    for candidate in (word, word.removesuffix("类"), _CATEGORY_VARIANTS.get(word.removesuffix("类"), "")):
        if candidate and candidate in categories:
            return candidate, ""
    if OTHER_CATEGORY in categories:
        return OTHER_CATEGORY, (text or "").strip()
    raise ValueError(text)


def resolve_outcome(outcome: CallOutcome | None, note: str, status: FollowUpStatus | None, assigned_unit: str,
                    feedback: str) -> tuple[CallOutcome, FollowUpStatus | None]:
    """The outcome and follow-up status a row stands for; ValueError (with the reason) when they clash.

    `outcome` and `note` are what read_outcome made of the 处理情况 cell."""
    if outcome is None:
        if assigned_unit or status in (FollowUpStatus.PENDING, FollowUpStatus.IN_PROGRESS):
            outcome = CallOutcome.ASSIGNED
        elif note:
            outcome = CallOutcome.ANSWERED
        elif status == FollowUpStatus.CLOSED:
            outcome = CallOutcome.CLOSED
        else:
            raise ValueError("请填写处理情况（" + "、".join(CallOutcome.labels()) + "）")
    if outcome == CallOutcome.CLOSED and assigned_unit:
        outcome, status = CallOutcome.ASSIGNED, FollowUpStatus.CLOSED  # handed on and reported back closed
    if outcome == CallOutcome.ASSIGNED:
        if status is None:
            status = FollowUpStatus.IN_PROGRESS if feedback else FollowUpStatus.PENDING
        return outcome, status
    if status is not None and status in (FollowUpStatus.PENDING, FollowUpStatus.IN_PROGRESS):
        raise ValueError(f"状态“{status.label}”只用于转办的来电，但处理情况是“{outcome.label}”")
    return outcome, None


def read_time_of_day(text: str) -> time:
    match = _TIME.match(unicodedata.normalize("NFKC", text or "").strip())
    if not match:
        raise ValueError(text)
    hour, minute, second = (int(g) if g else 0 for g in match.groups())
    return time(hour, minute, second)


def read_moment(text: str, day_text: str = "") -> datetime:
    """A naive local date and time: a full date-time, or a time of day on the 日期 column's date."""
    try:
        return parse_datetime(text)
    except ValueError:
        if not day_text:
            raise
    return datetime.combine(read_day(day_text), read_time_of_day(text))


def read_day(text: str) -> date:
    """A date as typed, or the date of a date-time or an Excel serial."""
    try:
        return parse_date(text)
    except ValueError:
        return parse_datetime(text).date()

