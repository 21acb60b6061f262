"""Sample contact directories for the report tests (plain data, no database, no Qt)."""

from __future__ import annotations

from datetime import date

import pytest

from dutyroom.domain.vocabulary import PositionKind, UnitKind
from dutyroom.reports import fonts
from dutyroom.services.records import ContactDirectory, ContactGroup, PersonRecord, UnitRecord

PRINTED_ON = date(2026, 3, 1)

_UNITS = [
    ("省人民政府总值班室", UnitKind.UPPER, "0571-87051234", "0571-87051235", "杭州市省府路8号"),
    ("市人民政府办公室", UnitKind.OWN, "0571-85251110", "0571-85251119", "某某市解放东路18号市民中心A座"),
    ("市应急管理局", UnitKind.DEPARTMENT, "0571-85170110", "", "某某市延安路100号"),
    ("市公安局指挥中心", UnitKind.DEPARTMENT, "0571-86280110", "0571-86280111", ""),
    ("市卫生健康委员会", UnitKind.DEPARTMENT, "0571-87070120", "0571-87070121", "某某市凤起路218号"),
    ("市交通运输局", UnitKind.DEPARTMENT, "0571-85067000", "", "某某市环城北路209号"),
    ("上城区人民政府", UnitKind.SUBORDINATE, "0571-87800001", "0571-87800002", "某某市上城区江城路500号"),
    ("拱墅区人民政府", UnitKind.SUBORDINATE, "0571-88250001", "", "某某市拱墅区台州路2号"),
    ("西湖区人民政府", UnitKind.SUBORDINATE, "0571-87960001", "0571-87960002", "某某市西湖区保俶路40号"),
    ("滨江区人民政府", UnitKind.SUBORDINATE, "0571-87702001", "", "某某市滨江区江汉路1515号"),
    ("萧山区人民政府", UnitKind.SUBORDINATE, "0571-82899001", "0571-82899002", "某某市萧山区市心中路818号"),
    ("余杭区人民政府", UnitKind.SUBORDINATE, "0571-86221001", "", "某某市余杭区临平街道南大街265号"),
]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ["建国", "海燕", "志强", "丽华", "晓东", "文静", "国庆", "春梅", "子豪", "雨萱", "明", "芳"]
_TITLES = ["主任", "副主任", "科长", "副科长", "值班员", "秘书", "办公室主任", "应急值守科科员"]
_KINDS = [PositionKind.LEADER, PositionKind.OFFICER, PositionKind.OFFICER, PositionKind.STANDBY]


def person_name(n: int) -> str:
    return _SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n * 7) % len(_GIVEN)]


def mobile(n: int) -> str:
    return f"139{n:08d}"


def make_big_directory() -> ContactDirectory:
    """12 units and 40 people, with missing phones and a unit without people."""
    groups, n = [], 0
    for u, (name, kind, duty, fax, address) in enumerate(_UNITS):
        unit = UnitRecord(name=name, kind=kind, duty_phone=duty, fax=fax, address=address, id=u + 1)
        count = 0 if u == 5 else (6 if u < 2 else 3 if u < 8 else 4)
        people = []
        for i in range(count):
            people.append(PersonRecord(
                name=person_name(n), unit_id=u + 1, title=_TITLES[(n + i) % len(_TITLES)],
                position_kind=_KINDS[i % len(_KINDS)],
                office_phone="" if n % 9 == 4 else f"0571-8{n:03d}{u:04d}",
                mobile="" if n % 11 == 7 else mobile(n), id=n + 1, unit_name=name))
            n += 1
        groups.append(ContactGroup(unit, people))
    return ContactDirectory("某某市人民政府", "某某市人民政府办公室", PRINTED_ON, groups)


def make_tiny_directory() -> ContactDirectory:
    unit = UnitRecord(name="市应急管理局", kind=UnitKind.DEPARTMENT, duty_phone="0571-85170110", id=1)
    people = [PersonRecord(name="王建国", unit_id=1, title="局长", position_kind=PositionKind.LEADER,
                           office_phone="0571-85170001", mobile="13900000001", id=1)]
    return ContactDirectory("市应急管理局", "", PRINTED_ON, [ContactGroup(unit, people)])


@pytest.fixture(scope="session")
def big_directory() -> ContactDirectory:
    return make_big_directory()


@pytest.fixture
def tiny_directory() -> ContactDirectory:
    return make_tiny_directory()


@pytest.fixture
def fresh_fonts(monkeypatch):
    """Let a test change the font search folders; the fonts of other tests are restored after it."""
    monkeypatch.delenv(fonts.FONT_DIRS_ENV, raising=False)
    fonts.reset_font_cache()
    yield monkeypatch
    monkeypatch.delenv(fonts.FONT_DIRS_ENV, raising=False)
    fonts.reset_font_cache()
