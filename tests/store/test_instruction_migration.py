"""Migration 0007 moves every leader's instruction into the one instruction table and loses nothing."""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dutyroom.app import open_services
from dutyroom.domain.bigrams import index_terms
from dutyroom.domain.vocabulary import InstructionStatus, InstructionSubject
from dutyroom.services.calls.records import CallFilter
from dutyroom.store import call_search, migrate
from dutyroom.store.engine import Database
from dutyroom.store.schema import alembic_config

AT = datetime(2026, 11, 20, 1, 30, tzinfo=timezone.utc)
BEFORE_INSTRUCTIONS = "0006"


def _old_database(url, schema):
    """A database as the program before 0007 left it, with instructions in both old places."""
    from alembic import command

    db = Database(url, schema=schema)
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, BEFORE_INSTRUCTIONS)
    meta = sa.MetaData()
    meta.reflect(db.engine, only=["incident", "incident_instruction", "call", "call_follow_up"])
    incident, old, call, follow = (meta.tables[n] for n in ("incident", "incident_instruction", "call", "call_follow_up"))
    with Session(db.engine) as s:
        s.execute(incident.insert(), [dict(
            id=1, title="城东化工厂爆炸", occurred_at=AT, received_at=AT, place="城东", category="accident",
            sub_type="", security_development=False, level="II", source_unit="", source_person="", source_phone="",
            source_channel="phone", losses="", scope="", cause="", measures="", trend="", leaders_informed="",
            status="received", created_at=AT, created_by="赵值班", version=1, deaths=0, injured=3, missing=0,
            trapped=0)])
        s.execute(old.insert(), [
            dict(id=1, incident_id=1, leader="张市长", text="全力救治伤员", given_at=AT + timedelta(minutes=20),
                 created_by="赵值班"),
            dict(id=2, incident_id=1, leader="李副市长", text="查明原因，及时续报", given_at=AT + timedelta(minutes=40),
                 created_by="钱值班")])
        calls = []
        for cid, minutes, words in ((1, 0, "请水务局今日修复并回复"), (2, 10, ""), (3, 20, "请城管局核实")):
            started = AT + timedelta(minutes=minutes)
            calls.append(dict(
                id=cid, sort_key=call_search.sort_key_base(int(started.timestamp())), direction="incoming",
                started_at=started, caller_name="刘女士", caller_number="13800000000", caller_unit="",
                caller_kind="public", category="求助", summary=f"幸福小区停水{cid}", outcome="assigned",
                outcome_note="", assigned_unit="市水务局", feedback="", leader_instruction=words,
                early_warning=False, widespread=False, officer="赵值班", shift_name="", created_at=started,
                created_by="赵值班", version=1))
        s.execute(call.insert(), calls)
        for row in calls:
            _index_as_then(s, row["sort_key"], call_search.searchable_texts(type("R", (), row)))
        s.execute(follow.insert(), [dict(call_id=1, kind="chase", at=AT + timedelta(hours=1), note="已催办", by="赵值班")])
        s.commit()
    db.dispose()


def _index_as_then(s: Session, sort_key: int, texts) -> None:
    """The search index row as the store wrote it at 0006 — today's store also keeps the term counts of
    0021 (store/call_counts.py), which a database this old does not have yet."""
    terms = index_terms(texts)
    if s.get_bind().dialect.name == "postgresql":
        s.execute(sa.text("INSERT INTO call_search (sort_key, terms) VALUES (:k, CAST(:v AS tsvector))"),
                  {"k": sort_key, "v": call_search._tsvector_literal(terms)})
    else:
        s.execute(sa.text("INSERT INTO call_fts (rowid, terms) VALUES (:k, :v)"), {"k": sort_key, "v": " ".join(terms)})


def test_instructions_move_into_one_table_and_nothing_is_lost(db_target, clock, tmp_path):
    url, schema = db_target
    _old_database(url, schema)
    svc = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path / "b")
    try:
        assert migrate.current_revision(svc.db) == migrate.HEAD
        moved = svc.instructions.list()
        assert len(moved) == 4  # two incident instructions and the two calls that had one
        on_incident = svc.incidents.get(1).instructions
        assert [(i.leader, i.text, i.given_at) for i in on_incident] == [
            ("张市长", "全力救治伤员", AT + timedelta(minutes=20)),
            ("李副市长", "查明原因，及时续报", AT + timedelta(minutes=40))]
        assert all(i.subject == InstructionSubject.INCIDENT and i.about == "城东化工厂爆炸" for i in on_incident)
        assert [i.created_by for i in on_incident] == ["赵值班", "钱值班"]
        # A call's 领导批示 is now an instruction about it, given at the call's time, and the form still shows it.
        assert svc.calls.get(1).leader_instruction == "请水务局今日修复并回复"
        assert svc.calls.get(2).leader_instruction == ""
        on_call = svc.instructions.list(subject=InstructionSubject.CALL, subject_id=3)
        assert [(i.text, i.given_at, i.status) for i in on_call] == [
            ("请城管局核实", AT + timedelta(minutes=20), InstructionStatus.PENDING)]
        # Dropping the column kept every call and its follow-up log (no table copy cascading a delete).
        assert [e.note for e in svc.calls.get(1).follow_ups] == ["已催办"]
        assert svc.calls.count(CallFilter()) == 3
        # The search box still finds a call by its instruction's words, with no re-index.
        assert [r.id for r in svc.calls.page(CallFilter(text="水务局今日"))] == [1]
        assert [r.id for r in svc.calls.page(CallFilter(text="城管局"))] == [3]
        with svc.db.session() as s:
            names = sa.inspect(s.get_bind()).get_table_names(schema=schema)
            columns = {c["name"] for c in sa.inspect(s.get_bind()).get_columns("call", schema=schema)}
        assert "incident_instruction" not in names and "leader_instruction" not in columns
    finally:
        svc.db.dispose()
