"""空岗: record an empty post once (from whichever workstation finds it), let the officer explain it and the
leader close it; the night's presence checks (在岗确认) planned, confirmed or missed.

A closed record is kept as it was: closing freezes it. Times come from the injected clock.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from dutyroom.domain.empty_post import absence_long_enough
from dutyroom.domain.localtime import zone as office_zone
from dutyroom.domain.roster import shift_at
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import EmptyPostKind, PositionKind, Role
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import ServiceContext, check_version, require_role, unit_of_work
from dutyroom.services.drafts import Drafts
from dutyroom.services.duty import duty_of, shift_spec
from dutyroom.services.empty_posts import desk, presence
from dutyroom.services.empty_posts.records import EmptyPostRecord, PresenceCheckRecord
from dutyroom.services.events import EntityKind
from dutyroom.services.records import SYSTEM_ACTOR, Actor
from dutyroom.store.models import Assignment, EmptyPost, Person, PresenceCheck, ShiftDefinition

GONE = "找不到该空岗记录，可能已被删除"


def to_record(row: EmptyPost) -> EmptyPostRecord:
    return EmptyPostRecord(
        kind=EmptyPostKind(row.kind), at=row.at, duty_date=row.duty_date, shift_name=row.shift_name,
        rostered=row.rostered, detail=row.detail, explanation=row.explanation, explained_by=row.explained_by,
        explained_at=row.explained_at, closed_by=row.closed_by, closed_at=row.closed_at, id=row.id,
        version=row.version)


def check_record(row: PresenceCheck) -> PresenceCheckRecord:
    return PresenceCheckRecord(row.due_at, row.answer_by, row.confirmed_at, row.confirmed_by, row.empty_post_id,
                               row.id)


class EmptyPostService(Drafts):
    """Drafts: the officer's 情况说明 half typed when the program died is offered back."""

    def __init__(self, ctx: ServiceContext):
        super().__init__(ctx)

    # -- reading --------------------------------------------------------------------------------
    def get(self, post_id: int) -> EmptyPostRecord:
        with self.ctx.db.session() as s:
            row = s.get(EmptyPost, post_id)
            if row is None:
                raise NotFound(GONE)
            return to_record(row)

    def list(self, *, open_only: bool = False, first: date | None = None, last: date | None = None,
             limit: int = 500) -> list[EmptyPostRecord]:
        """Newest first; `first`..`last` are roster days (the duty log's and the month's question)."""
        query = select(EmptyPost)
        if open_only:
            query = query.where(EmptyPost.closed_at.is_(None))
        if first is not None:
            query = query.where(EmptyPost.duty_date >= first)
        if last is not None:
            query = query.where(EmptyPost.duty_date <= last)
        with self.ctx.db.session() as s:
            return [to_record(r) for r in s.scalars(query.order_by(EmptyPost.at.desc(), EmptyPost.id.desc())
                                                    .limit(limit))]

    def for_shift(self, duty_date: date, shift_name: str = "") -> list[EmptyPostRecord]:
        found = self.list(first=duty_date, last=duty_date)
        return [r for r in reversed(found) if not shift_name or r.shift_name == shift_name]

    def month_counts(self, year: int, month: int) -> dict[EmptyPostKind, int]:
        """空岗 records of a month by kind, for the monthly duty figures."""
        first = date(year, month, 1)
        after = date(year + month // 12, month % 12 + 1, 1)
        with self.ctx.db.session() as s:
            rows = s.execute(select(EmptyPost.kind, func.count(EmptyPost.id)).where(
                EmptyPost.duty_date >= first, EmptyPost.duty_date < after).group_by(EmptyPost.kind))
            found = {EmptyPostKind(kind): n for kind, n in rows}
        return {kind: found.get(kind, 0) for kind in EmptyPostKind}

    def rostered_at(self, at: datetime) -> tuple[date, str, list[str]]:
        """The roster day and shift of `at`, and the leaders and officers rostered in it, by name."""
        zone = office_zone(self.ctx.settings().time_zone)
        with self.ctx.db.session() as s:
            duty_date, shift_name = duty_of(s, at, zone)
            names = list(s.scalars(
                select(Person.name).join(Assignment, Assignment.person_id == Person.id)
                .join(ShiftDefinition, ShiftDefinition.id == Assignment.shift_id)
                .where(Assignment.day == duty_date, ShiftDefinition.name == shift_name,
                       Assignment.position.in_((PositionKind.LEADER.value, PositionKind.OFFICER.value)))
                .order_by(Assignment.position, Assignment.slot)))
        return duty_date, shift_name, names

    def shift_started(self, at: datetime) -> tuple[date, str, datetime] | None:
        """The roster day, name and start (the handover time) of the shift `at` falls in; None without shifts."""
        zone = office_zone(self.ctx.settings().time_zone)
        with self.ctx.db.session() as s:
            specs = [shift_spec(r) for r in s.scalars(select(ShiftDefinition).where(ShiftDefinition.active.is_(True)))]
        found = shift_at(at, specs, zone)
        if found is None:
            return None
        day, spec = found
        return day, spec.name, spec.window(day, zone)[0]

    # -- recording ------------------------------------------------------------------------------
    def record(self, kind: EmptyPostKind, at: datetime, detail: str = "") -> EmptyPostRecord | None:
        """Open a 空岗 record found by a check; None when another check (or workstation) already did."""
        with self.ctx.db.session() as s:  # the common case on every tick: already recorded, no write tried
            if s.scalar(select(EmptyPost.id).where(EmptyPost.kind == EmptyPostKind(kind).value,
                                                   EmptyPost.at == at)) is not None:
                return None
        duty_date, shift_name, names = self.rostered_at(at)
        try:
            with unit_of_work(self.ctx, SYSTEM_ACTOR) as uow:
                row = EmptyPost(kind=EmptyPostKind(kind).value, at=at, duty_date=duty_date, shift_name=shift_name[:30],
                                rostered="、".join(names), detail=detail, created_at=uow.now)
                uow.session.add(row)
                uow.session.flush()
                saved = to_record(row)
                uow.audit("create", EntityKind.EMPTY_POST, row.id,
                          after={"kind": saved.kind.value, "at": at.isoformat(), "shift": shift_name,
                                 "rostered": saved.rostered, "detail": detail})
                return saved
        except IntegrityError:
            return None

    def explain(self, actor: Actor, post_id: int, version: int, explanation: str) -> EmptyPostRecord:
        """The officer's 情况说明; it may be corrected until the leader closes the record."""
        require_role(actor, Role.OFFICER, Role.LEADER, Role.ADMIN)
        text = clean_text(explanation, multiline=True)
        if not text:
            raise ValidationError({"explanation": "请填写情况说明"})
        if len(text) > 2000:
            raise ValidationError({"explanation": "情况说明太长（最多 2000 个字）"})

        def change(uow, row: EmptyPost) -> None:
            row.explanation, row.explained_at = text, uow.now
            row.explained_by = (actor.display_name or actor.username)[:50]

        return self._edit(actor, post_id, version, "explain", change)

    def close(self, actor: Actor, post_id: int, version: int) -> EmptyPostRecord:
        """带班领导 closes it; from then on it is kept exactly as it was."""
        require_role(actor, Role.LEADER)

        def change(uow, row: EmptyPost) -> None:
            row.closed_at, row.closed_by = uow.now, (actor.display_name or actor.username)[:50]

        return self._edit(actor, post_id, version, "close", change)

    def _edit(self, actor: Actor, post_id: int, version: int, action: str, change) -> EmptyPostRecord:
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(EmptyPost, post_id)
            if row is None:
                raise NotFound(GONE)
            check_version(row.version, version, "该空岗记录")
            if row.closed_at is not None:
                raise ValidationError({"closed": "该空岗记录已由带班领导关闭，不能再改"})
            before = {"explanation": row.explanation, "closed_by": row.closed_by}
            change(uow, row)
            uow.session.flush()
            uow.audit(action, EntityKind.EMPTY_POST, row.id, before=before,
                      after={"explanation": row.explanation, "closed_by": row.closed_by})
            return to_record(row)

    def watch_desk(self, now: datetime, person_id: int | None, limit_minutes: int) -> EmptyPostRecord | None:
        """Rule 3: note who is logged in here (`person_id`, None when nobody) and open the 空岗 record once no
        rostered officer has been logged in anywhere for `limit_minutes`; None otherwise or when recorded."""
        since = desk.absent_since(self.ctx, now, person_id)
        if not absence_long_enough(since, now, limit_minutes):
            return None
        assert since is not None
        return self.record(EmptyPostKind.NO_OFFICER, since, f"值班工作站 {limit_minutes} 分钟以上无在班人员登录")

    # -- presence checks (在岗确认) ----------------------------------------------------------------
    def plan_presence_checks(self, night: date, now: datetime) -> list[PresenceCheckRecord]:
        """The night's drawn moments as checks to ask (once each, whichever workstation plans them)."""
        return presence.plan(self.ctx, night, now)

    def presence_draw(self, night: date) -> list[datetime]:
        """The night's moments as the office's secret draws them (an auditor's repeat of the draw)."""
        return presence.draw(self.ctx, night)

    def pending_presence(self, now: datetime) -> list[PresenceCheckRecord]:
        """Checks being asked now: due, not yet confirmed, still within the time to answer."""
        with self.ctx.db.session() as s:
            return [check_record(r) for r in s.scalars(select(PresenceCheck).where(
                PresenceCheck.due_at <= now, PresenceCheck.answer_by > now, PresenceCheck.confirmed_at.is_(None))
                .order_by(PresenceCheck.due_at))]

    def confirm_presence(self, actor: Actor, check_id: int) -> PresenceCheckRecord:
        """The logged-in officer answers 在岗 in time; afterwards it is a missed check, not a late answer."""
        require_role(actor, Role.OFFICER, Role.LEADER, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(PresenceCheck, check_id)
            if row is None:
                raise NotFound("找不到该在岗确认")
            if row.confirmed_at is None:
                if uow.now >= row.answer_by:
                    raise ValidationError({"confirm": "已超过确认时限，本次在岗确认记为未应答"})
                row.confirmed_at, row.confirmed_by = uow.now, (actor.display_name or actor.username)[:50]
                uow.session.flush()
                uow.audit("confirm", EntityKind.PRESENCE_CHECK, row.id, after={"due_at": row.due_at.isoformat()})
            return check_record(row)

    def record_missed_presence(self, now: datetime) -> list[EmptyPostRecord]:
        """Every check whose time to answer has passed unconfirmed becomes a 空岗 record, once."""
        with self.ctx.db.session() as s:
            missed = [check_record(r) for r in s.scalars(select(PresenceCheck).where(
                PresenceCheck.answer_by <= now, PresenceCheck.confirmed_at.is_(None),
                PresenceCheck.empty_post_id.is_(None)))]
        opened = []
        for check in missed:
            zone = office_zone(self.ctx.settings().time_zone)
            asked = check.due_at.astimezone(zone).strftime("%H:%M")
            post = self.record(EmptyPostKind.PRESENCE_MISSED, check.due_at,
                               f"{asked} 在岗确认，{int((check.answer_by - check.due_at).total_seconds() // 60)} 分钟内无人确认")
            with self.ctx.db.session() as s:
                row = s.get(PresenceCheck, check.id)
                if row is not None and row.empty_post_id is None:
                    row.empty_post_id = post.id if post is not None else self._post_id(s, check.due_at)
            if post is not None:
                opened.append(post)
        return opened

    @staticmethod
    def _post_id(session, at: datetime) -> int | None:
        return session.scalar(select(EmptyPost.id).where(EmptyPost.kind == EmptyPostKind.PRESENCE_MISSED.value,
                                                         EmptyPost.at == at))
