"""Where outputs may be written, and that a failed write leaves nothing behind (issue 12, item 2)."""

from __future__ import annotations

import pytest

from dutyroom import outputs, paths
from dutyroom.outputs import OutputExists, OutputRefused, check_output, replacing


def test_the_extension_must_be_the_documents_kind(tmp_path):
    with pytest.raises(OutputRefused, match=r"PDF 文件的扩展名应为 \.pdf"):
        check_output(tmp_path / "报表.docx", "pdf", overwrite=False)
    assert check_output(tmp_path / "报表.PDF", "pdf", overwrite=False) == (tmp_path / "报表.PDF").resolve()


def test_an_open_database_and_its_companions_are_never_outputs(tmp_path):
    db = tmp_path / "duty.sqlite3"
    db.write_bytes(b"")
    outputs.protect(db)
    with pytest.raises(OutputRefused, match="正在使用的数据库"):
        check_output(db, "sqlite3", overwrite=True)
    with pytest.raises(OutputRefused, match="扩展名"):
        check_output(tmp_path / "duty.sqlite3-wal", "pdf", overwrite=True)


def test_the_data_folder_is_refused_except_backups_in_its_backup_folder(tmp_path):
    with pytest.raises(OutputRefused, match="数据文件夹"):
        check_output(paths.data_dir() / "logs" / "x.pdf", "pdf", overwrite=True)
    assert check_output(paths.backup_dir() / "b.sqlite3", "sqlite3", overwrite=False).parent == paths.backup_dir()


def test_an_existing_file_needs_permission_and_a_folder_is_refused(tmp_path):
    (tmp_path / "old.pdf").write_text("x", encoding="utf-8")
    with pytest.raises(OutputExists, match="--force"):
        check_output(tmp_path / "old.pdf", "pdf", overwrite=False)
    assert check_output(tmp_path / "old.pdf", "pdf", overwrite=True).name == "old.pdf"
    (tmp_path / "dir.pdf").mkdir()
    with pytest.raises(OutputRefused, match="文件夹"):
        check_output(tmp_path / "dir.pdf", "pdf", overwrite=True)


def test_a_writer_that_fails_leaves_the_old_file_and_no_debris(tmp_path):
    target = tmp_path / "报表.pdf"
    target.write_text("上一版", encoding="utf-8")
    with pytest.raises(OSError), replacing(target) as temp:
        temp.write_bytes(b"%PDF-half")
        raise OSError(28, "No space left on device")
    assert target.read_text(encoding="utf-8") == "上一版"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报表.pdf"]
    with replacing(target) as temp:
        temp.write_bytes(b"%PDF-whole")
    assert target.read_bytes() == b"%PDF-whole" and sorted(p.name for p in tmp_path.iterdir()) == ["报表.pdf"]
