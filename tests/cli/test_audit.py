"""`dutyroom audit verify` against a real SQLite file, before and after someone edits the log by hand."""

from __future__ import annotations

import sqlite3


def test_audit_verify_reports_a_tampered_record_by_number(cli, demo_db):
    path, _ = demo_db
    ok = cli("--db", path, "audit", "verify")
    assert ok.code == 0
    total = int(ok.out.split("共 ")[1].split(" 条")[0])
    assert ok.out.strip() == f"审计日志完整：共 {total} 条记录" and total > 50

    with sqlite3.connect(path) as conn:
        seq = conn.execute("SELECT min(seq) FROM audit_log WHERE entity_kind = 'unit'").fetchone()[0]
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET after = replace(after, '0110', '9999') WHERE seq = ?", (seq,))
    conn.close()
    broken = cli("--db", path, "audit", "verify")
    assert broken.code == 1
    assert broken.out.startswith(f"审计日志第 {seq} 条记录异常：第 {seq} 条记录的内容被改动过")
    assert f"此前的 {seq - 1} 条完好" in broken.out
