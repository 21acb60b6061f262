"""The words of the emergency-information documents, assembled from the recorded facts.

A duty office writes a 值班快报 in a fixed order: when and where, what happened, the toll, the cause,
what has been done and what leaders instructed, and where things stand. `assemble_narrative()` writes
that draft from an incident and its sent reports; the officer edits it before it is printed. The
same pieces (times, casualty wording, one-line summaries) serve the report form and 每日要情.
Pure functions: no database, no clock, no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from dutyroom.domain.localtime import DEFAULT_ZONE, to_local
from dutyroom.domain.vocabulary import IncidentCategory, IncidentLevel, IncidentStatus


# The facts these functions read, as structural types: the services' records (IncidentRecord,
# ReportRecord …) have these attributes, and the domain layer stays free of any import from services.
class Casualties(Protocol):
    @property
    def deaths(self) -> int | None: ...
    @property
    def injured(self) -> int | None: ...
    @property
    def missing(self) -> int | None: ...
    @property
    def trapped(self) -> int | None: ...


class Instruction(Protocol):
    @property
    def leader(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def given_at(self) -> datetime: ...


class IncidentRecord(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def place(self) -> str: ...
    @property
    def category(self) -> IncidentCategory: ...
    @property
    def sub_type(self) -> str: ...
    @property
    def security_development(self) -> bool: ...
    @property
    def level(self) -> IncidentLevel: ...
    @property
    def source_unit(self) -> str: ...
    @property
    def narrative(self) -> str: ...
    @property
    def casualties(self) -> Casualties: ...
    @property
    def losses(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def cause(self) -> str: ...
    @property
    def measures(self) -> str: ...
    @property
    def trend(self) -> str: ...
    @property
    def status(self) -> IncidentStatus: ...
    @property
    def instructions(self) -> Sequence[Instruction]: ...


class ReportRecord(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def sent_at(self) -> datetime | None: ...
    @property
    def recipients(self) -> str: ...
    @property
    def title(self) -> str: ...

UNKNOWN = "不详"
SECURITY_KIND = "重要敌情、社情、宗教动态"
_ENDINGS = "。！？；…"
# A cause written as "正在调查中" or "系违规操作所致" reads on directly after "事件原因".
_CAUSE_RUNS_ON = ("系", "为", "是", "正在", "尚", "有待", "待", "仍", "初步", "经", "目前", "疑", "暂")


def format_datetime_cn(instant: datetime | None, zone: str | None = DEFAULT_ZONE, *, spaced: bool = False) -> str:
    """"2026年11月21日14时05分" in the office's zone ("2026年11月21日 14时05分" when spaced)."""
    if instant is None:
        return ""
    local = to_local(instant, zone)
    gap = " " if spaced else ""
    return f"{local.year}年{local.month}月{local.day}日{gap}{local.hour}时{local.minute:02d}分"


def format_time_near(instant: datetime, anchor: datetime, zone: str | None = DEFAULT_ZONE) -> str:
    """A later time in a narrative: "16时10分" on the anchor's day, "11月22日9时30分" on another."""
    local, base = to_local(instant, zone), to_local(anchor, zone)
    clock = f"{local.hour}时{local.minute:02d}分"
    if local.date() == base.date():
        return clock
    if local.year == base.year:
        return f"{local.month}月{local.day}日{clock}"
    return format_datetime_cn(instant, zone)


def count_text(value: int | None) -> str:
    """"3人", or "不详" while the count is not known."""
    return UNKNOWN if value is None else f"{value}人"


def casualty_cells(casualties: Casualties) -> list[tuple[str, str]]:
    """(label, value) of the four counts, in the order the report form prints them."""
    return [("死亡", count_text(casualties.deaths)), ("受伤", count_text(casualties.injured)),
            ("失踪", count_text(casualties.missing)), ("被困", count_text(casualties.trapped))]


def casualty_sentence(casualties: Casualties) -> str:
    """"造成2人死亡、5人受伤，失踪人数不详" / "未造成人员伤亡" / "人员伤亡情况正在核实"."""
    counts = [("死亡", casualties.deaths), ("受伤", casualties.injured), ("失踪", casualties.missing),
              ("被困", casualties.trapped)]
    known = [f"{n}人{label}" for label, n in counts if n]
    unknown = [label for label, n in counts if n is None]
    if not known and len(unknown) == len(counts):
        return "人员伤亡情况正在核实"
    parts = []
    if known:
        parts.append("造成" + "、".join(known))
    elif not unknown:
        return "未造成人员伤亡"
    if unknown:
        parts.append("、".join(unknown) + "人数不详" + ("" if known else "，正在核实"))
    return "，".join(parts)


def level_text(level: IncidentLevel) -> str:
    """"较大（Ⅲ级）", or "未定级"."""
    if level == IncidentLevel.UNRATED:
        return level.label
    roman = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ"}[level.value]
    return f"{level.label}（{roman}级）"


def category_text(incident: IncidentRecord) -> str:
    """"事故灾难·道路交通事故", plus the 2-hour kind when flagged."""
    text = incident.category.label
    if incident.sub_type.strip():
        text += "·" + incident.sub_type.strip()
    if incident.security_development:
        text += "；" + SECURITY_KIND
    return text


def sentence(text: str) -> str:
    """Text closed with a full stop unless it already ends a sentence."""
    text = text.strip().rstrip("，,、；;：:")
    if not text:
        return ""
    return text if text[-1] in _ENDINGS else text + "。"


