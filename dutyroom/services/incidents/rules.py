"""报送时限规则: the administrator's rules as data. Editing one recomputes the open clocks, never completed ones."""

from __future__ import annotations

from dataclasses import asdict, replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dutyroom.domain.deadlines import DeadlineRule, default_rules, rule_problems
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import ClockStart, Role
from dutyroom.errors import ConflictError, NotFound, ValidationError
from dutyroom.services.context import (
    is_unique_violation,
    require_role,
    unit_of_work,
)
from dutyroom.services.events import EntityKind
from dutyroom.services.incidents.base import IncidentArea
from dutyroom.services.incidents.clocks import rule_from_row, sync_clocks
from dutyroom.services.records import SYSTEM_ACTOR, Actor
from dutyroom.store.models import DeadlineClock, Incident
from dutyroom.store.models import DeadlineRule as RuleRow


def _snapshot(rule: DeadlineRule) -> dict:
    data = asdict(rule)
    data.pop("version")
    data["counted_from"] = rule.counted_from.value
    data["categories"], data["levels"] = list(rule.categories), list(rule.levels)
    return data


def _cleaned(rule: DeadlineRule) -> DeadlineRule:
    try:
        limit = int(rule.limit_minutes)
    except (TypeError, ValueError):
        raise ValidationError({"limit_minutes": "时限应为整数分钟"}) from None
    try:
        counted_from = ClockStart(rule.counted_from)
    except ValueError:
        raise ValidationError({"counted_from": "起算时间无效"}) from None
    rule = replace(rule, name=clean_text(rule.name), limit_minutes=limit, counted_from=counted_from,
                   categories=tuple(sorted(set(rule.categories))), levels=tuple(sorted(set(rule.levels))),
                   sort_order=int(rule.sort_order))
    problems = rule_problems(rule)
    if problems:
        raise ValidationError(problems)
    return rule


def _write(row: RuleRow, rule: DeadlineRule) -> None:
    row.name, row.limit_minutes, row.counted_from = rule.name, rule.limit_minutes, rule.counted_from.value
    row.categories, row.levels = ",".join(rule.categories), ",".join(rule.levels)
    row.security_only, row.report_kind, row.channel = rule.security_only, rule.report_kind, rule.channel
    row.repeating, row.active, row.sort_order = rule.repeating, rule.active, rule.sort_order


class RuleAdmin(IncidentArea):
    """The administrator's reporting-deadline rules; editing one re-syncs the open clocks."""

    def rules(self, *, include_inactive: bool = True) -> list[DeadlineRule]:
        with self.ctx.db.session() as s:
            rows = s.scalars(select(RuleRow).order_by(RuleRow.sort_order, RuleRow.id))
            return [rule_from_row(r) for r in rows if include_inactive or r.active]

    def ensure_default_rules(self) -> int:
        """On an empty rule table, the DESIGN.md §6 defaults. Idempotent; returns how many were added."""
        with self.ctx.db.session() as s:
            if s.scalar(select(RuleRow.id).limit(1)) is not None:
                return 0
        try:
            with unit_of_work(self.ctx, SYSTEM_ACTOR) as uow:
                for rule in default_rules():
                    row = RuleRow()
                    _write(row, rule)
                    uow.session.add(row)
                    uow.session.flush()
                    uow.audit("create", EntityKind.DEADLINE_RULE, row.id, after=_snapshot(rule), announce=False)
        except IntegrityError:  # another workstation seeded them at the same moment
            return 0
        return len(default_rules())

    def save_rule(self, actor: Actor, rule: DeadlineRule) -> DeadlineRule:
        """Create or edit a rule. Open clocks of the rule follow the edit (audited); completed ones stay."""
        require_role(actor, Role.ADMIN)
        rule = _cleaned(rule)
        try:
            with unit_of_work(self.ctx, actor) as uow:
                s = uow.session
                if rule.id is None:
                    row = RuleRow()
                    _write(row, rule)
                    s.add(row)
                    s.flush()
                    uow.audit("create", EntityKind.DEADLINE_RULE, row.id, after=_snapshot(rule))
                else:
                    row = uow.fetch(RuleRow, rule.id, gone="找不到该时限规则，可能已被删除", version=rule.version,
                                    what="时限规则")
                    with uow.edit(EntityKind.DEADLINE_RULE, row, lambda r: _snapshot(rule_from_row(r))):
                        _write(row, rule)
                self._resync(uow, row.id, f"时限规则“{rule.name}”已修改")
                return rule_from_row(row)
        except IntegrityError as exc:
            if is_unique_violation(exc):
                raise ValidationError({"name": f"已有名为“{rule.name}”的时限规则"}) from None
            raise ConflictError() from None

    def delete_rule(self, actor: Actor, rule_id: int) -> None:
        """Open clocks of the rule are cancelled; completed clocks keep the rule's name and outcome."""
        require_role(actor, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(RuleRow, rule_id)
            if row is None:
                raise NotFound("找不到该时限规则，可能已被删除")
            before = _snapshot(rule_from_row(row))
            affected = _incidents_with_open_clocks(uow.session, rule_id)
            uow.session.delete(row)
            uow.session.flush()
            uow.audit("delete", EntityKind.DEADLINE_RULE, rule_id, before=before)
            for incident_id in affected:
                sync_clocks(uow, uow.session.get_one(Incident, incident_id), reason=f"时限规则“{before['name']}”已删除")

    @staticmethod
    def _resync(uow, rule_id: int, reason: str) -> None:
        # Only the rule's open clocks follow an edit. A new or widened rule reaches other incidents
        # when they are next saved: a rule added today must not make last month's incidents overdue.
        for incident_id in _incidents_with_open_clocks(uow.session, rule_id):
            sync_clocks(uow, uow.session.get_one(Incident, incident_id), reason=reason)


def _incidents_with_open_clocks(session, rule_id: int) -> list[int]:
    return sorted(set(session.scalars(select(DeadlineClock.incident_id).where(
        DeadlineClock.rule_id == rule_id, DeadlineClock.completed_at.is_(None), DeadlineClock.cancelled_at.is_(None)))))
