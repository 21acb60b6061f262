"""A Services builds each area on first use, once, and connects the hooks the areas declare."""

from __future__ import annotations

import threading

from dutyroom.services import Services, shift_sources


def test_an_area_is_built_on_first_use_and_kept(services):
    fresh = Services(services.ctx)
    assert "rollcall" not in vars(fresh)
    first = fresh.rollcall
    assert fresh.rollcall is first and vars(fresh)["rollcall"] is first


def test_threads_asking_at_once_get_the_same_area(services):
    fresh = Services(services.ctx)
    seen, start = [], threading.Barrier(4)

    def ask():
        start.wait()
        seen.append(fresh.calls)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 4 and all(area is seen[0] for area in seen)


def test_the_clocks_ask_the_handover_for_the_duty_holder_only_when_asked(services):
    fresh = Services(services.ctx)
    holder = fresh.incidents.duty_holder
    assert holder is not None and "handover" not in vars(fresh)
    assert holder(fresh.clock.now()) == fresh.handover.duty_holder(fresh.clock.now())
    assert fresh.handover.roster_of is not None and fresh.handover.proposers  # wired when built
    assert fresh.bulletins.on_duty() == shift_sources.bulletin_people(fresh)  # (编辑, 签发) from the roster
