"""The duty log of one shift as the page shows it: rich text built from the DutyLogRecord, nothing typed twice."""

from __future__ import annotations

from html import escape

from dutyroom.domain.handover import login_summary
from dutyroom.domain.localtime import format_local
from dutyroom.services.handover.records import DutyLogRecord, HandoverRecord


def _h(text: str) -> str:
    return f"<h3 style='margin:8px 0 2px 0'>{escape(text)}</h3>"


def _lines(lines: list[str], empty: str) -> str:
    if not lines:
        return f"<p style='margin:0 0 0 8px;color:gray'>{escape(empty)}</p>"
    return "".join(f"<p style='margin:0 0 0 8px'>{line}</p>" for line in lines)


def handover_lines(handover: HandoverRecord | None, zone: str) -> list[str]:
    if handover is None:
        return []
    when = format_local(handover.handed_at, zone, "%m-%d %H:%M")
    if handover.missed:
        return [f"<b>⚠ 未交接</b>（交接窗口 {format_local(handover.window_closes, zone, '%m-%d %H:%M')} 结束）"]
    lines = [f"<b>已交接并封存</b>：{when} {escape(handover.outgoing)} → {escape(handover.incoming)}"]
    if handover.outside_window:
        lines.append(f"⚠ 不在交接时间，原因：{escape(handover.outside_reason)}")
    if handover.approved_by:
        lines.append(f"批准：{escape(handover.approved_by)}")
    for ack in handover.acks:
        lines.append(("☑ " if ack.acknowledged else "⚠ 未接：") + escape(ack.title))
    lines.append(escape(handover.anchor_text))
    for amendment in handover.amendments:
        lines.append(f"修正 {format_local(amendment.at, zone, '%m-%d %H:%M')} {escape(amendment.by)}："
                     f"{escape(amendment.correction)}（原因：{escape(amendment.reason)}）")
    return lines


def duty_log_html(log: DutyLogRecord) -> str:
    zone = log.time_zone
    duty = log.on_duty
    people = [f"{post}：{escape('、'.join(names) or '（空缺）')}" for post, names in
              (("带班领导", duty.leaders), ("值班员", duty.officers), ("备班", duty.standby)) if names or post == "值班员"]
    people += [escape(change) for change in duty.changes]
    people += [f"登录：{format_local(x.first_at, zone, '%H:%M')} {escape(x.name)}"
               + (f"（共 {x.count} 次，最后 {format_local(x.last_at, zone, '%H:%M')}）" if x.count > 1 else "")
               for x in login_summary(log.logins)]
    act = log.activity
    calls = [f"共 {act.calls_total} 件" + ("：" + "，".join(f"{escape(k)} {n}" for k, n in act.call_counts if n)
                                           if act.calls_total else "")]
    calls += [f"{format_local(c.at, zone, '%H:%M')} {escape(c.caller)} {escape(c.summary)} · {escape(c.outcome)}"
              + (f" · {escape(c.marks)}" if c.marks else "") for c in act.notable_calls]
    incidents = []
    for inc in act.incidents:
        incidents.append(f"{format_local(inc.received_at, zone, '%H:%M')} <b>{escape(inc.title)}</b> · "
                         f"{escape(inc.level)} · {escape(inc.status)}" + (" · " + "，".join(map(escape, inc.reports))
                                                                        if inc.reports else ""))
        incidents += [f"&nbsp;&nbsp;{escape(c.rule_name)}：{escape(c.outcome)}" for c in inc.clocks]
    rollcalls = [f"{format_local(r.at, zone, '%H:%M')} {escape(r.kind)} · {escape(r.status)}"
                 + (f" · {escape(r.result)}" if r.result else "") for r in act.rollcalls]
    rollcalls += [f"整改：{escape(r.unit)} {escape(r.requirement)}（{r.due_on.month}月{r.due_on.day}日前"
                  + ("，已逾期" if r.overdue else "") + "）" for r in act.open_rectifications]
    reviews = [f"{format_local(r.at, zone, '%m-%d %H:%M')} {escape(r.reviewer)}" + (f"：{escape(r.comment)}"
                                                                                  if r.comment else "")
               for r in log.reviews]
    parts = [_h("值班人员"), _lines(people, "今日无排班"),
             _h("来电"), _lines(calls, ""),
             _h("突发事件"), _lines(incidents, "本班无突发事件"),
             _h("视频点名"), _lines(rollcalls, "本班无视频点名"),
             _h("领导批示"), _lines([escape(x) for x in act.instructions], "本班无领导批示"),
             _h("交接班"), _lines(handover_lines(log.handover, zone), "尚未交接"),
             _h("带班领导审阅"), _lines(reviews, "尚未审阅")]
    return "".join(parts)