def _clause(text: str) -> str:
    """Text to be continued inside a sentence: no closing stop."""
    return text.strip().rstrip("。．.；;，,")


def _event(incident: IncidentRecord) -> str:
    title = _clause(incident.title) or incident.sub_type.strip() or incident.category.label
    title = _without_place(title, _clause(incident.place))
    if title.startswith("一起") or not _reads_as_event(title):
        return title
    return "一起" + title


def _without_place(title: str, place: str) -> str:
    """'临江路燃气管道泄漏' after '临江区临江路88号发生' reads '燃气管道泄漏': the title's leading place name,
    when the place already says it, is not said twice."""
    for end in range(len(title) - 2, 1, -1):  # the longest lead of at least two characters, leaving two
        if title[:end] in place:
            return title[end:].removeprefix("的")
    return title


def _reads_as_event(title: str) -> bool:
    """'液化气罐车侧翻事故' takes '一起'; a title that is a whole sentence ('某地发生火灾') does not."""
    return not any(word in title for word in ("发生", "出现", "突发", "起火", "遭受"))


def opening_sentence(incident: IncidentRecord, zone: str | None = DEFAULT_ZONE) -> str:
    """"据市应急管理局报告，2026年11月21日14时05分，某某区某某路发生一起液化气罐车侧翻事故，造成……。"""
    source = incident.source_unit.strip()
    lead = f"据{source}报告，" if source else ""
    place = _clause(incident.place)
    what = f"{place}发生{_event(incident)}" if place else f"发生{_event(incident)}"
    text = f"{lead}{format_datetime_cn(incident.occurred_at, zone)}，{what}"
    if incident.level != IncidentLevel.UNRATED:
        text += f"，初步定级为{level_text(incident.level)}突发事件"  # not "），": a comma could start a line
    text += "，" + casualty_sentence(incident.casualties)
    if incident.losses.strip():
        text += "，" + _clause(incident.losses)
    return sentence(text)


def status_sentence(incident: IncidentRecord) -> str:
    trend = incident.trend.strip()
    if trend:
        return sentence(trend if trend.startswith(("目前", "截至", "当前")) else "目前，" + trend)
    if incident.status == IncidentStatus.CLOSED:
        return "目前，事件处置工作已基本结束。"
    if incident.status == IncidentStatus.HANDLING:
        return "目前，处置工作正在进行中。"
    return "有关情况正在进一步了解中。"


def _reports_sentence(incident: IncidentRecord, reports: Sequence[ReportRecord], zone: str | None) -> str:
    # (sent_at, report) pairs, so the checker sees the time is never None past the filter.
    sent = sorted(((r.sent_at, r) for r in reports if r.sent_at is not None), key=lambda p: (p[0], p[1].number))
    if not sent:
        return ""
    recipients = _clause(sent[0][1].recipients)
    target = f"向{recipients}" if recipients else ""
    # In prose a follow-up is "续报": its number (续报一, 续报二) belongs on the form, not in the sentence.
    done = [f"{format_time_near(at, incident.occurred_at, zone)}{target if i == 0 else ''}"
            f"{'续报' if r.title.startswith('续报') else r.title}" for i, (at, r) in enumerate(sent)]
    return f"我办已按规定于{'，'.join(done)}。"


def summary_sentence(incident: IncidentRecord, zone: str | None = DEFAULT_ZONE) -> str:
    """One short paragraph for 每日要情: when, where, what, toll, where things stand."""
    text = opening_sentence(incident, zone)
    if incident.measures.strip():
        text += sentence("事件发生后，" + _clause(incident.measures))
    return text + status_sentence(incident)


def assemble_narrative(incident: IncidentRecord, reports: Sequence[ReportRecord] = (), *,
                       zone: str | None = DEFAULT_ZONE) -> str:
    """The draft narrative of a 值班快报: paragraphs separated by a blank line, ready to edit."""
    first = opening_sentence(incident, zone)
    scope = _clause(incident.scope).removeprefix("涉及范围").lstrip("：: ")
    if scope:  # the form's field name is not prose: "涉及周边3个小区", not "涉及范围：周边3个小区"
        first += sentence(scope if scope.startswith(("涉及", "波及", "影响")) else "事件波及" + scope)
    paragraphs = [first]
    story = incident.narrative.strip()  # 事件经过, as the officer wrote it: the heart of a 首报
    if story:
        paragraphs.append(sentence(story))
    cause = _clause(incident.cause)
    if cause:
        paragraphs.append(sentence("事件原因" + (cause if cause.startswith(_CAUSE_RUNS_ON) else "为" + cause)))
    handling = ""
    if incident.measures.strip():
        handling += sentence("事件发生后，" + _clause(incident.measures).removeprefix("事件发生后，"))
    for instruction in sorted(incident.instructions, key=lambda i: i.given_at):
        when = format_time_near(instruction.given_at, incident.occurred_at, zone)
        # No quotation marks: an opening mark may be left hanging at the end of a printed line.
        handling += sentence(f"{when}，{instruction.leader.strip()}批示：{_clause(instruction.text)}")
    if handling:
        paragraphs.append(handling)
    closing = status_sentence(incident) + _reports_sentence(incident, reports, zone)
    if incident.status != IncidentStatus.CLOSED:
        closing += "我们将密切跟踪事态发展，及时续报有关情况。"
    paragraphs.append(closing)
    return "\n\n".join(paragraphs)


def narrative_paragraphs(text: str) -> list[str]:
    """The paragraphs of an (edited) narrative: split on line breaks, blanks dropped."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
