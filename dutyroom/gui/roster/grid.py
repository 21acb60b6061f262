"""The month view of the roster: a 7-column calendar (星期一 … 星期日), one cell per day.

Each cell shows the date, the holiday name with its 休/班 marker, the leader and officers, and a
⚠ count of warnings; rest days are tinted, but the marker or the weekday column says it too.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyledItemDelegate, QTableView

from dutyroom.domain.localtime import WEEKDAYS
from dutyroom.domain.months import month_range
from dutyroom.gui import theme
from dutyroom.services.roster.records import RosterDay, RosterMonth

DAY_ROLE = Qt.ItemDataRole.UserRole + 10  # the date of the cell
ROSTER_DAY_ROLE = Qt.ItemDataRole.UserRole + 11  # its RosterDay, None before a roster is generated
REST_ROLE = Qt.ItemDataRole.UserRole + 12  # True on weekends (unless 调休上班) and 法定节假日

_TINT = {"light": {"rest": "#fbeee8", "holiday": "#f9e0d9", "outside": "#eceff2", "badge_rest": "#c62828",
                   "badge_work": "#52606d", "warn": "#b3261e"},
         "dark": {"rest": "#33292a", "holiday": "#412b2b", "outside": "#1b1f24", "badge_rest": "#e57373",
                  "badge_work": "#9aa5b1", "warn": "#ff8a80"}}

Index = QModelIndex | QPersistentModelIndex


def tint(key: str) -> QColor:
    return QColor(_TINT.get(theme.current_theme(), _TINT["light"])[key])


def is_rest_day(day: date, roster_day: RosterDay | None) -> bool:
    if roster_day is not None and roster_day.marker:
        return roster_day.marker == "休"
    return day.weekday() >= 5


def names(people) -> str:
    return "、".join(p.name for p in people)


def day_entries(roster_day: RosterDay) -> list[tuple[str, tuple[str, ...]]]:
    """(label, names) per line of a cell below its date: a shift's heading (several shifts) with no
    names, then 带班, 值班 and 备班 of each shift. Positions nobody holds and that are not owed are left out."""
    entries: list[tuple[str, tuple[str, ...]]] = []
    several = len(roster_day.shifts) > 1
    for shift in roster_day.shifts:
        if several:
            entries.append((f"【{shift.shift_name}】", ()))
        if shift.leaders:
            entries.append(("带班", tuple(p.name for p in shift.leaders)))
        entries.append(("值班", tuple(p.name for p in shift.officers)))
        if shift.standby:
            entries.append(("备班", tuple(p.name for p in shift.standby)))
    return entries


def entry_text(label: str, people: tuple[str, ...], fits=None) -> str:
    """"值班 张三、李四"; when `fits(text)` says it is too wide, the names that fit and "等N人"
    for the rest, so nobody disappears into an ellipsis."""
    if not people:
        return label if label.startswith("【") else f"{label} （空缺）"
    full = f"{label} {'、'.join(people)}"
    if fits is None or fits(full):
        return full
    for shown in range(len(people) - 1, 0, -1):
        text = f"{label} {'、'.join(people[:shown])} 等{len(people)}人"
        if fits(text):
            return text
    return f"{label} {len(people)}人"


SHORT = {"带班": "带", "值班": "值", "备班": "备"}


def cell_lines(roster_day: RosterDay, capacity: int, fits=None) -> list[str]:
    """What a cell shows in `capacity` lines of a width `fits(text)` judges: every position on a line
    of its own when there is room; else "带 张三  值 李四  备 王五" packed together; and only when even
    that does not fit, the positions that do and "另N人" for the people left out (Enter lists them)."""
    entries = day_entries(roster_day)
    fits = fits or (lambda _text: True)
    full = [entry_text(label, people) for label, people in entries]
    if len(full) <= capacity and all(fits(text) for text in full):
        return full
    texts = [entry_text(SHORT.get(label, label), people, fits) for label, people in entries]

    def join(group: list[int]) -> str:
        return "  ".join(texts[i] for i in group)

    groups: list[list[int]] = []
    for i in range(len(texts)):
        if groups and fits(join([*groups[-1], i])):
            groups[-1].append(i)
        else:
            groups.append([i])
    if len(groups) <= capacity:
        return [join(group) for group in groups]
    kept, last = groups[:capacity - 1], list(groups[capacity - 1])
    while True:  # room on the last line for "另N人", giving up positions from its end as needed
        shown = {i for group in (*kept, last) for i in group}
        hidden = sum(len(people) for i, (_label, people) in enumerate(entries) if i not in shown)
        line = f"{join(last)}  另{hidden}人" if last else f"另{hidden}人"
        if fits(line) or not last:
            return [join(group) for group in kept] + [line]
        last.pop()


def day_summary(roster_day: RosterDay) -> list[str]:
    """The lines of a cell below its date, all of them: leader, officers, standby per shift."""
    return [entry_text(label, people) for label, people in day_entries(roster_day)]


def day_tooltip(roster_day: RosterDay) -> str:
    d = roster_day.day
    head = f"{d.year}年{d.month}月{d.day}日 {roster_day.weekday}"
    if roster_day.holiday_name:
        head += f"  {roster_day.holiday_name}（{'放假' if roster_day.marker == '休' else '调休上班'}）"
    lines = [head]
    if roster_day.special_period:
        lines.append(f"特殊时期：{roster_day.special_period}")
    for shift in roster_day.shifts:
        lines.append(f"{shift.shift_name}：")
        for title, people in (("带班领导", shift.leaders), ("值班员", shift.officers), ("备班", shift.standby)):
            if people:
                lines.append(f"  {title}：" + "、".join(f"{p.name} {p.phone}".strip() for p in people))
    if not roster_day.shifts:
        lines.append("尚未排班")
    lines += [f"⚠ {w}" for w in roster_day.warnings]
    return "\n".join(lines)


class MonthGridModel(QAbstractTableModel):
    """Weeks × 7 days of one month; days of the neighbouring months are blank and cannot be selected."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.year, self.month = 2000, 1
        self._first = date(2000, 1, 1)
        self._weeks = 0
        self._days: dict[date, RosterDay] = {}
        self.today: date | None = None

    def set_month(self, year: int, month: int, roster: RosterMonth | None, today: date | None = None) -> None:
        self.beginResetModel()
        self.year, self.month, self.today = year, month, today
        first = date(year, month, 1)
        self._first = first - timedelta(days=first.weekday())
        last = month_range(year, month)[1]
        self._weeks = ((last - self._first).days // 7) + 1
        self._days = {d.day: d for d in roster.days} if roster is not None else {}
        self.endResetModel()

    def day_at(self, index: Index) -> date | None:
        if not index.isValid():
            return None
        day = self._first + timedelta(days=index.row() * 7 + index.column())
        return day if (day.year, day.month) == (self.year, self.month) else None

    def index_of(self, day: date) -> QModelIndex:
        offset = (day - self._first).days
        if (day.year, day.month) != (self.year, self.month) or offset < 0:
            return QModelIndex()
        return self.index(offset // 7, offset % 7)

    def roster_day(self, day: date) -> RosterDay | None:
        return self._days.get(day)

    # -- Qt model interface --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._weeks

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
                return WEEKDAYS[section]
            if orientation == Qt.Orientation.Vertical and 0 <= section < self._weeks:
                return f"第{section + 1}周"
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(Qt.AlignmentFlag.AlignCenter.value)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._weeks or index.column() >= 7:
            return None
        day = self.day_at(index)
        if day is None:
            return None
        roster_day = self._days.get(day)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            head = f"{day.day}日"
            if roster_day is not None and roster_day.holiday_name:
                head += f" {roster_day.holiday_name}"
            if roster_day is not None and roster_day.marker:
                head += f" {roster_day.marker}"
            lines = [head]
            if roster_day is not None:
                lines += day_summary(roster_day) if roster_day.shifts else []
                if roster_day.warnings:
                    lines.append(f"⚠ {len(roster_day.warnings)}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ToolTipRole:
            if roster_day is None:
                return f"{day.year}年{day.month}月{day.day}日 {WEEKDAYS[day.weekday()]}\n尚未排班"
            return day_tooltip(roster_day)
        if role == DAY_ROLE:
            return day
        if role == ROSTER_DAY_ROLE:
            return roster_day
        if role == REST_ROLE:
            return is_rest_day(day, roster_day)
        if role == Qt.ItemDataRole.BackgroundRole:
            if roster_day is not None and roster_day.marker == "休":
                return tint("holiday")
            return tint("rest") if is_rest_day(day, roster_day) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self.day_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class DayDelegate(QStyledItemDelegate):
    """Paints a day cell: date and markers on top, names below, warnings at the bottom."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        return QSize(130, 92)

    def paint(self, painter, option, index) -> None:
        day = index.data(DAY_ROLE)
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if day is None:
            painter.fillRect(rect, tint("outside"))
            painter.restore()
            return
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if selected:
            painter.fillRect(rect, QColor(theme.colour("highlight")))
        elif background is not None:
            painter.fillRect(rect, background)
        text_colour = QColor(theme.colour("highlight_text" if selected else "text"))
        roster_day = index.data(ROSTER_DAY_ROLE)
        inner = rect.adjusted(6, 4, -6, -4)
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)

        # Top line: the date, then holiday name and its 休/班 badge on the right.
        painter.setFont(bold)
        painter.setPen(text_colour)
        metrics = QFontMetrics(bold)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(day.day))
        right = inner.right()
        if roster_day is not None and roster_day.marker:
            badge_w = metrics.horizontalAdvance(roster_day.marker) + 8
            badge = QRect(right - badge_w + 1, inner.top(), badge_w, metrics.height())
            painter.fillRect(badge, tint("badge_rest" if roster_day.marker == "休" else "badge_work"))
            painter.setPen(QColor("#ffffff") if theme.current_theme() == "light" else QColor("#101418"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, roster_day.marker)
            right = badge.left() - 4
        if roster_day is not None and (roster_day.holiday_name or roster_day.special_period):
            label = roster_day.holiday_name or f"◆{roster_day.special_period}"
            left = inner.left() + metrics.horizontalAdvance("00") + 6
            area = QRect(left, inner.top(), max(0, right - left), metrics.height())
            painter.setFont(base)
            painter.setPen(text_colour)
            elided = QFontMetrics(base).elidedText(label, Qt.TextElideMode.ElideRight, area.width())
            painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided)

        # Names, one line each, elided on the right when a cell is narrow.
        painter.setFont(base)
        line_metrics = QFontMetrics(base)
        y = inner.top() + metrics.height() + 2
        bottom = inner.bottom()
        warnings = roster_day.warnings if roster_day is not None else ()
        reserve = line_metrics.height() if warnings else 0
        capacity = max(1, (bottom - reserve + 1 - y) // max(1, line_metrics.height()))
        width = inner.width()
        lines = (cell_lines(roster_day, capacity, lambda text: line_metrics.horizontalAdvance(text) <= width)
                 if roster_day is not None and roster_day.shifts else [])
        if roster_day is not None and not roster_day.shifts:
            lines = ["（未排班）"]
        painter.setPen(text_colour if roster_day is not None and roster_day.shifts
                       else QColor(theme.colour("muted")))
        for line in lines[:capacity]:
            elided = line_metrics.elidedText(line, Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(QRect(inner.left(), y, inner.width(), line_metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
            y += line_metrics.height()
        if warnings:
            painter.setFont(bold)
            painter.setPen(text_colour if selected else tint("warn"))
            painter.drawText(QRect(inner.left(), bottom - line_metrics.height() + 1, inner.width(),
                                   line_metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"⚠ {len(warnings)} 项提醒")

        # Today and the keyboard cursor get a frame, so neither relies on the fill colour alone.
        model = index.model()
        if getattr(model, "today", None) == day:
            painter.setPen(QPen(QColor(theme.colour("accent")), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(QColor(theme.colour("accent")), 1, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(3, 3, -4, -4))
        painter.setPen(QColor(theme.colour("disabled")))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.restore()


def make_month_view(model: MonthGridModel, parent=None) -> QTableView:
    view = QTableView(parent)
    view.setObjectName("monthGrid")
    view.setModel(model)
    view.setItemDelegate(DayDelegate(view))
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # the arrow keys walk the days; Tab goes on to the day's buttons
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.horizontalHeader().setHighlightSections(False)
    view.setMinimumHeight(5 * 62)
    view.verticalHeader().setMinimumSectionSize(58)
    return view
