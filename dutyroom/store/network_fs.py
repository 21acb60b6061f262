"""Refusing a SQLite database on a network file system (NFS, SMB/CIFS, 9p, sshfs…).

SQLite's locking is not reliable over network file systems and its WAL journal needs shared memory that
they do not provide: two workstations opening one file on a shared folder corrupt it. A shared database
is what PostgreSQL is for. Linux: the mount holding the file, from /proc/mounts; Windows: GetDriveType of
its drive (a mapped network drive or a \\\\server\\share path). Elsewhere nothing is known and nothing refused.
"""

from __future__ import annotations

import ntpath
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from dutyroom.errors import DatabaseUnavailable

#: file system types (the third field of /proc/mounts) that live on another computer
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ncp", "ncpfs", "coda", "ceph", "glusterfs", "lustre",
    "gfs", "gfs2", "ocfs2", "beegfs", "gpfs", "orangefs", "pvfs2", "davfs", "sshfs", "fuse.sshfs", "fuse.davfs2",
    "fuse.glusterfs", "fuse.cephfs", "fuse.rclone", "fuse.s3fs", "fuse.smbnetfs", "fuse.gvfsd-fuse",
})
#: GetDriveTypeW's answer for a network drive
DRIVE_REMOTE = 4

Mount = tuple[str, str]  # (mount point, file system type)


def parse_mounts(text: str) -> list[Mount]:
    """The (mount point, type) pairs of a /proc/mounts text; the kernel writes a space in a path as \\040."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])
            mounts.append((point, fields[2]))
    return mounts


def linux_mounts() -> list[Mount]:
    try:
        return parse_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []


def mount_type(path: Path, mounts: Iterable[Mount]) -> str:
    """The type of the mount holding `path`: the longest mount point above it (the last one mounted wins)."""
    best, kind = -1, ""
    for point, fstype in mounts:
        prefix = point.rstrip("/") or "/"
        inside = prefix == "/" or str(path) == prefix or str(path).startswith(prefix + "/")
        if inside and len(prefix) >= best:
            best, kind = len(prefix), fstype
    return kind


def _windows_drive_type(root: str) -> int:
    import ctypes  # Windows only

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def network_location(path: Path, *, mounts: Iterable[Mount] | None = None,
                     drive_type: Callable[[str], int] | None = None, platform: str = sys.platform) -> str | None:
    """How `path` is on another computer ("nfs4", "网络驱动器 Z:", "共享文件夹 \\\\srv\\duty"), or None when local.

    `mounts` and `drive_type` stand in for this computer's mount table and GetDriveType (tests pass them)."""
    if platform.startswith("win"):
        drive = ntpath.splitdrive(str(path))[0]
        if drive.startswith(("\\\\", "//")):
            return f"共享文件夹 {drive}"
        if drive and (drive_type or _windows_drive_type)(drive + "\\") == DRIVE_REMOTE:
            return f"网络驱动器 {drive}"
        return None
    if mounts is None:
        if not platform.startswith("linux"):
            return None
        mounts = linux_mounts()
    # Links followed (a link in the home folder to a share is on the share); a file not created yet is where
    # its folder is.
    kind = mount_type(Path(os.path.realpath(path)), mounts)
    return kind if kind.lower() in NETWORK_TYPES else None


def refuse_network_folder(path: Path, **where) -> None:
    """One clear line instead of a database that a shared folder would corrupt."""
    found = network_location(path, **where)
    if found is not None:
        raise DatabaseUnavailable(
            f"数据库文件在网络文件夹上（{found}）：{path}。SQLite 数据库放在网络文件夹里会损坏，请放在本机硬盘上；"
            "多台工作站共用数据请改用 PostgreSQL（见 README「多台工作站：PostgreSQL」）")
