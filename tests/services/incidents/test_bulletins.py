"""值班快报 / 信息专报: numbered per year and kind, drafted from an incident, audited, announced."""

from dataclasses import replace
from datetime import date

import pytest

from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.demo import seed_demo
from dutyroom.services.incidents.records import BulletinRecord
from dutyroom.services.records import SYSTEM_ACTOR


def record(**extra) -> BulletinRecord:
    values = dict(year=2026, number=0, kind="值班快报", title="临江路燃气管道泄漏", narrative="据报告，……。",
                  issued_on=date(2026, 11, 21), issuing_office="某区人民政府总值班室")
    values.update(extra)
    return BulletinRecord(**values)


def test_numbers_run_per_year_and_kind_for_every_role(services, actors):
    admin, leader, officer = actors
    assert services.bulletins.next_number(2026, "值班快报") == 1
    first = services.bulletins.create(officer, record())
    second = services.bulletins.create(leader, record(title="第二件事"))
    special = services.bulletins.create(admin, record(kind="信息专报"))
    next_year = services.bulletins.create(officer, record(year=0, issued_on=date(2027, 1, 2)))
    assert [(b.year, b.kind, b.number) for b in (first, second, special, next_year)] == [
        (2026, "值班快报", 1), (2026, "值班快报", 2), (2026, "信息专报", 1), (2027, "值班快报", 1)]
    assert services.bulletins.next_number(2026, "值班快报") == 3
    assert services.bulletins.get(second.id) == second
    assert [b.number for b in services.bulletins.list(year=2026) if b.kind == "值班快报"] == [2, 1]
    assert len(services.bulletins.list()) == 4
    issued = [e for e in services.audit.page(admin, 0, 50) if e.entity_kind == "bulletin"]
    assert len(issued) == 4 and {e.actor_name for e in issued} == {"李带班", "赵值班", "王管理"}
    assert issued[0].after["number"] == 1 and issued[0].after["year"] == 2027


def test_bad_input_is_told_per_field_and_nothing_is_numbered(services, actors):
    _, _, officer = actors
    with pytest.raises(ValidationError) as err:
        services.bulletins.create(officer, record(title=" ", narrative="", kind="简报"))
    assert set(err.value.fields) == {"title", "narrative", "kind"}
    assert err.value.fields["title"] == "请填写标题"
    with pytest.raises(NotFound):
        services.bulletins.create(officer, record(incident_id=999))
    with pytest.raises(NotFound):
        services.bulletins.get(1)
    assert services.bulletins.list() == []


def demo_incidents(services) -> dict[str, int]:
    """The demo office, with its incidents (seed_demo runs seed_incident_demo): {title: id}."""
    seed_demo(services)
    return {i.title: i.id for i in services.incidents.list()}


def test_draft_from_an_incident_reads_like_a_bulletin(services, clock):
    blast = services.incidents.get(demo_incidents(services)["临江工业园化工厂仓库爆炸"])
    clock.advance(hours=16)  # 2026-11-22 01:00 office time: the office-local date has turned
    draft = services.bulletins.draft_for_incident(blast.id)
    assert draft.id is None and draft.number == 0 and draft.incident_id == blast.id
    assert draft.title == "临江工业园化工厂仓库爆炸" and draft.kind == "值班快报"
    assert draft.issued_on == date(2026, 11, 22) and draft.year == 2026
    assert draft.to_upper == "青川市人民政府总值班室、市委总值班室、市政府总值班室"  # upper units, then report recipients
    settings = services.settings.get()
    assert draft.issuing_office == (settings.issuing_office or settings.office_name)
    assert "据临江区应急管理局报告，2026年11月21日7时20分" in draft.narrative
    assert "张局长批示" in draft.narrative and "首报" in draft.narrative
    created = services.bulletins.create(SYSTEM_ACTOR, replace(draft, signer="张局长"))
    assert (created.number, created.signer, created.incident_id) == (1, "张局长", blast.id)


def test_draft_without_upper_units_leaves_bao_empty(services, clock):
    from dutyroom.services.incidents.records import IncidentRecord

    inc = services.incidents.save(SYSTEM_ACTOR, IncidentRecord(
        title="仓库起火", occurred_at=clock.now(), received_at=clock.now(), place="城东"))
    assert services.bulletins.draft_for_incident(inc.id).to_upper == ""
    with pytest.raises(NotFound):
        services.bulletins.draft_for_incident(inc.id + 100)


def test_daily_incidents_are_those_received_in_the_24_hours_before_six_pm(services, clock):
    ids = demo_incidents(services)  # received today 07:30 and 07:20, and yesterday 07:15
    blast, gathering, closed = (ids[t] for t in ("临江工业园化工厂仓库爆炸", "青山镇部分群众聚集反映征地补偿问题",
                                                "城东街道一居民楼厨房起火"))
    assert [i.id for i in services.bulletins.daily_incidents(date(2026, 11, 21))] == [gathering, blast]
    assert [i.id for i in services.bulletins.daily_incidents(date(2026, 11, 20))] == [closed]
    assert services.bulletins.daily_incidents(date(2026, 11, 22)) == []


def test_a_bulletin_whose_document_fails_takes_no_number_and_an_issued_one_is_frozen(services, actors):
    import sqlalchemy as sa

    _, _, officer = actors

    def full_disk(bulletin):
        assert bulletin.number == 1  # numbered inside the transaction, as printed
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        services.bulletins.create(officer, record(), write=full_disk)
    assert services.bulletins.list() == [] and services.bulletins.next_number(2026) == 1
    written = []
    issued = services.bulletins.create(officer, record(), write=written.append)
    assert issued.number == 1 and written == [issued]
    for statement in ("UPDATE bulletin SET narrative = '改过的正文' WHERE id = :id", "DELETE FROM bulletin WHERE id = :id"):
        with pytest.raises(sa.exc.DBAPIError, match="frozen"), services.db.engine.begin() as conn:
            conn.execute(sa.text(statement), {"id": issued.id})
    assert services.bulletins.get(issued.id) == issued


def test_the_latest_bulletin_of_an_incident_is_the_one_a_reprint_prints(services, actors, clock):
    from dutyroom.services.incidents.records import IncidentRecord

    _, _, officer = actors
    inc = services.incidents.save(officer, IncidentRecord(
        title="仓库起火", occurred_at=clock.now(), received_at=clock.now(), place="城东"))
    assert services.bulletins.latest_for_incident(inc.id) is None
    services.bulletins.create(officer, record(incident_id=inc.id))
    services.bulletins.create(officer, record(title="别的事"))
    second = services.bulletins.create(officer, record(incident_id=inc.id, kind="信息专报"))
    assert services.bulletins.latest_for_incident(inc.id) == second
