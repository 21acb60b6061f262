"""Enumerations of the glossary (DESIGN.md §3): identifier in code, Chinese label for people."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

_L = TypeVar("_L", bound="Labelled")


class Labelled(str, Enum):
    """A string enum whose members carry the Chinese word the duty room uses."""

    # Declared, not assigned, so it is a per-member attribute and not an enum member itself.
    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def from_label(cls: type[_L], text: str) -> _L:
        text = (text or "").strip()
        for member in cls:
            if text in (member.label, member.value):
                return member
        raise ValueError(text)

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


class UnitKind(Labelled):
    UPPER = ("upper", "上级机关")
    OWN = ("own", "本机关")
    SUBORDINATE = ("subordinate", "下级单位")
    DEPARTMENT = ("department", "部门")


class PositionKind(Labelled):
    LEADER = ("leader", "带班领导")
    OFFICER = ("officer", "值班员")
    STANDBY = ("standby", "备班")


class Role(Labelled):
    OFFICER = ("officer", "值班员")
    LEADER = ("leader", "带班领导")
    ADMIN = ("admin", "管理员")


class HolidayKind(Labelled):
    HOLIDAY = ("holiday", "法定节假日")
    WORKDAY = ("workday", "调休上班")


class IncidentCategory(Labelled):
    NATURAL = ("natural", "自然灾害")
    ACCIDENT = ("accident", "事故灾难")
    PUBLIC_HEALTH = ("public_health", "公共卫生事件")
    SOCIAL_SECURITY = ("social_security", "社会安全事件")


class IncidentLevel(Labelled):
    I = ("I", "特别重大")  # noqa: E741 - the official numeral
    II = ("II", "重大")
    III = ("III", "较大")
    IV = ("IV", "一般")
    UNRATED = ("unrated", "未定级")


class IncidentStatus(Labelled):
    RECEIVED = ("received", "接报")
    HANDLING = ("handling", "处置中")
    CLOSED = ("closed", "已终报")


class ReportKind(Labelled):
    FIRST = ("first", "首报")
    FOLLOW_UP = ("follow_up", "续报")
    FINAL = ("final", "终报")


class Channel(Labelled):
    PHONE = ("phone", "电话")
    FAX = ("fax", "传真")
    COURIER = ("courier", "专人报送")
    SYSTEM = ("system", "系统")


class ClockStart(Labelled):
    OCCURRED = ("occurred", "事发时间")
    RECEIVED = ("received", "接报时间")
    LAST_REPORT = ("last_report", "上次报告")


# -- telephone log (来电登记) -----------------------------------------------------------------------


class CallDirection(Labelled):
    INCOMING = ("incoming", "来电")
    OUTGOING = ("outgoing", "去电")


class CallerKind(Labelled):
    UPPER = ("upper", "上级机关")
    SUBORDINATE = ("subordinate", "下级单位")
    DEPARTMENT = ("department", "部门")
    ENTERPRISE = ("enterprise", "企业")
    PUBLIC = ("public", "群众")
    OTHER = ("other", "其他")


class CallOutcome(Labelled):
    ANSWERED = ("answered", "当场答复/告知")
    ASSIGNED = ("assigned", "转办")
    REPORTED = ("reported", "报告领导")
    CLOSED = ("closed", "已办结")
    INVALID = ("invalid", "无效来电")


class FollowUpStatus(Labelled):
    """Where a 转办 call stands with the unit it was handed to."""

    PENDING = ("pending", "待办")
    IN_PROGRESS = ("in_progress", "办理中")
    CLOSED = ("closed", "已办结")


class FollowUpKind(Labelled):
    CHASE = ("chase", "催办")
    FEEDBACK = ("feedback", "反馈")
    CLOSE = ("close", "办结")


#: the office's call categories until the administrator edits the list (settings.call_categories)
DEFAULT_CALL_CATEGORIES = ("咨询", "求助", "投诉", "举报", "突发事件报告", "通知", "其他")


# -- video roll-call (视频点名) ----------------------------------------------------------------------


class RollCallKind(Labelled):
    HOST = ("host", "本级点名")
    UPPER = ("upper", "上级点名")
    SPOT = ("spot", "随机抽查")


class RollCallResult(Labelled):
    """The result of one attempt at one unit; the number keys 1–5 of the live screen follow this order."""

    PRESENT = ("present", "在岗")
    ABSENT = ("absent", "离岗")
    EQUIPMENT_FAULT = ("equipment_fault", "设备故障")
    EXCUSED = ("excused", "请假（已报备）")
    NO_ANSWER = ("no_answer", "未应答")


class AVQuality(Labelled):
    GOOD = ("good", "良好")
    POOR = ("poor", "异常")


class RollCallStatus(Labelled):
    PLANNED = ("planned", "待点名")
    RUNNING = ("running", "点名中")
    PAUSED = ("paused", "已暂停")
    FINISHED = ("finished", "已结束")


class HolidayRule(Labelled):
    """What a plan does with an occurrence that falls on a 法定节假日."""

    KEEP = ("keep", "照常进行")
    SKIP = ("skip", "节假日不点名")
    NEXT_WORKDAY = ("next_workday", "顺延至下一个工作日")


# -- handover and the duty log (交接班 / 值班日志) ------------------------------------------------------
class EquipmentState(Labelled):
    OK = ("ok", "正常")
    FAULT = ("fault", "异常")


class ItemSource(Labelled):
    """Where a handover item (交接事项) came from: typed by the outgoing officer, or proposed from an open matter."""

    MANUAL = ("manual", "交班人填写")
    CALL = ("call", "转办来电")
    CLOCK = ("clock", "报送时限")
    INCIDENT = ("incident", "未终报事件")
    RECTIFICATION = ("rectification", "点名整改")
    ROLLCALL = ("rollcall", "视频点名")
    INSTRUCTION = ("instruction", "领导批示")
    SCHEDULED = ("scheduled", "下一班安排")


class ItemClosing(Labelled):
    """How a handover item left the list: done, or dropped (both need a note)."""

    DONE = ("done", "已办结")
    DROPPED = ("dropped", "不再交接")


class HandoverStatus(Labelled):
    SEALED = ("sealed", "已交接")
    MISSED = ("missed", "未交接")
