"""How the generated office closes what it opens: 转办 calls 办结 and leaders' instructions 已落实.

An office closes its 转办 and carries out its instructions within days or weeks; past a month every one
is closed, so the open set is the recent month's whatever the length of history (as in an office, where
the handover's proposals and the ledger's open rows do not grow with the years). Closed rows carry what
the services write when they close one: a 转办's feedback and closed_at (services/calls/follow.py), an
instruction passed on (落实中), then its feedback with done_at (InstructionService.add_feedback).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bench.call_texts import FEEDBACKS

OPEN_DAYS = 30  # older than this, everything is closed
# Shares by age: within three days, within a month.
_FOLLOW = {True: (("closed", "in_progress", "pending"), (0.2, 0.3, 0.5)),
           False: (("closed", "in_progress", "pending"), (0.6, 0.3, 0.1))}
_INSTRUCTION = {True: (("done", "in_progress", "pending"), (0.2, 0.4, 0.4)),
                False: (("done", "in_progress", "pending"), (0.7, 0.2, 0.1))}
_DONE_FEEDBACKS = tuple(f for f in FEEDBACKS if "正在" not in f)  # 已落实 says it was done
#: keys a generated call row carries for its instruction only, not columns of `call`
NOT_COLUMNS = ("leader_instruction", "instruction_handler")


def _pick(rng: random.Random, shares: tuple[tuple[str, ...], tuple[float, ...]]) -> str:
    return rng.choices(shares[0], shares[1])[0]


def follow_status(rng: random.Random, age_days: int) -> str:
    """The 督办 status of a 转办 call `age_days` old."""
    return _pick(rng, _FOLLOW[age_days <= 3]) if age_days <= OPEN_DAYS else "closed"


def instruction_row(rng: random.Random, now: datetime, call: dict) -> dict:
    """The call's 领导批示 as an `instruction` row, given at the call's time."""
    given = call["started_at"]
    age_days = (now - given).days
    status = _pick(rng, _INSTRUCTION[age_days <= 3]) if age_days <= OPEN_DAYS else "done"
    row = dict(leader="", leader_title="", given_at=given, text=call["leader_instruction"], subject_kind="call",
               subject_id=call["id"], passed_to="", pass_channel="", passed_at=None, status=status, feedback="",
               feedback_at=None, done_at=None, created_at=call["created_at"], created_by=call["created_by"],
               version=1)
    if status == "pending":
        return row
    handler = call["instruction_handler"]
    passed = min(now, call["created_at"] + timedelta(minutes=rng.randint(5, 90)))
    row.update(passed_to=handler, pass_channel="phone", passed_at=passed, version=2)
    if status == "done":
        done = min(now, passed + timedelta(hours=rng.randint(2, 240)))
        row.update(feedback=rng.choice(_DONE_FEEDBACKS).format(agency=handler), feedback_at=done, done_at=done,
                   version=3)
    return row
