"""The office settings row as stored: one JSON value under one key, read by every service through
ServiceContext.settings() and written only by SettingsService (which validates and audits)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import time

from sqlalchemy.orm import Session

from dutyroom.services.records import OfficeSettings
from dutyroom.store.models import Setting

KEY = "office"
TIME_FIELDS = ("handover_time", "backup_time", "reminder_time",
               "presence_night_start", "presence_night_end")


def encode(settings: OfficeSettings) -> dict:
    data = asdict(settings)
    data.pop("version")
    for name in TIME_FIELDS:
        data[name] = data[name].strftime("%H:%M")
    return data


def decode(raw: str, version: int) -> OfficeSettings:
    data = json.loads(raw)
    known = {f.name for f in fields(OfficeSettings)}
    values = {k: v for k, v in data.items() if k in known and k != "version"}
    for name in TIME_FIELDS:
        if name in values:
            values[name] = time.fromisoformat(values[name])
    return OfficeSettings(**values, version=version)


def read(session: Session) -> OfficeSettings:
    """The stored settings, or the defaults before the first save."""
    row = session.get(Setting, KEY)
    return decode(row.value, row.version) if row else OfficeSettings()

