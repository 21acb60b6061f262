"""A SQLite database on a network file system is refused with one clear line pointing to PostgreSQL;
the mount table and the Windows drive type are handed in, the file system itself is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutyroom.errors import DatabaseUnavailable
from dutyroom.store.engine import Database
from dutyroom.store.network_fs import DRIVE_REMOTE, network_location, parse_mounts, refuse_network_folder

PROC_MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
fileserver:/export/duty /mnt/duty nfs4 rw,relatime,vers=4.2 0 0
//fs01/值班室 /media/值班\\040共享 cifs rw,relatime,vers=3.0 0 0
drvfs /mnt/c 9p rw,noatime 0 0
/dev/sdb1 /mnt/duty/local-disk ext4 rw 0 0
"""
MOUNTS = parse_mounts(PROC_MOUNTS)


@pytest.mark.parametrize(("path", "found"), [
    ("/mnt/duty/值班室/duty.sqlite3", "nfs4"),
    ("/media/值班 共享/duty.sqlite3", "cifs"),  # a space in the mount point, as the kernel escapes it
    ("/mnt/c/Users/值班员/duty.sqlite3", "9p"),  # WSL's Windows drive
    ("/mnt/duty/local-disk/duty.sqlite3", None),  # a local disk mounted inside the share
    ("/mnt/dutyroom/duty.sqlite3", None),  # a name that only starts like the share
    ("/home/值班员/.local/share/dutyroom/duty.sqlite3", None),
    ("/tmp/duty.sqlite3", None),
])
def test_linux_the_mount_holding_the_file_decides(path, found):
    assert network_location(Path(path), mounts=MOUNTS, platform="linux") == found


def test_windows_a_network_drive_or_a_share_is_refused_a_local_drive_is_not():
    drives = {"Z:\\": DRIVE_REMOTE, "C:\\": 3}
    where = dict(drive_type=drives.__getitem__, platform="win32")
    assert network_location(Path("Z:/值班室/duty.sqlite3"), **where) == "网络驱动器 Z:"
    assert network_location(Path(r"\\fs01\duty\duty.sqlite3"), **where) == r"共享文件夹 \\fs01\duty"
    assert network_location(Path(r"C:\Users\值班员\duty.sqlite3"), **where) is None


def test_the_refusal_is_one_line_that_points_to_postgresql():
    with pytest.raises(DatabaseUnavailable) as err:
        refuse_network_folder(Path("/mnt/duty/duty.sqlite3"), mounts=MOUNTS, platform="linux")
    message = err.value.message
    assert message.startswith("数据库文件在网络文件夹上（nfs4）：/mnt/duty/duty.sqlite3。")
    assert "请放在本机硬盘上" in message and "PostgreSQL" in message and "多台工作站：PostgreSQL" in message
    assert "\n" not in message


def test_a_database_on_a_local_folder_of_this_computer_opens(tmp_path):
    refuse_network_folder(tmp_path / "new" / "duty.sqlite3")  # this machine's real mount table: local
    db = Database(tmp_path / "duty.sqlite3")
    try:
        db.check_connection()
    finally:
        db.dispose()
