"""Incidents, the report chain and their clocks, on SQLite and PostgreSQL."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from dutyroom.domain.deadlines import CANCEL_CLOSED, CANCEL_NOT_APPLICABLE
from dutyroom.domain.vocabulary import Channel, IncidentLevel, IncidentStatus, ReportKind
from dutyroom.errors import ConflictError, PermissionDenied, ValidationError
from dutyroom.services.incidents.records import Casualties, InstructionRecord
from tests.services.incidents.helpers import incident, report


def test_saving_an_incident_starts_its_clocks_sorted_by_due(services, actors, clock):
    _, _, officer = actors
    saved = services.incidents.save(officer, incident(clock, level=IncidentLevel.II))
    clocks = services.incidents.open_clocks()
    assert [c.incident_id for c in clocks] == [saved.id] * 3  # 续报 starts with the first report
    assert [c.due_at for c in clocks] == sorted(c.due_at for c in clocks)
    assert clocks[0].rule_name.startswith("特别重大、重大事件电话报告") and clocks[0].requirement == "任一报告（电话）"
    assert clocks[0].due_at == saved.received_at + timedelta(minutes=30)
    assert saved.status == IncidentStatus.RECEIVED and saved.created_by == "赵值班"


def test_bad_input_is_refused_with_chinese_messages_next_to_the_fields(services, actors, clock):
    _, _, officer = actors
    bad = incident(clock, title=" ", place="", occurred_at=clock.now() + timedelta(minutes=5),
                   casualties=Casualties(deaths=-1, injured="三"))
    with pytest.raises(ValidationError) as err:
        services.incidents.save(officer, bad)
    fields = err.value.fields
    assert fields["title"] == "请填写事件标题" and fields["place"] == "请填写事发地点"
    assert fields["occurred_at"] == "事发时间不能晚于现在"
    assert fields["deaths"] == "死亡人数不能为负数" and "整数" in fields["injured"]
    swapped = incident(clock)
    swapped = replace(swapped, occurred_at=swapped.received_at + timedelta(minutes=1))
    with pytest.raises(ValidationError) as err:
        services.incidents.save(officer, swapped)
    assert err.value.fields == {"received_at": "接报时间不能早于事发时间"}
    unknown = services.incidents.save(officer, incident(clock, casualties=Casualties(None, None, None, None)))
    assert services.incidents.get(unknown.id).casualties == Casualties(None, None, None, None)


def test_roles_admins_do_not_report_officers_do_not_edit_rules(services, actors, clock):
    admin, leader, officer = actors
    with pytest.raises(PermissionDenied):
        services.incidents.save(admin, incident(clock))
    services.incidents.save(leader, incident(clock))
    with pytest.raises(PermissionDenied):
        services.incidents.save_rule(officer, services.incidents.rules()[0])


def test_report_chain_numbering_freezing_and_closing(services, actors, clock):
    _, leader, officer = actors
    inc = services.incidents.save(officer, incident(clock, level=IncidentLevel.III))
    with pytest.raises(ValidationError) as err:
        services.incidents.send_report(officer, report(inc.id, ReportKind.FOLLOW_UP))
    assert err.value.fields["kind"] == "还没有报送首报，不能先报续报"
    draft = services.incidents.draft_report(officer, report(inc.id, content="初稿"))
    first = services.incidents.send_report(officer, replace(draft, content="首报正文"))
    assert first.id == draft.id and first.title == "首报" and first.sent_at == clock.now() and first.sent_by == "赵值班"
    with pytest.raises(ValidationError) as err:
        services.incidents.draft_report(officer, replace(first, content="悄悄改"))
    assert "不能再修改" in err.value.fields["content"]
    clock.advance(hours=5)
    one = services.incidents.send_report(officer, report(inc.id, ReportKind.FOLLOW_UP, Channel.FAX))
    two = services.incidents.send_report(leader, report(inc.id, ReportKind.FOLLOW_UP))
    assert (one.title, two.title) == ("续报一", "续报二")
    final = services.incidents.send_report(leader, report(inc.id, ReportKind.FINAL))
    assert final.number == 3 and final.title == "终报"
    assert services.incidents.get(inc.id).status == IncidentStatus.CLOSED
    assert [c for c in services.incidents.clocks(inc.id) if c.open] == []
    assert services.incidents.open_clocks() == []
    with pytest.raises(ValidationError):
        services.incidents.send_report(officer, report(inc.id, ReportKind.FOLLOW_UP))
    assert [r.title for r in services.incidents.reports(inc.id)] == ["首报", "续报一", "续报二", "终报"]


def test_first_report_completes_on_time_at_exactly_the_limit_and_freezes(services, actors, clock):
    _, _, officer = actors
    inc = services.incidents.save(officer, incident(clock, ago_minutes=60))
    clock.advance(hours=2)  # exactly 3 h after 事发时间
    services.incidents.send_report(officer, report(inc.id))
    [first] = services.incidents.clocks(inc.id)
    assert first.completed_at == clock.now() and first.minutes_late == 0


def test_time_edits_recompute_open_clocks_visibly_and_level_changes_cancel(services, actors, clock):
    admin, _, officer = actors
    inc = services.incidents.save(officer, incident(clock, level=IncidentLevel.II))
    earlier = replace(inc, occurred_at=inc.occurred_at - timedelta(minutes=30))
    inc = services.incidents.save(officer, earlier)
    [first] = [c for c in services.incidents.clocks(inc.id) if c.rule_name.startswith("首报")]
    assert first.due_at == earlier.occurred_at + timedelta(hours=3)
    inc = services.incidents.save(officer, replace(inc, level=IncidentLevel.IV))
    cancelled = [c for c in services.incidents.clocks(inc.id) if c.cancelled_at]
    assert len(cancelled) == 2 and {c.cancel_reason for c in cancelled} == {CANCEL_NOT_APPLICABLE}
    moved = [e for e in services.audit.page(admin, 0, 100) if e.entity_kind == "clock" and e.action == "update"]
    assert any("occurred_at" in (e.after or {}).get("reason", "") for e in moved)
    with pytest.raises(ConflictError):
        services.incidents.save(officer, replace(inc, version=1, title="旧版本"))


def test_rule_edit_never_changes_completed_clocks(services, actors, clock):
    admin, _, officer = actors
    inc = services.incidents.save(officer, incident(clock, ago_minutes=200))
    services.incidents.send_report(officer, report(inc.id))
    other = services.incidents.save(officer, incident(clock, ago_minutes=10, title="第二起"))
    rule = services.incidents.rules()[0]
    services.incidents.save_rule(admin, replace(rule, name="首报（4小时）", limit_minutes=240))
    done = services.incidents.clocks(inc.id)[0]
    assert (done.rule_name, done.limit_minutes, done.minutes_late) == (rule.name, 180, 20)
    [moved] = services.incidents.clocks(other.id)
    assert moved.rule_name == "首报（4小时）" and moved.due_at == other.occurred_at + timedelta(hours=4)
    with pytest.raises(ValidationError) as err:
        services.incidents.save_rule(admin, replace(services.incidents.rules()[1], name="首报（4小时）", version=0))
    assert "已有" in err.value.fields["name"]
    services.incidents.delete_rule(admin, rule.id)
    assert services.incidents.clocks(other.id)[0].cancelled_at is not None
    assert services.incidents.clocks(inc.id)[0].minutes_late == 20


def test_default_rules_are_seeded_once(services):
    assert len(services.incidents.rules()) == 5
    assert services.incidents.ensure_default_rules() == 0


def test_final_report_by_phone_closes_the_written_clock(services, actors, clock):
    _, _, officer = actors
    inc = services.incidents.save(officer, incident(clock, level=IncidentLevel.I, ago_minutes=20))
    services.incidents.send_report(officer, report(inc.id))
    services.incidents.send_report(officer, report(inc.id, ReportKind.FINAL))
    reasons = {c.rule_name: c.cancel_reason for c in services.incidents.clocks(inc.id) if c.cancelled_at}
    assert set(reasons.values()) == {CANCEL_CLOSED}


def test_acknowledge_status_instructions(services, actors, clock):
    _, leader, officer = actors
    inc = services.incidents.save(officer, incident(clock))
    [c] = services.incidents.open_clocks()
    acked = services.incidents.acknowledge(officer, c.id)
    assert acked.acknowledged_by == "赵值班" and acked.acknowledged_at == clock.now()
    inc = services.incidents.set_status(officer, inc.id, IncidentStatus.HANDLING, inc.version)
    with pytest.raises(ValidationError):
        services.incidents.set_status(officer, inc.id, IncidentStatus.CLOSED, inc.version)
    services.incidents.add_instruction(leader, inc.id, InstructionRecord("张局长", "全力救治伤员", clock.now()))
    assert [i.text for i in services.incidents.get(inc.id).instructions] == ["全力救治伤员"]
    with pytest.raises(ValidationError) as err:
        services.incidents.add_instruction(leader, inc.id, InstructionRecord("", "", clock.now()))
    assert set(err.value.fields) == {"leader", "text"}


def test_timeliness_per_unit_and_rule(services, actors, clock):
    _, _, officer = actors
    on_time = services.incidents.save(officer, incident(clock, ago_minutes=60))
    late = services.incidents.save(officer, incident(clock, ago_minutes=170, source_unit="某街道"))
    services.incidents.save(officer, incident(clock, ago_minutes=30, source_unit="某街道", title="未报"))
    services.incidents.send_report(officer, report(on_time.id))
    clock.advance(minutes=20)
    services.incidents.send_report(officer, report(late.id))
    clock.advance(hours=3)
    rows = services.incidents.timeliness(date(2026, 11, 1), date(2026, 11, 30))
    by_unit = {(r.reporting_unit, r.rule_name[:2]): r for r in rows}
    street = by_unit[("某街道", "首报")]
    assert (street.incidents, street.met, street.late, street.missed, street.minutes_late_total) == (2, 0, 1, 1, 10)
    assert {r.unit_incidents for r in rows if r.reporting_unit == "某街道"} == {2}
    assert by_unit[("临江区应急管理局", "首报")].met == 1
    assert len(services.incidents.late_clocks(date(2026, 11, 1), date(2026, 11, 30))) == 2


def test_changes_are_announced(services, actors, clock):
    _, _, officer = actors
    heard = []
    services.bus.subscribe(lambda c: heard.append(c.kind))
    inc = services.incidents.save(officer, incident(clock))
    services.incidents.send_report(officer, report(inc.id))
    assert {"incident", "clock", "report"} <= set(heard)


def test_drafts_survive_and_belong_to_their_user(services, actors, clock):
    _, leader, officer = actors
    services.incidents.save_draft(officer, "incident:new", '{"title": "临江路"}')
    clock.advance(seconds=5)
    services.incidents.save_draft(officer, "incident:new", '{"title": "临江路燃气"}')
    [draft] = services.incidents.load_drafts(officer)
    assert draft.payload_json == '{"title": "临江路燃气"}' and draft.saved_at == clock.now()
    assert services.incidents.load_drafts(leader) == []
    services.incidents.discard_draft(officer, "incident:new")
    assert services.incidents.load_drafts(officer) == []
