"""操作日志 words for every kind of record, not only what the demo writes (issue 13 item 10).

The demo test (test_audit_words.py) reads what one seeded database holds; the entries only a live
roll-call, a night's presence draw or a handover correction write never appear there. So every place
a service writes the log is read from the source, and the paths the demo does not take are run here.
"""

from __future__ import annotations

import ast
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from dutyroom.domain.empty_post import DRAW_METHOD
from dutyroom.domain.vocabulary import AVQuality, RollCallResult
from dutyroom.gui.admin import audit_words
from dutyroom.services.audit import ENTITY_LABELS, action_label
from dutyroom.services.events import EntityKind
from dutyroom.services.records import OfficeSettings
from tests.conftest import make_accounts
from tests.services.rollcall.helpers import OFFICE, make_units, new_rollcall

SERVICES = Path(audit_words.__file__).parents[2] / "services"
ASCII_WORD = re.compile(r"[A-Za-z_]{2,}")
RAW_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d|[+-]\d\d:\d\d\b|\d\d:\d\d:\d\d\.\d|UTC")


def _audit_calls():
    """(file, line, kind, action words, literal keys) of every `.audit(...)` call in the services."""
    for path in sorted(SERVICES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "audit" and len(node.args) >= 2):
                continue
            action, kind = node.args[0], node.args[1]
            words = [c.value for c in ast.walk(action) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
            kind_word = EntityKind[kind.attr].value if isinstance(kind, ast.Attribute) else None
            keys = []
            for kw in node.keywords:
                if kw.arg not in ("before", "after"):
                    continue
                if isinstance(kw.value, ast.Dict):
                    keys += [k.value for k in kw.value.keys if isinstance(k, ast.Constant)]
                elif isinstance(kw.value, ast.Call) and getattr(kw.value.func, "id", "") == "dict":
                    keys += [k.arg for k in kw.value.keywords if k.arg]
            yield f"{path.name}:{node.lineno}", kind_word, words, keys


def _snapshot_keys():
    """The keys every `*snapshot*` function of the services writes (what `uow.edit` and creates log)."""
    for path in sorted(SERVICES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and "snapshot" in node.name:
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Dict):
                        yield from ((f"{path.name}:{node.name}", k.value) for k in inner.keys
                                    if isinstance(k, ast.Constant) and isinstance(k.value, str))


def test_every_kind_action_and_field_the_services_log_has_a_chinese_word():
    assert {k.value for k in EntityKind} <= set(ENTITY_LABELS)
    calls = list(_audit_calls())
    assert len(calls) > 80  # the scan found the services' audit calls
    missing = []
    for where, kind, actions, keys in calls:
        if kind is None:  # the generic writers (an import, services.audit.record) pass the kind along
            continue
        missing += [(where, "action", a) for a in actions if a.isidentifier() and action_label(a, kind) == a]
        missing += [(where, kind, key) for key in keys
                    if key not in audit_words.HIDDEN and audit_words.field_label(kind, key) == key]
    every_label = {**audit_words.FIELDS, **{k: v for m in audit_words.FIELDS_BY_KIND.values() for k, v in m.items()}}
    missing += [(where, "snapshot", key) for where, key in _snapshot_keys()
                if key not in audit_words.HIDDEN and key not in every_label]
    assert not missing, missing


def test_record_numbers_read_as_words():
    assert audit_words.entity_id_text("presence_check", "night:2026-11-20") == "2026-11-20 夜间"
    assert audit_words.entity_id_text("roster", "2026-12-01~2026-12-31") == "2026-12-01 至 2026-12-31"
    assert audit_words.entity_id_text("setting", "office") == "本单位设置"


def _readable(entry, zone: str, allowed: set[str]) -> list[str]:
    """What in one rendered entry is not in an office's words."""
    text = " ".join((action_label(entry.action, entry.entity_kind), ENTITY_LABELS.get(entry.entity_kind, ""),
                     audit_words.entity_id_text(entry.entity_kind, entry.entity_id),
                     audit_words.summarize(entry.entity_kind, entry.before, entry.after, zone)))
    for word in allowed:
        text = text.replace(word, "")
    return ASCII_WORD.findall(text) + RAW_STAMP.findall(text)


def test_entries_the_demo_never_writes_read_in_chinese(sqlite_services, clock):
    svc = sqlite_services
    admin, leader, officer = make_accounts(svc)
    rc = svc.rollcall
    ids = make_units(svc, admin, ("东城街道", "西城街道", "南湖镇"))
    call = new_rollcall(svc, officer, ids)
    rc.start(officer, call.id)
    for entry, result in zip(call.entries, (RollCallResult.PRESENT, RollCallResult.NO_ANSWER,
                                            RollCallResult.EQUIPMENT_FAULT), strict=True):
        rc.mark_calling(officer, entry.id)
        clock.advance(seconds=15)
        rc.mark_result(officer, entry.id, result, av_quality=AVQuality.GOOD)
    rc.add_recalls(officer, call.id)
    finished = rc.finish(officer, call.id)
    rc.amend(officer, finished.entries[1].id, "核实后更正", result=RollCallResult.EXCUSED)
    rc.save_notice_text(officer, call.id, "本次点名情况如下。", "各街道、乡镇", version=rc.get(call.id).version)
    rc.issue_notice(officer, call.id)
    svc.empty_posts.plan_presence_checks(date(2026, 11, 21), datetime(2026, 11, 21, 18, 0, tzinfo=OFFICE))
    clock.advance(timedelta(minutes=1))

    entries = svc.audit.page(admin, 0, 10_000)
    kinds = {(e.action, e.entity_kind) for e in entries}
    assert {("finish", "rollcall"), ("issue", "rollcall"), ("generate", "presence_check"), ("recall", "rollcall"),
            ("amend", "rollcall")} <= kinds
    fingerprints = {e.after["secret_fingerprint"] for e in entries if e.entity_kind == "presence_check"}
    # typed by people (user names, 常用语 short codes) or kept for an auditor to repeat the draw
    codes = re.findall(r"^(\w+)=", OfficeSettings().quick_texts, re.MULTILINE)
    allowed = {DRAW_METHOD, *fingerprints, *codes, *(u.username for u in svc.users.list())}
    bad = [(e.action, e.entity_kind, words) for e in entries if (words := _readable(e, "Asia/Shanghai", allowed))]
    assert not bad, bad
    finish = next(e for e in entries if e.action == "finish")
    assert audit_words.summarize("rollcall", None, finish.after, "Asia/Shanghai") == \
        "点名单位数：3；在岗单位数：1；状态：已结束"
