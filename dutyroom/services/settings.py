"""Office-wide settings (one versioned row), shared by every workstation."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import time

from dutyroom.domain.call_settings import category_problem, parse_categories, quick_text_problem
from dutyroom.domain.deadlines import parse_alert_minutes
from dutyroom.domain.localtime import is_valid_zone
from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import ValidationError
from dutyroom.services.context import ServiceContext, check_version, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.office_settings import KEY, decode, encode
from dutyroom.services.records import Actor, OfficeSettings
from dutyroom.store.models import Setting


def parse_hhmm(text: str) -> time | None:
    try:
        hour, minute = (int(part) for part in str(text).replace("：", ":").split(":"))
        return time(hour, minute)
    except (ValueError, TypeError):
        return None


def cleaned(settings: OfficeSettings) -> OfficeSettings:
    rec = replace(
        settings, office_name=clean_text(settings.office_name), issuing_office=clean_text(settings.issuing_office),
        document_recipients=clean_text(settings.document_recipients),
        document_copy_to=clean_text(settings.document_copy_to), imprint_office=clean_text(settings.imprint_office),
        rollcall_recipients=clean_text(settings.rollcall_recipients),
        time_zone=clean_text(settings.time_zone), idle_lock_minutes=int(settings.idle_lock_minutes),
        backups_kept=int(settings.backups_kept), min_rest_hours=int(settings.min_rest_hours),
        max_shifts_per_month=int(settings.max_shifts_per_month),
        fairness_lookback_months=int(settings.fairness_lookback_months),
        rest_day_weight=float(settings.rest_day_weight), holiday_weight=float(settings.holiday_weight),
        swap_needs_approval=bool(settings.swap_needs_approval),
        call_categories=",".join(parse_categories(settings.call_categories)),
        quick_texts="\n".join(line.strip() for line in (settings.quick_texts or "").splitlines() if line.strip()),
        follow_up_days=int(settings.follow_up_days), similar_days=int(settings.similar_days),
        answer_limit_seconds=int(settings.answer_limit_seconds),
        rollcall_copy_to=clean_text(settings.rollcall_copy_to),
        handover_before_minutes=int(settings.handover_before_minutes),
        handover_after_minutes=int(settings.handover_after_minutes),
        empty_post_checks=bool(settings.empty_post_checks),
        handover_confirm_minutes=int(settings.handover_confirm_minutes),
        presence_checks_per_night=int(settings.presence_checks_per_night),
        presence_answer_minutes=int(settings.presence_answer_minutes),
        no_officer_minutes=int(settings.no_officer_minutes),
    )
    problems = Problems()
    check_text(problems, "office_name", rec.office_name, "单位名称", required=True, max_len=60)
    check_text(problems, "issuing_office", rec.issuing_office, "发文机关", max_len=60)
    problems.need("time_zone", is_valid_zone(rec.time_zone), "时区无效，例如 Asia/Shanghai")
    problems.need("idle_lock_minutes", 1 <= rec.idle_lock_minutes <= 240, "自动锁屏时间应在 1 到 240 分钟之间")
    problems.need("backups_kept", 1 <= rec.backups_kept <= 365, "保留备份份数应在 1 到 365 之间")
    problems.need("min_rest_hours", 0 <= rec.min_rest_hours <= 168, "最短休息时间应在 0 到 168 小时之间")
    problems.need("max_shifts_per_month", 1 <= rec.max_shifts_per_month <= 31, "每月最多班次应在 1 到 31 之间")
    problems.need("fairness_lookback_months", 1 <= rec.fairness_lookback_months <= 36,
                  "均衡统计回溯月数应在 1 到 36 之间")
    problems.need("rest_day_weight", 1 <= rec.rest_day_weight <= 10, "休息日权重应在 1 到 10 之间")
    problems.need("holiday_weight", 1 <= rec.holiday_weight <= 10, "节假日权重应在 1 到 10 之间")
    for field, message in (("call_categories", category_problem(settings.call_categories)),
                           ("quick_texts", quick_text_problem(settings.quick_texts))):
        problems.need(field, message is None, message or "")
    problems.need("follow_up_days", 1 <= rec.follow_up_days <= 90, "转办反馈时限应在 1 到 90 天之间")
    problems.need("similar_days", 1 <= rec.similar_days <= 365, "相似来电回溯天数应在 1 到 365 之间")
    problems.need("answer_limit_seconds", 5 <= rec.answer_limit_seconds <= 600, "视频点名应答时限应在 5 到 600 秒之间")
    check_text(problems, "document_recipients", rec.document_recipients, "通报主送", required=True, max_len=200)
    check_text(problems, "document_copy_to", rec.document_copy_to, "通报抄送", max_len=200)
    check_text(problems, "imprint_office", rec.imprint_office, "印发机关", max_len=60)
    check_text(problems, "rollcall_recipients", rec.rollcall_recipients, "视频点名通报主送", required=True,
               max_len=200)
    check_text(problems, "rollcall_copy_to", rec.rollcall_copy_to, "视频点名通报抄送", max_len=200)
    problems.need("handover_before_minutes", 0 <= rec.handover_before_minutes <= 240,
                  "交接窗口（提前）应在 0 到 240 分钟之间")
    problems.need("handover_after_minutes", 0 <= rec.handover_after_minutes <= 480,
                  "交接窗口（延后）应在 0 到 480 分钟之间")
    problems.need("handover_confirm_minutes", 5 <= rec.handover_confirm_minutes <= 240,
                  "接班确认时限应在 5 到 240 分钟之间")
    problems.need("presence_checks_per_night", 0 <= rec.presence_checks_per_night <= 6,
                  "每晚在岗确认次数应在 0 到 6 之间")
    problems.need("presence_answer_minutes", 1 <= rec.presence_answer_minutes <= 30, "在岗确认应答时限应在 1 到 30 分钟之间")
    problems.need("no_officer_minutes", 10 <= rec.no_officer_minutes <= 480, "无人登录时限应在 10 到 480 分钟之间")
    try:
        rec = replace(rec, alert_minutes=",".join(str(m) for m in parse_alert_minutes(rec.alert_minutes)))
    except ValueError:
        problems.need("alert_minutes", False, "提醒时间应为用逗号分隔的分钟数，例如 30,15,5（每个 1 到 1440）")
    if problems:
        raise ValidationError(problems)
    return rec


class SettingsService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def get(self) -> OfficeSettings:
        return self.ctx.settings()

    def save(self, actor: Actor, settings: OfficeSettings) -> OfficeSettings:
        require_role(actor, Role.ADMIN)
        rec = cleaned(settings)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(Setting, KEY)
            after = encode(rec)
            if row is None:
                row = Setting(key=KEY, value=json.dumps(after, ensure_ascii=False))
                uow.session.add(row)
                uow.session.flush()
                uow.audit("create", EntityKind.SETTING, KEY, after=after)
            else:
                check_version(row.version, rec.version, "设置")
                before = json.loads(row.value)
                row.value = json.dumps(after, ensure_ascii=False)
                uow.session.flush()
                uow.audit("update", EntityKind.SETTING, KEY, before=before, after=after)
            return decode(row.value, row.version)
