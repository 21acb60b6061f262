"""`dutyroom documents list` and `dutyroom documents save ID -o FILE.pdf`: the stored documents of the
scheduled jobs, read on any workstation, and one clear line for every mistake."""

from __future__ import annotations

from datetime import timedelta

from dutyroom.services.documents import DAILY_DIGEST, TIMELINESS_NOTICE

PDF = b"%PDF-1.4\n% stored digest\n%%EOF\n"


def _documents(open_db, path):
    svc = open_db(path)
    due = svc.clock.now() - timedelta(days=1)
    digest = svc.documents.store(kind=DAILY_DIGEST, title="11月20日每日要情", period="2026-11-20",
                                 job="daily_digest", due_at=due, pdf=PDF)
    notice = svc.documents.store(kind=TIMELINESS_NOTICE, title="2026年10月突发事件信息报告情况通报", period="2026-10",
                                 job="timeliness_notice", due_at=due - timedelta(days=20), pdf=PDF * 400,
                                 audience="leader")
    svc.db.dispose()
    return digest, notice


def test_list_says_one_line_each_newest_first(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0
    assert cli("--db", db, "documents", "list").out.startswith("还没有定时生成的文件")
    digest, notice = _documents(open_db, db)
    result = cli("--db", db, "documents", "list")
    assert result.code == 0, result.err
    lines = result.out.strip().splitlines()
    assert lines[0].split()[0] == str(notice.id) and "2026年10月突发事件信息报告情况通报" in lines[0]
    assert "送带班领导" in lines[0] and "12 KB" in lines[0]
    assert lines[1].split()[0] == str(digest.id) and "11月20日每日要情  （送全体值班人员" in lines[1]
    assert lines[-1] == "共 2 份"


def test_save_writes_the_stored_bytes_and_refuses_in_one_line(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0
    digest, _ = _documents(open_db, db)
    out = tmp_path / "要情.pdf"
    result = cli("--db", db, "documents", "save", digest.id, "-o", out)
    assert result.code == 0, result.err
    assert out.read_bytes() == PDF and result.out.strip() == f"已保存11月20日每日要情：{out}"
    assert result.err == ""  # a stored PDF: nothing to say about this machine's fonts

    again = cli("--db", db, "documents", "save", digest.id, "-o", out)
    assert again.code != 0 and len(again.err_lines) == 1 and "--force" in again.err
    assert cli("--db", db, "documents", "save", digest.id, "-o", out, "--force").code == 0
    for wrong, words in (("99", "没有编号为 99 的文件"), ("abc", "文件编号“abc”不对")):
        bad = cli("--db", db, "documents", "save", wrong, "-o", tmp_path / "x.pdf")
        assert bad.code != 0 and len(bad.err_lines) == 1 and words in bad.err, bad.err
    assert not (tmp_path / "x.pdf").exists()
    txt = cli("--db", db, "documents", "save", digest.id, "-o", tmp_path / "x.txt")
    assert txt.code != 0 and len(txt.err_lines) == 1 and ".pdf" in txt.err
