"""Shared builders for the incident service tests."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dutyroom.domain.vocabulary import Channel, IncidentLevel, ReportKind
from dutyroom.services.incidents.records import IncidentRecord, ReportRecord

SH = ZoneInfo("Asia/Shanghai")


def local(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=SH)


def incident(clock, *, ago_minutes=60, level=IncidentLevel.IV, **extra) -> IncidentRecord:
    now = clock.now()
    values = dict(title="临江路燃气管道泄漏", occurred_at=now - timedelta(minutes=ago_minutes),
                  received_at=now - timedelta(minutes=ago_minutes - 10), place="临江区临江路88号",
                  level=level, source_unit="临江区应急管理局")
    values.update(extra)
    return IncidentRecord(**values)


def report(incident_id, kind=ReportKind.FIRST, channel=Channel.PHONE, **extra) -> ReportRecord:
    values = dict(incident_id=incident_id, kind=kind, number=0, content="情况如下……", recipients="市委市政府总值班室",
                  channel=channel, signer="李带班")
    values.update(extra)
    return ReportRecord(**values)
