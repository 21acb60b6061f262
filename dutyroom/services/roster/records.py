"""Plain data of the roster service besides the printed/exported RosterMonth family in records.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from dutyroom.domain.roster import REST_DAYS, RosterWarning
from dutyroom.domain.roster_checks import BalanceRow
from dutyroom.domain.vocabulary import PositionKind

__all__ = ["AssignmentRecord", "BalanceRow", "ChangeRecord", "GenerationReport", "LeaveRecord", "RosterImportResult",
           "RosterWarning", "RotationRecord", "ShiftRecord", "SpecialPeriodRecord"]

DEFAULT_SHIFT_NAME = "全天班"


@dataclass
class ShiftRecord:
    """班次. `start_time` is office-local wall-clock time; the shift lasts `duration_minutes`."""

    name: str = DEFAULT_SHIFT_NAME
    start_time: time = time(8, 30)
    duration_minutes: int = 24 * 60
    officer_count: int = 1
    standby_count: int = 0
    leader_policy: str = REST_DAYS  # "always" | "rest_days" | "never"
    sort_order: int = 0
    active: bool = True
    id: int | None = None
    version: int = 0


@dataclass
class RotationRecord:
    """轮班: the people of one position of one shift, in the order they take turns."""

    position: PositionKind
    shift_id: int
    member_ids: list[int] = field(default_factory=list)
    period: str = "day"  # "day" | "week" (leaders only)
    id: int | None = None
    version: int = 0
    member_names: list[str] = field(default_factory=list)  # filled on read, ignored on write


@dataclass
class LeaveRecord:
    """请假 / 出差 / 培训: `start_day` to `end_day`, both included."""

    person_id: int
    start_day: date
    end_day: date
    kind: str = "请假"
    note: str = ""
    id: int | None = None
    version: int = 0
    person_name: str = ""  # filled on read


@dataclass
class SpecialPeriodRecord:
    """特殊时期 (防汛期、重大活动): leaders are on duty every day in it."""

    name: str
    start_day: date
    end_day: date
    id: int | None = None
    version: int = 0


@dataclass(frozen=True)
class AssignmentRecord:
    """One stored roster cell, with the ids a swap or a manual edit needs."""

    id: int
    day: date
    shift_id: int
    shift_name: str
    position: PositionKind
    slot: int
    person_id: int | None
    person_name: str
    source: str  # generated | manual | import | swap | substitute
    version: int


@dataclass(frozen=True)
class GenerationReport:
    first: date
    last: date
    created: int  # cells written by this run
    replaced: int  # generated cells of the range that were discarded (replace=True)
    kept: int  # cells of the range left as they were
    kept_changed: tuple[str, ...]  # manual, swapped or imported cells left alone, one line each
    warnings: tuple[RosterWarning, ...]
    unknown_years: tuple[int, ...] = ()  # generated anyway with allow_unknown_years

    def summary(self) -> str:
        text = (f"已生成 {self.first.isoformat()} 至 {self.last.isoformat()} 的值班表：新排 {self.created} 个班位，"
                f"保留 {self.kept} 个")
        if self.replaced:
            text += f"，重排替换 {self.replaced} 个"
        text += f"；{len(self.warnings)} 条提醒" if self.warnings else "；没有冲突"
        return text


@dataclass(frozen=True)
class ChangeRecord:
    """调班 (swap) or 代班 (substitute), as the history list shows it."""

    id: int
    kind: str  # swap | substitute
    day: date
    shift_name: str
    position: PositionKind
    person_before: str
    person_after: str
    other_day: date | None  # the other cell of a swap
    requested_by: str
    approved_by: str
    reason: str
    created_at: datetime
    created_by: str
    undone_at: datetime | None
    undone_by: str
    assignment_id: int
    other_assignment_id: int | None
    version: int
    warnings: tuple[str, ...] = ()  # problems the change leaves, filled when it is made

    @property
    def label(self) -> str:
        return "调班" if self.kind == "swap" else "代班"


@dataclass(frozen=True)
class RosterImportResult:
    total: int
    first: date
    last: date
    cells: int

    def summary(self) -> str:
        return (f"已导入 {self.total} 行值班安排（{self.first.isoformat()} 至 {self.last.isoformat()}，"
                f"共 {self.cells} 个班位）")
