"""`dutyroom audit verify`: checking the audit log's hash chain."""

from __future__ import annotations

from dutyroom.cli.common import open_services
from dutyroom.cli.registry import Registry


def register(registry: Registry) -> None:
    audit = registry.group("audit", "审计日志")
    audit.command("verify", "检查审计日志的哈希链，指出第一条被改动或删除的记录").set_defaults(handler=cmd_verify)


def cmd_verify(args) -> int:
    with open_services(args) as services:
        report = services.audit.verify()
    if report.ok:
        print(f"审计日志完整：共 {report.checked} 条记录")
        return 0
    print(f"审计日志第 {report.broken_seq} 条记录异常：{report.reason}（此前的 {report.checked} 条完好）")
    return 1

