"""`dutyroom import units | people` and `dutyroom report contacts`: the directory of units and people
that the duty contacts book (通讯录) is printed from."""

from __future__ import annotations

from dutyroom.cli.common import open_services, output_file, run_import
from dutyroom.cli.registry import Registry

IMPORT_HELP = """\
同名单位会被更新；同一单位的同名人员会被更新；空白单元格不会清除原有内容。
单位表头：单位名称（必填）、类型（上级机关/本机关/下级单位/部门，默认下级单位）、值班电话、传真、地址、排序、状态（启用/停用）
人员表头：姓名（必填）、单位（须是已有单位的完整名称）、职务、岗位（带班领导/值班员/备班）、办公电话、手机、状态"""


def register(registry: Registry) -> None:
    registry.importer("units", "导入单位", IMPORT_HELP).set_defaults(handler=cmd_import_units)
    registry.importer("people", "导入人员", IMPORT_HELP).set_defaults(handler=cmd_import_people)
    registry.report("contacts", "值班通讯录（A4，按单位分组）").set_defaults(handler=cmd_report_contacts)


def cmd_import_units(args) -> int:
    from dutyroom.services import importing

    return run_import(args, lambda services, actor, path, skip: importing.import_units(services, actor, path,
                                                                                       skip_invalid=skip))


def cmd_import_people(args) -> int:
    from dutyroom.services import importing

    return run_import(args, lambda services, actor, path, skip: importing.import_people(services, actor, path,
                                                                                        skip_invalid=skip))


def cmd_report_contacts(args) -> int:
    from dutyroom.reports import build_contacts_pdf

    out = output_file(args, "pdf")
    with open_services(args) as services:
        directory = services.contacts.directory()
    build_contacts_pdf(directory, out)
    people = sum(len(g.people) for g in directory.groups)
    print(f"已生成值班通讯录：{out}（{len(directory.groups)} 个单位，{people} 人）")
    return 0
