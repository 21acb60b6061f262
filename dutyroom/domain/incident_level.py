"""The level an accident's deaths alone call for, by 《生产安全事故报告和调查处理条例》 第三条 (and the
national emergency plans that follow it): 30 or more deaths 特别重大, 10–29 重大, 3–9 较大, fewer 一般.

Only deaths are counted: the register's 受伤 is not the regulation's 重伤, and losses are rarely known at
the first report. So this is the lowest level the deaths require, a check on the level chosen, never
a level set for the officer.
"""

from __future__ import annotations

from dutyroom.domain.vocabulary import IncidentLevel

#: (fewest deaths, level), highest first
DEATH_THRESHOLDS = ((30, IncidentLevel.I), (10, IncidentLevel.II), (3, IncidentLevel.III), (0, IncidentLevel.IV))
_RANK = {IncidentLevel.I: 4, IncidentLevel.II: 3, IncidentLevel.III: 2, IncidentLevel.IV: 1, IncidentLevel.UNRATED: 0}


def level_for_deaths(deaths: int | None) -> IncidentLevel | None:
    """The level `deaths` call for; None while the number is not known."""
    if deaths is None:
        return None
    return next(level for fewest, level in DEATH_THRESHOLDS if deaths >= fewest)


def level_problem(level: IncidentLevel, deaths: int | None) -> str:
    """A Chinese note when `level` is below what the deaths call for ("" when it is not, or not known)."""
    needed = level_for_deaths(deaths)
    if needed is None or level == IncidentLevel.UNRATED or _RANK[level] >= _RANK[needed]:
        return ""
    return f"死亡 {deaths} 人，按规定至少为{needed.label}事件"


def level_above_deaths(level: IncidentLevel, deaths: int | None) -> bool:
    """True when `level` is higher than the deaths alone call for (other grounds, such as losses or
    injuries, must then support it)."""
    needed = level_for_deaths(deaths)
    return needed is not None and level != IncidentLevel.UNRATED and _RANK[level] > _RANK[needed]
