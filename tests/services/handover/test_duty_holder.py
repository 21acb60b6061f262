"""From the moment a handover is sealed, the open clocks' alarms address the incoming officer: the alert's
words name them, and an alarm confirmed by the outgoing officer still logged in records for whom."""

from __future__ import annotations

from dutyroom.scheduling import DutyScheduler
from tests.conftest import PASSWORD
from tests.services.handover.helpers import DAY1, OFFICE, at_handover_of, key, staff
from tests.services.incidents.helpers import incident


def alerts(services) -> DutyScheduler:
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_incident_alerts()
    return scheduler


def test_after_a_handover_the_alarms_address_the_incoming_officer(services, actors, clock):
    people = staff(services, actors[0])
    at_handover_of(clock, DAY1)  # 22 Nov 08:10, still the 21st's shift: 孙明 is on duty
    before = services.handover.duty_holder()
    assert before is not None and before.name == "孙明" and before.since is None
    services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    holder = services.handover.duty_holder()
    assert holder is not None and holder.name == "周晓梅" and holder.shift == key(22).label
    assert holder.user_id == people["zhouxm"].user_id and holder.words(OFFICE) == "当班：周晓梅（08:10 接班）"

    # An alert after the handover says whose it is; the outgoing officer's 确认 records for whom.
    first = services.incidents.save(people["sunming"], incident(clock, ago_minutes=176))  # due in 4 minutes
    [fired] = alerts(services).check_due()
    assert fired.outcome.endswith("前报送。当班：周晓梅（08:10 接班）")
    clock.advance(minutes=5)
    [overdue] = alerts(services).check_due()
    assert "超时" in overdue.outcome and overdue.outcome.endswith("当班：周晓梅（08:10 接班）")
    [clock_of_first] = services.incidents.clocks(first.id)
    acked = services.incidents.acknowledge(people["sunming"], clock_of_first.id)
    assert acked.acknowledged_by == "孙明（代当班 周晓梅）"
    second = services.incidents.save(people["zhouxm"], incident(clock, ago_minutes=200, title="城南变电站火情"))
    [clock_of_second] = services.incidents.clocks(second.id)
    assert services.incidents.acknowledge(people["zhouxm"], clock_of_second.id).acknowledged_by == "周晓梅"


def test_a_handover_still_owed_keeps_the_duty_until_its_window_closes(services, actors, clock):
    people = staff(services, actors[0])
    at_handover_of(clock, DAY1)
    services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    at_handover_of(clock, key(22), minutes=10)  # 23 Nov 08:40: 周晓梅 has not handed over to 吴磊 yet
    owed = services.handover.duty_holder()
    assert owed is not None and owed.name == "周晓梅" and owed.words(OFFICE) == "当班：周晓梅（08:10 接班，尚未交班）"
    clock.advance(minutes=60)  # past the window: the shift is recorded as missed, the roster decides
    late = services.handover.duty_holder()
    assert late is not None and late.name == "吴磊" and late.since is None and late.words(OFFICE) == "当班：吴磊"
