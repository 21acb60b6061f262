"""Swaps (调班), substitutions (代班), manual edits and undo: who may, what is recorded, what is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dutyroom.domain.vocabulary import PositionKind
from dutyroom.errors import ConflictError, DutyRoomError, PermissionDenied, ValidationError
from dutyroom.services.records import SYSTEM_ACTOR
from tests.services.roster.test_service import office

O = PositionKind.OFFICER  # noqa: E741 — 值班员, as in L/O/S


def december(services):
    shift, ids = office(services)
    services.roster.generate(SYSTEM_ACTOR, date(2026, 12, 1), date(2026, 12, 31))
    cells = {(c.day, c.position): c for c in services.roster.cells(date(2026, 12, 1), date(2026, 12, 31))}
    return shift, ids, cells


def link(services, admin, username, person_id):
    user = services.users.find(username)
    services.users.save(admin, replace(services.users.get(user.id), person_id=person_id))


def test_a_leader_swaps_two_officers_and_undoes_it(services, actors):
    admin, leader, _ = actors
    _, ids, cells = december(services)
    a, b = cells[(date(2026, 12, 2), O)], cells[(date(2026, 12, 4), O)]
    heard = []
    services.bus.subscribe(heard.append)

    change = services.roster.swap(leader, a.id, b.id, requested_by=a.person_id, reason="家中有事")
    assert (change.label, change.day, change.other_day) == ("调班", date(2026, 12, 2), date(2026, 12, 4))
    assert (change.person_before, change.person_after) == (a.person_name, b.person_name)
    assert (change.requested_by, change.approved_by, change.created_by) == (a.person_name, "李带班", "李带班")
    now = {c.id: c for c in services.roster.cells(date(2026, 12, 1), date(2026, 12, 31))}
    assert (now[a.id].person_id, now[b.id].person_id) == (b.person_id, a.person_id)
    assert now[a.id].source == now[b.id].source == "swap"
    assert ("assignment", str(a.id)) in {(c.kind, c.id) for c in heard}
    assert [c.id for c in services.roster.changes(date(2026, 12, 1), date(2026, 12, 5))] == [change.id]

    undone = services.roster.undo_change(admin, change.id)
    assert undone.undone_by == "王管理" and undone.undone_at is not None
    back = {c.id: c for c in services.roster.cells(date(2026, 12, 1), date(2026, 12, 31))}
    assert (back[a.id].person_id, back[a.id].source) == (a.person_id, "generated")
    with pytest.raises(DutyRoomError) as twice:
        services.roster.undo_change(admin, change.id)
    assert twice.value.message == "这次调班已经撤销过了"
    actions = [e.action for e in services.audit.page(admin, 0, 5) if e.entity_kind == "roster_change"]
    assert actions == ["undo", "swap"]


def test_a_substitute_who_is_already_on_duty_then_is_refused(services, actors):
    admin = actors[0]
    _, ids, cells = december(services)
    a = cells[(date(2026, 12, 2), O)]
    standby = cells[(date(2026, 12, 2), PositionKind.STANDBY)]
    with pytest.raises(ValidationError) as clash:
        services.roster.substitute(admin, a.id, standby.person_id)
    assert clash.value.fields["person_id"] == f"{standby.person_name}已排在 12-02 全天班备班，时间重叠"
    neighbour = cells[(date(2026, 12, 3), O)]
    change = services.roster.substitute(admin, a.id, neighbour.person_id, reason="病假")
    assert change.label == "代班" and change.person_after == neighbour.person_name
    assert change.warnings == (f"2026-12-03 {neighbour.person_name}：距上一班（12-02全天班）结束只隔 0 小时，"
                               "少于规定的 48 小时",)


def test_officers_may_change_only_their_own_shifts_and_not_when_approval_is_required(services, actors):
    admin, leader, officer = actors
    _, ids, cells = december(services)
    mine, theirs, others = (cells[(date(2026, 12, d), O)] for d in (2, 4, 6))
    with pytest.raises(PermissionDenied) as unlinked:
        services.roster.swap(officer, mine.id, theirs.id)
    assert "没有关联人员" in unlinked.value.message
    link(services, admin, "officer", mine.person_id)
    with pytest.raises(PermissionDenied) as not_mine:
        services.roster.swap(officer, theirs.id, others.id)
    assert not_mine.value.message == "值班员只能为自己申请调班或代班"
    change = services.roster.swap(officer, mine.id, theirs.id, reason="孩子开家长会")
    assert (change.requested_by, change.approved_by) == ("", "")  # 申请人 (不指定) is not made up
    services.roster.undo_change(officer, change.id)
    change = services.roster.swap(officer, mine.id, theirs.id, requested_by=mine.person_id)
    assert change.requested_by == mine.person_name
    services.roster.undo_change(officer, change.id)

    settings = services.settings.get()
    services.settings.save(admin, replace(settings, swap_needs_approval=True))
    with pytest.raises(PermissionDenied) as approval:
        services.roster.swap(officer, mine.id, theirs.id)
    assert "须经带班领导或管理员批准" in approval.value.message
    approved = services.roster.swap(leader, mine.id, theirs.id, requested_by=mine.person_id)
    assert approved.approved_by == "李带班"


def test_undo_waits_for_later_changes_to_be_undone_first(services, actors):
    admin = actors[0]
    _, ids, cells = december(services)
    a, b, c = (cells[(date(2026, 12, d), O)] for d in (2, 4, 6))
    first = services.roster.swap(admin, a.id, b.id)
    second = services.roster.substitute(admin, a.id, c.person_id)
    with pytest.raises(ConflictError) as later:
        services.roster.undo_change(admin, first.id)
    assert later.value.message == "这次调班之后班位又有调整，请先撤销后来的调整"
    services.roster.undo_change(admin, second.id)
    assert {x.id: x.source for x in services.roster.cells(date(2026, 12, 2), date(2026, 12, 2))}[a.id] == "swap"
    services.roster.undo_change(admin, first.id)
    assert [x.undone_at is not None for x in services.roster.changes(date(2026, 12, 1), date(2026, 12, 31))] == [
        True, True]


def test_manual_edits_are_for_admins_and_leaders_and_emptying_a_cell(services, actors):
    admin, leader, officer = actors
    shift, ids, cells = december(services)
    a = cells[(date(2026, 12, 5), O)]
    with pytest.raises(PermissionDenied):
        services.roster.assign(officer, a.day, shift.id, O, 0, ids["孙明"])
    assert services.roster.assign(leader, a.day, shift.id, O, 0, None, expected_version=a.version) is None
    assert services.roster.warnings(a.day, a.day)[0].line == "2026-12-05 全天班：值班员空缺 1 人"
    filled = services.roster.assign(leader, a.day, shift.id, O, 1, a.person_id)
    assert (filled.slot, filled.source, filled.person_name) == (1, "manual", a.person_name)
    with pytest.raises(ConflictError):
        services.roster.assign(admin, a.day, shift.id, O, 1, ids["孙明"], expected_version=filled.version + 5)
    services.people.save(admin, replace(services.people.get(ids["何雪"]), active=False))
    with pytest.raises(ValidationError) as inactive:
        services.roster.assign(admin, date(2026, 12, 6), shift.id, O, 1, ids["何雪"])
    assert inactive.value.fields == {"person_id": "何雪已停用，不能排班"}


def test_regenerating_after_a_swap_keeps_it_and_continues_the_rotation(services, actors):
    admin = actors[0]
    _, ids, cells = december(services)
    a, b = cells[(date(2026, 12, 2), O)], cells[(date(2026, 12, 3), O)]
    services.roster.swap(admin, a.id, b.id)
    plain_january = _january_officers(services, admin)
    redo = services.roster.generate(admin, date(2026, 12, 1), date(2026, 12, 31), replace=True)
    assert redo.kept == 2 and len(redo.kept_changed) == 2 and redo.warnings == ()
    after = {c.id: c.person_id for c in services.roster.cells(date(2026, 12, 2), date(2026, 12, 3))}
    assert (after[a.id], after[b.id]) == (b.person_id, a.person_id)
    assert _january_officers(services, admin) == plain_january


def _january_officers(services, admin):
    services.roster.generate(admin, date(2027, 1, 1), date(2027, 1, 31), replace=True, allow_unknown_years=True)
    return [c.person_id for c in services.roster.cells(date(2027, 1, 1), date(2027, 1, 31)) if c.position == O]
