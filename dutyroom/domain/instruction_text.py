"""How a leader's instruction (领导批示) is said in notices and documents. Pure wording: no database."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

#: how much of an instruction's text a one-line notice quotes
QUOTE_CHARS = 30


class InstructionLike(Protocol):
    leader: str
    leader_title: str
    text: str
    given_at: datetime
    passed_to: str
    due_at: datetime | None


def giver(item: InstructionLike) -> str:
    if item.leader and item.leader_title:
        return f"{item.leader}（{item.leader_title}）"
    return item.leader or item.leader_title or "领导"


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def overdue_words(due_at: datetime, now: datetime) -> str:
    """"已超期 3 小时" / "已超期 2 天"; "刚刚到期" under a minute."""
    minutes = int((now - due_at).total_seconds() // 60)
    if minutes < 1:
        return "刚刚到期"
    if minutes < 60:
        return f"已超期 {minutes} 分钟"
    if minutes < 48 * 60:
        return f"已超期 {minutes // 60} 小时"
    return f"已超期 {minutes // 1440} 天"


def chase_message(item: InstructionLike, now: datetime, office: ZoneInfo) -> str:
    """The chaser's notice: who, when, what, to whom, how late, and what to do."""
    given = item.given_at.astimezone(office)
    to = f"，已转{item.passed_to}" if item.passed_to else "，尚未转达"
    late = overdue_words(item.due_at, now) if item.due_at is not None else ""
    return (f"领导批示未按期落实：{giver(item)} {given.month}月{given.day}日{given:%H:%M}批示“{quote(item.text)}”"
            f"{to}，{late}。请督促落实，并在“领导批示”中记录反馈。")
