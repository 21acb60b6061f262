"""What each area's 导入… imports: its name, the headers to show, and the service call (GUI-free data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dutyroom.domain.vocabulary import Role

_LEADS = (Role.LEADER, Role.ADMIN)
_ADMIN = (Role.ADMIN,)
_ON_DUTY = (Role.OFFICER, Role.LEADER)


@dataclass(frozen=True)
class ImportSpec:
    what: str  # 来电台账, 值班表 …: the wizard's title is 导入<what>
    headers: str  # the columns the file needs, as the CLI's help says them
    # (services, actor, path, skip_invalid, dry_run) -> a result with summary()
    run: Callable[..., object]
    roles: tuple[Role, ...] = _ADMIN  # who may import (the service enforces it; the button says it at once)

    def who(self) -> str:
        return "或".join(r.label for r in self.roles)


def _units(services, actor, path: Path, skip: bool, dry: bool):
    from dutyroom.services import importing  # the import module loads only when a file is imported

    return importing.import_units(services, actor, path, skip_invalid=skip, dry_run=dry)


def _people(services, actor, path: Path, skip: bool, dry: bool):
    from dutyroom.services import importing

    return importing.import_people(services, actor, path, skip_invalid=skip, dry_run=dry)


SPECS: dict[str, ImportSpec] = {
    "calls": ImportSpec("来电台账", "来电时间、内容摘要（必填），来电人、来电号码、来电单位、类别、处理情况、承办单位、"
                        "状态、反馈时限、值班员等",
                        lambda s, a, p, skip, dry: s.calls.import_ledger(a, p, skip_invalid=skip, dry_run=dry), _LEADS),
    "incidents": ImportSpec("突发事件台账", "事件标题、事发时间、接报时间、事发地点（必填），首报时间、类别、级别、报告单位等",
                            lambda s, a, p, skip, dry: s.incidents.import_file(a, p, skip_invalid=skip,
                                                                               dry_run=dry), _ON_DUTY),
    "roster": ImportSpec("值班表", "日期、带班领导、值班员、备班（一格多人用顿号分隔，姓名须与人员名单一致）",
                         lambda s, a, p, skip, dry: s.roster.import_file(a, p, skip_invalid=skip, dry_run=dry)),
    "rollcall": ImportSpec("视频点名结果", "点名时间、单位、结果（必填），点名类型、应答人、应答用时（秒）等",
                           lambda s, a, p, skip, dry: s.rollcall.import_rollcalls(a, p, skip_invalid=skip,
                                                                                  dry_run=dry), _LEADS),
    "units": ImportSpec("单位", "单位名称（必填）、类型、值班电话、传真、地址、排序、状态", _units),
    "people": ImportSpec("人员", "姓名（必填）、单位、职务、岗位、办公电话、手机、状态", _people),
}
