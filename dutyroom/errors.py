"""Errors a user can cause or see. Every message is Chinese text fit to show as it is."""

from __future__ import annotations


class DutyRoomError(Exception):
    """Base of the errors that carry a message for the user (never a traceback)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(DutyRoomError):
    """Input that cannot be saved. `fields` maps a field name to the message shown next to it."""

    def __init__(self, fields: dict[str, str]):
        self.fields = dict(fields)
        super().__init__("；".join(self.fields.values()) or "输入有误")


class PermissionDenied(DutyRoomError):
    pass


class ConflictError(DutyRoomError):
    """Someone else saved the same record first (optimistic locking)."""

    def __init__(self, message: str = "该记录已被其他人修改，请刷新后再改；您输入的内容已保留。"):
        super().__init__(message)


class NotFound(DutyRoomError):
    pass


class AuthError(DutyRoomError):
    """Wrong password, locked or disabled account."""


class DatabaseUnavailable(DutyRoomError):
    """The database cannot be opened or reached."""


class SchemaTooNew(DutyRoomError):
    """The database was written by a newer program."""


class ImportRejected(DutyRoomError):
    """An import file had rows that cannot be imported; nothing was imported."""

    def __init__(self, rejected: list[tuple[int, str]], total: int):
        self.rejected = rejected
        self.total = total
        super().__init__(f"{len(rejected)} 行有误（共 {total} 行），未导入任何数据")
