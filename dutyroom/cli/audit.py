"""`dutyroom audit verify | head`: checking the audit log's hash chain against the anchors known."""

from __future__ import annotations

import sys

from dutyroom.cli.common import open_services
from dutyroom.cli.registry import Registry
from dutyroom.errors import DutyRoomError

VERIFY_HELP = """\
逐条核对审计日志的哈希链，并与已知的锚点（条数:哈希）比对：本机数据目录中的锚点文件、备份旁的
.anchor 文件、交接班记录上印的锚点，以及 --expect 给出的锚点。末尾的记录被删除、记录被改动后重算
哈希、伪造的追加记录、被删除的保护触发器都会被指出。默认从上次校验完好的位置接着校验。"""


def register(registry: Registry) -> None:
    audit = registry.group("audit", "审计日志")
    verify = audit.command("verify", "检查审计日志的哈希链和锚点，指出第一条缺失或被伪造的记录", VERIFY_HELP)
    verify.add_argument("--full", action="store_true", help="从第 1 条起校验全部记录（默认从上次校验到的位置接着校验）")
    verify.add_argument("--expect", metavar="SEQ:HASH", action="append", default=[],
                        help="另行核对的锚点，例如交接班记录上印的“条数:哈希”（可以给多次）")
    verify.set_defaults(handler=cmd_verify)
    audit.command("head", "显示审计链当前的末条（条数:哈希），可抄在值班记录上作为锚点").set_defaults(handler=cmd_head)


def cmd_verify(args) -> int:
    from dutyroom import paths
    from dutyroom.domain.audit_chain import parse_anchor

    try:
        expected = [parse_anchor(text) for text in args.expect]
    except ValueError as exc:
        raise DutyRoomError(f"--expect {exc}") from None
    show = _progress if sys.stderr.isatty() else None
    with open_services(args) as services:
        report = None
        for anchor in expected or [None]:
            report = services.audit.verify(expect=anchor, full=args.full, progress=show,
                                           backup_folder=paths.backup_dir())
            if not report.ok:
                break
    if show:
        print(file=sys.stderr)
    assert report is not None
    for note in report.notes:
        print(note)
    if report.ok:
        head = f"，末条 {report.head}" if report.head else ""
        print(f"审计日志完整：共 {report.head.seq if report.head else 0} 条记录{head if expected else ''}")
        return 0
    if report.broken_seq is not None:
        print(f"审计日志第 {report.broken_seq} 条记录异常：{report.reason}（此前的 {report.broken_seq - 1} 条完好）")
    else:
        print(f"审计日志异常：{report.reason}")
    for problem in report.problems[1:]:
        print(f"另外：{problem}")
    return 1


def _progress(done: int, total: int) -> None:
    print(f"\r已校验到第 {done} / {total} 条", end="", file=sys.stderr, flush=True)


def cmd_head(args) -> int:
    with open_services(args) as services:
        head = services.audit.head()
    print(f"审计链末条：{head}" if head else "审计日志还没有记录")
    return 0
