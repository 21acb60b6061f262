"""Anchors of the audit chain kept outside the database: a per-workstation file and backup sidecars.

A hash chain cannot prove its own tail: whoever can delete the last records, or rewrite them and
rehash the rest, leaves a chain that still links. So the head (seq:hash) is also written where the
database alone does not reach: `audit-anchors/<database>.json` in this workstation's data folder, updated after
every transaction that appends to the chain (and told the head it intends just before the commit, so
a kill between the two is not taken for forgery), and `<backup>.anchor` beside every backup. Verify then
compares the chain with every anchor it knows (services/audit_check.py).

One small file per database (a busy office saves often; each save rewrites only its own file).
It keeps the newest head, one anchor per CHECKPOINT_EVERY records (so edits far
back are placed within a range, not only "somewhere before the head"), the last few heads, and the
last anchor a whole verify reached (where the next incremental verify starts).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from dutyroom.domain.audit_chain import Anchor, parse_anchor
from dutyroom.store.engine import Database

FOLDER_NAME = "audit-anchors"
ANCHOR_SUFFIX = ".anchor"
CHECKPOINT_EVERY = 1000
RECENT = 16
PENDING = 4  # intents kept: workstation processes sharing the file (the GUI and a command)


def database_key(db: Database) -> str:
    """The same database under the same name however it was spelled (relative path, password)."""
    if db.sqlite_path is not None:
        return f"sqlite:{db.sqlite_path.expanduser().resolve()}"
    url = db.url
    schema = f"#{db.schema}" if db.schema else ""
    return f"postgresql://{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}{schema}"


def write_private(path: Path, text: str) -> None:
    """Owner-only, written to a temporary file renamed into place (a crash never leaves half a file)."""
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(part, path)


def _anchors(values) -> list[Anchor]:
    found = []
    for value in values if isinstance(values, list) else []:
        try:
            found.append(parse_anchor(str(value)))
        except ValueError:
            continue
    return found


class AnchorBook:
    """This workstation's anchors of one database, in its own file in the data folder."""

    def __init__(self, path: Path, key: str):
        self.path = Path(path)
        self.key = key

    @property
    def workstation(self) -> str:
        """A random name of this data folder, kept in every record it writes (`host` is
        "computer#id"): two data folders on one computer are two workstations, each vouching only
        for what it wrote itself."""
        if getattr(self, "_workstation", None) is None:
            marker = self.path.parent / "workstation-id"
            try:
                name = marker.read_text(encoding="ascii").strip()
            except (OSError, ValueError):
                name = ""
            if not re.fullmatch(r"[0-9a-f]{12}", name):
                name = secrets.token_hex(6)
                with suppress(OSError):
                    marker.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                    write_private(marker, name + "\n")
            self._workstation = name
        return self._workstation

    @classmethod
    def for_database(cls, folder: Path, db: Database) -> AnchorBook:
        key = database_key(db)
        name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        return cls(Path(folder) / FOLDER_NAME / f"{name}.json", key)

    # -- reading ------------------------------------------------------------------------------------
    def _entry(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) and data.get("database") == self.key else {}

    def head(self) -> Anchor | None:
        found = _anchors([self._entry().get("head")])
        return found[0] if found else None

    def pending(self) -> list[Anchor]:
        """Heads written down just before their commit (intend) and not yet advanced to."""
        return _anchors(self._entry().get("pending"))

    def restoring(self) -> Anchor | None:
        """The head a restore under way gives the database (intend_reset), until reset() is done."""
        found = _anchors([self._entry().get("restoring")])
        return found[0] if found else None

    def intend_reset(self, anchor: Anchor | None) -> None:
        """Just before a restore swaps the file: the head of the chain it puts in place. Killed before
        the reset that follows the swap, the restore leaves a chain that this names (settle_restore)."""
        def change(entry: dict) -> None:
            entry["restoring"] = str(anchor) if anchor is not None else None
        self._write(change)

    def verified(self) -> Anchor | None:
        found = _anchors([self._entry().get("verified")])
        return found[0] if found else None

    def known(self) -> list[Anchor]:
        """Every anchor of this database this workstation keeps, oldest first, each seq once."""
        entry = self._entry()
        found = _anchors(entry.get("checkpoints")) + _anchors(entry.get("recent")) + _anchors([entry.get("head")])
        return sorted({a.seq: a for a in found}.values(), key=lambda a: a.seq)

    # -- writing ------------------------------------------------------------------------------------
    def _write(self, change) -> None:
        entry = self._entry()  # read again just before writing: the GUI and a command may share the file
        change(entry)
        entry["database"] = self.key
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(self.path, json.dumps(entry, ensure_ascii=False, indent=1, sort_keys=True))

    def intend(self, anchor: Anchor) -> None:
        """Just before a commit that appends to the chain: the head it will leave. Killed between that
        commit and advance(), the program leaves records past its head that its own file announced, which
        verify accepts (services/audit_check.py), instead of a tail that looks forged. A commit that
        fails leaves an intent no record matches; later intents and advances push it out."""
        def change(entry: dict) -> None:
            entry["pending"] = [*(str(a) for a in _anchors(entry.get("pending")))][-(PENDING - 1):] + [str(anchor)]
        self._write(change)

    def advance(self, anchor: Anchor) -> None:
        """The chain grew to `anchor` (only ever forwards: a late writer never moves the head back)."""
        def change(entry: dict) -> None:
            entry["pending"] = [str(a) for a in _anchors(entry.get("pending")) if a.seq > anchor.seq]
            heads = _anchors([entry.get("head")])
            if heads and heads[0].seq >= anchor.seq:
                return
            entry["head"] = str(anchor)
            recent = [str(a) for a in _anchors(entry.get("recent"))][-(RECENT - 1):]
            entry["recent"] = [*recent, str(anchor)]
            checkpoints = _anchors(entry.get("checkpoints"))
            bucket = anchor.seq // CHECKPOINT_EVERY
            if not checkpoints or checkpoints[-1].seq // CHECKPOINT_EVERY < bucket:
                entry["checkpoints"] = [*(str(a) for a in checkpoints), str(anchor)]
        self._write(change)

    def mark_verified(self, anchor: Anchor) -> None:
        def change(entry: dict) -> None:
            entry["verified"] = str(anchor)
        self._write(change)

    def reset(self, anchor: Anchor | None) -> None:
        """A new or restored database: what was anchored before no longer describes this file."""
        def change(entry: dict) -> None:
            entry.clear()  # "database" is put back by _write
            if anchor is not None:
                entry.update(head=str(anchor), recent=[str(anchor)], checkpoints=[str(anchor)])
        self._write(change)


# -- beside a backup ----------------------------------------------------------------------------------
def anchor_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ANCHOR_SUFFIX)


def write_backup_anchor(backup: Path, key: str, anchor: Anchor | None) -> Path | None:
    if anchor is None:
        return None
    target = anchor_path(backup)
    write_private(target, json.dumps({"database": key, "head": str(anchor)}, ensure_ascii=False) + "\n")
    return target


def backup_anchors(folder: Path, key: str) -> list[tuple[str, Anchor]]:
    """(backup file name, anchor) of every backup in `folder` taken of the database `key`."""
    found = []
    for sidecar in sorted(Path(folder).glob(f"*{ANCHOR_SUFFIX}")):
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
            if data.get("database") == key:
                found.append((sidecar.name[: -len(ANCHOR_SUFFIX)], parse_anchor(str(data.get("head")))))
        except (OSError, ValueError, AttributeError):
            continue
    return found
