"""`dutyroom instructions list [--open]` and `dutyroom report instructions [--open] -o FILE.pdf`."""

from __future__ import annotations

from datetime import timedelta

from pypdf import PdfReader

from dutyroom.services.records import SYSTEM_ACTOR, InstructionRecord


def _ledger(open_db, path):
    svc = open_db(path)
    now = svc.clock.now()
    svc.instructions.give(SYSTEM_ACTOR, InstructionRecord("张志强", "请市应急局连夜排查寒潮防范措施", now - timedelta(hours=3),
                                                          leader_title="副市长", passed_to="市应急管理局",
                                                          due_at=now - timedelta(hours=1)))
    done = svc.instructions.give(SYSTEM_ACTOR, InstructionRecord("李海燕", "做好节日值守", now - timedelta(days=1)))
    svc.instructions.add_feedback(SYSTEM_ACTOR, done.id, done.version, "已部署", done=True)
    svc.db.dispose()


def test_list_says_one_line_each_open_first(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    _ledger(open_db, db)
    result = cli("--db", db, "instructions", "list")
    assert result.code == 0, result.err
    lines = result.out.strip().splitlines()
    assert "落实中（已超期 1 小时）" in lines[0] and "张志强（副市长）：请市应急局连夜排查寒潮防范措施 → 市应急管理局" in lines[0]
    assert "已落实" in lines[1] and "李海燕：做好节日值守" in lines[1]
    assert lines[-1] == "共 2 件，未落实 1 件，其中超期 1 件"
    only_open = cli("--db", db, "instructions", "list", "--open")
    assert len(only_open.out.strip().splitlines()) == 2 and "李海燕" not in only_open.out


def test_report_of_the_open_ones_reads_back(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    _ledger(open_db, db)
    out = tmp_path / "未落实批示.pdf"
    result = cli("--db", db, "report", "instructions", "--open", "-o", out)
    assert result.code == 0, result.err
    assert result.out.strip() == f"已生成未落实领导批示清单：{out}（1 件）"
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "未落实领导批示清单" in text and "请市应急局连夜排查寒潮防范措施" in text and "做好节日值守" not in text
    assert "已超期" in text


def test_a_mistake_is_one_chinese_line(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    _ledger(open_db, db)
    result = cli("--db", db, "report", "instructions", "-o", tmp_path / "台账.txt")
    assert result.code != 0 and len(result.err_lines) == 1 and result.err.startswith("错误：")
    assert not (tmp_path / "台账.txt").exists()


def test_the_months_duty_figures_count_empty_posts_and_instructions(cli, tmp_path, open_db):
    from dutyroom.domain.localtime import to_local
    from dutyroom.domain.vocabulary import EmptyPostKind

    db = tmp_path / "duty.sqlite3"
    _ledger(open_db, db)  # one open and overdue, one carried out (no due time: on time)
    svc = open_db(db)
    now = svc.clock.now()
    svc.empty_posts.record(EmptyPostKind.PRESENCE_MISSED, now - timedelta(minutes=30), "在岗确认无人确认")
    month = to_local(now, svc.settings.get().time_zone)
    svc.db.dispose()
    out = tmp_path / "月度值班情况.pdf"
    result = cli("--db", db, "report", "duty-month", "--month", f"{month.year}-{month.month:02d}", "-o", out)
    assert result.code == 0, result.err
    assert "空岗 1 次，领导批示 2 件" in result.out
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert f"{month.year}年{month.month}月值班情况" in text
    assert "在岗确认未应答1" in text and "合计1" in text
    assert "本月收到2" in text and "其中按期落实1" in text and "其中已超期1" in text and "按期落实率50.0%" in text
    bad = cli("--db", db, "report", "duty-month", "--month", "十一月", "-o", out)
    assert bad.code != 0 and bad.err_lines == ["错误：--month 的月份“十一月”无法识别，请写成 2026-12"]
