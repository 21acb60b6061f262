"""文件 commands: `documents list` (what the scheduled jobs stored: 每日要情, 信息报告情况通报) and
`documents save ID -o FILE.pdf` (the stored PDF as it was made, from any workstation)."""

from __future__ import annotations

from dutyroom.errors import DutyRoomError


def register(registry) -> None:
    group = registry.group("documents", "文件：定时生成的每日要情、信息报告情况通报等")
    group.command("list", "列出已生成的文件，每份一行（最新的在前）").set_defaults(handler=cmd_list)
    save = group.command("save", "把一份文件另存为 PDF")
    save.add_argument("id", metavar="ID", help="文件编号（documents list 第一列）")
    save.add_argument("-o", "--out", required=True, metavar="FILE.pdf", help="保存到哪个 PDF 文件")
    save.add_argument("--force", action="store_true", help="文件已存在时覆盖它")
    save.set_defaults(handler=cmd_save)


def document_id(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or int(value) <= 0:
        raise DutyRoomError(f"文件编号“{text}”不对：应是 documents list 第一列的数字")
    return int(value)


def cmd_list(args) -> int:
    from dutyroom.cli.common import open_services
    from dutyroom.domain.localtime import format_local

    with open_services(args) as services:
        documents = services.documents.page(limit=100_000)
        zone = services.settings.get().time_zone
    if not documents:
        print("还没有定时生成的文件（每日要情在每天 18:00 生成，信息报告情况通报在每月 1 日生成）")
        return 0
    for doc in documents:
        print(f"{doc.id:>5}  {format_local(doc.created_at, zone, '%Y-%m-%d %H:%M')}  {doc.title}  "
              f"（送{doc.audience_label}，{max(1, round(doc.size / 1024))} KB）")
    print(f"共 {len(documents)} 份")
    return 0


def cmd_save(args) -> int:
    from dutyroom.cli.common import open_services, output_file
    from dutyroom.outputs import replacing

    wanted = document_id(args.id)
    out = output_file(args, "pdf", printed_here=False)
    with open_services(args) as services:
        doc = services.documents.get(wanted)
        pdf = services.documents.content(wanted)
    with replacing(out) as temp:
        temp.write_bytes(pdf)
    print(f"已保存{doc.title}：{out}")
    return 0
