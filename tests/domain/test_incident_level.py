"""The level the deaths of an accident call for (《生产安全事故报告和调查处理条例》 第三条)."""

from __future__ import annotations

import pytest

from dutyroom.domain.incident_level import level_above_deaths, level_for_deaths, level_problem
from dutyroom.domain.vocabulary import IncidentLevel


@pytest.mark.parametrize(("deaths", "level"), [(0, IncidentLevel.IV), (2, IncidentLevel.IV), (3, IncidentLevel.III),
                                               (9, IncidentLevel.III), (10, IncidentLevel.II),
                                               (29, IncidentLevel.II), (30, IncidentLevel.I), (None, None)])
def test_deaths_give_the_level(deaths, level):
    assert level_for_deaths(deaths) == level


def test_a_level_below_the_deaths_is_named_and_one_above_is_flagged():
    assert level_problem(IncidentLevel.IV, 3) == "死亡 3 人，按规定至少为较大事件"
    assert level_problem(IncidentLevel.III, 3) == "" and level_problem(IncidentLevel.UNRATED, 12) == ""
    assert level_problem(IncidentLevel.IV, None) == ""
    # The demo's old mistake: an explosion with 2 deaths graded 重大
    assert level_above_deaths(IncidentLevel.II, 2) and not level_above_deaths(IncidentLevel.IV, 2)
