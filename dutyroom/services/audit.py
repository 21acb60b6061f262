"""Reading and verifying the audit log. Writing happens in every service's unit of work."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from dutyroom.domain.audit_chain import Anchor
from dutyroom.domain.vocabulary import Role
from dutyroom.services.audit_check import ChainReport, Progress, verify_chain
from dutyroom.services.context import ServiceContext, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor, AuditEntry
from dutyroom.store.models import AuditRecord

ACTION_LABELS = {
    "create": "新增", "update": "修改", "delete": "删除", "login": "登录", "login_failed": "登录失败",
    "lock": "锁定账户", "unlock": "解锁账户", "password": "修改密码", "seed": "导入节假日",
    "import": "导入", "import_undo": "撤销导入", "backup": "备份", "restore": "恢复", "generate": "生成",
    "assign": "排班", "swap": "调班", "substitute": "代班", "undo": "撤销",
    "chase": "催办", "feedback": "反馈", "close": "办结", "mark_widespread": "标记普遍性问题",
    "link_incident": "转为突发事件",
    # incidents and their reports
    "send": "报送", "acknowledge": "确认提醒", "issue": "印发",
    # video roll-call
    "start": "开始", "pause": "暂停", "resume": "继续", "call": "呼叫", "mark": "记录结果", "recall": "复呼",
    "finish": "结束点名",
    # handover and the duty log
    "drop": "不再交接", "hand_over": "交接班", "missed": "未交接", "amend": "补正", "review": "审阅",
    # leader instructions and empty posts
    "pass_on": "转达", "done": "落实办结", "explain": "情况说明", "confirm": "在岗确认",
}
# Where one word means different things for different records (开始 a roll-call, 开始落实 an instruction).
ACTION_LABELS_BY_KIND = {("start", "instruction"): "开始落实", ("close", "rectification"): "整改完成",
                         ("close", "empty_post"): "关闭", ("close", "handover_item"): "办结",
                         ("issue", "rollcall"): "印发通报", ("amend", "rollcall"): "更正"}
ENTITY_LABELS = {"unit": "单位", "person": "人员", "user": "账户", "holiday": "节假日", "setting": "设置",
                 "database": "数据库", "shift": "班次", "rotation": "轮班", "leave": "请假",
                 "special_period": "特殊时期", "roster": "值班表", "assignment": "排班", "roster_change": "调班/代班",
                 "call": "来电",
                 # incidents
                 "incident": "突发事件", "report": "信息报告", "clock": "报送时限", "deadline_rule": "时限规则",
                 "bulletin": "值班快报", "alert": "时限提醒",
                 # never stored, only announced; named so that no kind is ever shown as its identifier
                 "notice": "提醒消息", "connection": "服务器连接",
                 # video roll-call
                 "rollcall": "视频点名", "rollcall_plan": "点名计划", "rectification": "整改", "job_run": "定时任务",
                 # handover and the duty log
                 "duty_log": "值班日志", "log_entry": "值班记事", "equipment": "设备", "equipment_status": "设备状态",
                 "handover_item": "交接事项", "handover": "交接班", "review": "领导审阅",
                 # leader instructions and empty posts
                 "instruction": "领导批示", "empty_post": "空岗", "presence_check": "在岗确认",
                 # documents the scheduled jobs stored (文件)
                 "document": "文件"}


def action_label(action: str, kind: str) -> str:
    return ACTION_LABELS_BY_KIND.get((action, kind)) or ACTION_LABELS.get(action, action)


def _entry(row: AuditRecord) -> AuditEntry:
    return AuditEntry(seq=row.seq, at=row.at, actor_name=row.actor_name, action=row.action,
                      entity_kind=row.entity_kind, entity_id=row.entity_id,
                      before=json.loads(row.before) if row.before else None,
                      after=json.loads(row.after) if row.after else None, hash=row.hash)


class AuditService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def record(self, actor: Actor, action: str, kind: EntityKind, entity_id=None, *, after: dict | None = None) -> None:
        """Audit an operation that is not a row edit (a backup, a restore) in its own transaction."""
        with unit_of_work(self.ctx, actor) as uow:
            uow.audit(action, kind, entity_id, after=after, announce=False)

    def count(self, actor: Actor) -> int:
        """How many records the log holds: the newest seq. The chain numbers records 1, 2, 3… without a gap
        (verify names a gap as tampering), so this is one step down the primary key, not a count of millions."""
        require_role(actor, Role.ADMIN, Role.LEADER)
        with self.ctx.db.session() as s:
            return s.scalar(select(func.max(AuditRecord.seq))) or 0

    def page(self, actor: Actor, offset: int, limit: int, *, before: int | None = None) -> list[AuditEntry]:
        """Newest first. `before` (the seq of the last record shown) pages by key along the primary key:
        the last page of two million records costs what the first does, where OFFSET walked them all."""
        require_role(actor, Role.ADMIN, Role.LEADER)
        with self.ctx.db.session() as s:
            query = select(AuditRecord).order_by(AuditRecord.seq.desc())
            if before is not None:
                query = query.where(AuditRecord.seq < before)
            rows = s.scalars(query.offset(offset).limit(limit))
            return [_entry(r) for r in rows]

    def head(self) -> Anchor | None:
        """The newest record of the chain (seq:hash), as printed on handover records and duty logs."""
        with self.ctx.db.session() as s:
            row = s.execute(select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)).first()
        return Anchor(row[0], row[1]) if row else None

    def verify(self, *, expect: Anchor | None = None, full: bool = False, progress: Progress | None = None,
               backup_folder: Path | None = None) -> ChainReport:
        """The chain, its guards and every anchor known; from the last verified anchor unless `full`."""
        return verify_chain(self.ctx, expect=expect, full=full, progress=progress, backup_folder=backup_folder)
