"""What every part of the handover service shares: the context, the shifts as the roster defines
them, the duty-log row of a shift (made on first use), the "is this shift sealed" check, the audit head.
HandoverService and each of its parts derive from HandoverArea.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dutyroom.domain import handover as rules
from dutyroom.domain import localtime
from dutyroom.domain.roster import ShiftSpec
from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import ServiceContext, UnitOfWork, require_role
from dutyroom.services.duty import shift_spec
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.handover.records import ProposalContext, Proposer, ShiftKey, ShiftSpan
from dutyroom.services.records import Actor, OfficeSettings
from dutyroom.store.models import AuditRecord, DutyLog, Handover, ShiftDefinition

SEALED = "本班已交接封存，记录不能再修改；如需更正，请在交接班记录中添加补正"


def require_writer(actor: Actor) -> None:
    """Whoever staffs the post writes the log; the program itself (demo, scheduler) may too."""
    if actor.user_id is not None:
        require_role(actor, Role.OFFICER, Role.LEADER, Role.ADMIN)


def actor_name(actor: Actor) -> str:
    return (actor.display_name or actor.username)[:50]


def cleaned_text(value: str, field: str, label: str, *, required: bool = True, max_len: int = 2000,
                 multiline: bool = True) -> str:
    text = clean_text(value, multiline=multiline)
    problems = Problems()
    check_text(problems, field, text, label, required=required, max_len=max_len)
    if problems:
        raise ValidationError(problems)
    return text


def key_of(row: DutyLog) -> ShiftKey:
    return ShiftKey(row.duty_date, row.shift_name)


class HandoverArea:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        #: where proposed items come from; services/shift_sources.py fills it (one line per source)
        self.proposers: list[Proposer] = []

    def _settings(self) -> OfficeSettings:
        return self.ctx.settings()

    def _zone(self, settings: OfficeSettings | None = None) -> ZoneInfo:
        return localtime.zone((settings or self._settings()).time_zone)

    def today(self) -> date:
        return self.ctx.clock.now().astimezone(self._zone()).date()

    # -- shifts ---------------------------------------------------------------------------------
    @staticmethod
    def _specs(s: Session) -> list[ShiftSpec]:
        return [shift_spec(r) for r in s.scalars(select(ShiftDefinition).where(ShiftDefinition.active.is_(True))
                                                 .order_by(ShiftDefinition.sort_order, ShiftDefinition.id))]

    def _spans(self, s: Session, settings: OfficeSettings):
        specs, zone, at = self._specs(s), self._zone(settings), settings.handover_time
        return specs, zone, at

    def shift_at(self, at: datetime | None = None) -> ShiftSpan:
        """The shift an instant (default: now) belongs to."""
        settings = self._settings()
        with self.ctx.db.session() as s:
            specs, zone, ht = self._spans(s, settings)
        return rules.shift_containing(at or self.ctx.clock.now(), specs, zone, ht)

    def shifts_of_day(self, day: date) -> list[ShiftSpan]:
        """The shifts starting on a roster day, earliest first (one for a 24-hour roster)."""
        settings = self._settings()
        with self.ctx.db.session() as s:
            specs, zone, ht = self._spans(s, settings)
        return rules.shifts_of_day(day, specs, zone, ht)

    def span(self, key: ShiftKey) -> ShiftSpan:
        """The instants of a shift; a name the roster does not know is an error in Chinese."""
        settings = self._settings()
        with self.ctx.db.session() as s:
            return self._span(s, key, settings)

    def _span(self, s: Session, key: ShiftKey, settings: OfficeSettings) -> ShiftSpan:
        specs, zone, ht = self._spans(s, settings)
        found = rules.shift_named(key, specs, zone, ht)
        if found is None:
            # A log kept before the shifts were renamed still opens, as the log it was.
            row = s.scalar(select(DutyLog).where(DutyLog.duty_date == key.day, DutyLog.shift_name == key.name))
            if row is None:
                raise NotFound(f"没有名为“{key.name}”的班次")
            return ShiftSpan(key, row.starts_at, row.ends_at)
        return found

    def resolve(self, day: date, name: str = "") -> ShiftKey:
        """A shift given by a date and perhaps a name: without a name, the first shift of the day."""
        spans = self.shifts_of_day(day)
        if name:
            for span in spans:
                if span.key.name == name:
                    return span.key
            raise NotFound(f"没有名为“{name}”的班次（本日班次：{'、'.join(s.key.name for s in spans) or '无'}）")
        return spans[0].key

    def _next_span(self, s: Session, span: ShiftSpan, settings: OfficeSettings) -> ShiftSpan:
        specs, zone, ht = self._spans(s, settings)
        return rules.next_shift(span, specs, zone, ht)

    def _window(self, span: ShiftSpan, settings: OfficeSettings) -> rules.HandoverWindow:
        return rules.handover_window(span, settings.handover_before_minutes, settings.handover_after_minutes)

    # -- the log row of a shift -------------------------------------------------------------------
    def _log(self, uow: UnitOfWork, span: ShiftSpan) -> DutyLog:
        """The shift's log row, made on first use (two workstations making it at once: one wins)."""
        s = uow.session
        row = self._find_log(s, span.key)
        if row is not None:
            return row
        try:
            with s.begin_nested():
                row = DutyLog(duty_date=span.key.day, shift_name=span.key.name, starts_at=span.starts_at,
                              ends_at=span.ends_at, created_at=uow.now)
                s.add(row)
        except IntegrityError:
            row = self._find_log(s, span.key)
            if row is None:
                raise
            return row
        # Not audited (nothing was typed), but pages showing the list of logs hear about it.
        uow.changes.append(Change(kind=EntityKind.DUTY_LOG, id=str(row.id), op="create"))
        return row

    @staticmethod
    def _find_log(s: Session, key: ShiftKey) -> DutyLog | None:
        return s.scalar(select(DutyLog).where(DutyLog.duty_date == key.day, DutyLog.shift_name == key.name))

    @staticmethod
    def _handover_row(s: Session, log_id: int) -> Handover | None:
        return s.scalar(select(Handover).where(Handover.duty_log_id == log_id))

    def _require_unsealed(self, s: Session, log: DutyLog) -> None:
        if self._handover_row(s, log.id) is not None:
            raise ValidationError({"shift": SEALED})

    @staticmethod
    def _audit_head(s: Session) -> tuple[int, str]:
        last = s.execute(select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)).first()
        return (last[0], last[1]) if last else (0, "")

    def _proposal_context(self, s: Session, span: ShiftSpan, settings: OfficeSettings) -> ProposalContext:
        return ProposalContext(span, self._next_span(s, span, settings), self.ctx.clock.now())
