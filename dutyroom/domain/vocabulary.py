"""Enumerations of the glossary (DESIGN.md §3): identifier in code, Chinese label for people."""

from __future__ import annotations

from enum import Enum


class Labelled(str, Enum):
    """A string enum whose members carry the Chinese word the duty room uses."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def from_label(cls, text: str):
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
