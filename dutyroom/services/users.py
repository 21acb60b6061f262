"""Accounts: first administrator, login with lockout, passwords (Argon2), roles."""

from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import AuthError, NotFound, PermissionDenied, ValidationError
from dutyroom.services.context import LOGIN_LOCK, ServiceContext, hold_write_lock, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor, UserRecord
from dutyroom.store.models import Person, UserAccount

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD_LENGTH = 8

WRONG_PASSWORD = f"用户名或密码错误（连续错误 {MAX_FAILED_ATTEMPTS} 次将锁定 5 分钟）"

_hasher = PasswordHasher()


def _locked_message(left: timedelta) -> str:
    minutes = max(1, int(left.total_seconds() // 60) + (1 if left.total_seconds() % 60 else 0))
    return f"密码连续错误次数过多，账户已锁定，请 {minutes} 分钟后再试或请管理员解锁"


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少 {MIN_PASSWORD_LENGTH} 位"
    if not any(c.isdigit() for c in password) or not any(c.isalpha() for c in password):
        return "密码需同时包含字母和数字"
    if len(password) > 128:
        return "密码太长（最多 128 位）"
    return None


def _username_problems(problems: Problems, username: str) -> None:
    check_text(problems, "username", username, "用户名", required=True, max_len=50)
    problems.need("username", " " not in username, "用户名不能包含空格")


def to_record(row: UserAccount) -> UserRecord:
    return UserRecord(id=row.id, username=row.username, role=Role(row.role), person_id=row.person_id,
                      display_name=row.display_name or (row.person.name if row.person else row.username),
                      active=row.active, failed_attempts=row.failed_attempts, locked_until=row.locked_until,
                      last_login_at=row.last_login_at, version=row.version)


def to_actor(row: UserAccount) -> Actor:
    rec = to_record(row)
    return Actor(user_id=rec.id, username=rec.username, display_name=rec.display_name, role=rec.role,
                 person_id=rec.person_id)


def _snapshot(row: UserAccount) -> dict:
    # Never put a password hash into the audit log.
    return {"username": row.username, "role": row.role, "person_id": row.person_id,
            "display_name": row.display_name, "active": row.active}


class UserService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # -- reading ---------------------------------------------------------------------------
    def has_users(self) -> bool:
        with self.ctx.db.session() as s:
            return bool(s.scalar(select(func.count()).select_from(UserAccount)))

    def list(self) -> list[UserRecord]:
        with self.ctx.db.session() as s:
            return [to_record(u) for u in s.scalars(select(UserAccount).order_by(UserAccount.id))]

    def get(self, user_id: int) -> UserRecord:
        with self.ctx.db.session() as s:
            row = s.get(UserAccount, user_id)
            if row is None:
                raise NotFound("账户不存在")
            return to_record(row)

    def find(self, username: str) -> UserRecord | None:
        with self.ctx.db.session() as s:
            row = s.scalars(select(UserAccount).where(UserAccount.username == username.strip())).first()
            return to_record(row) if row else None

    # -- first start and login --------------------------------------------------------------
    def create_first_admin(self, username: str, password: str, display_name: str = "") -> Actor:
        """Only on an empty database: there is no built-in default password."""
        if self.has_users():
            raise PermissionDenied("已有账户，不能再创建初始管理员；请用管理员账户登录后添加")
        record = UserRecord(username=username, role=Role.ADMIN, display_name=display_name)
        created = self._create(None, record, password)
        return Actor(user_id=created.id, username=created.username, display_name=created.display_name,
                     role=Role.ADMIN)

    def login(self, username: str, password: str) -> Actor:
        """Check a password; 5 failures in a row lock the account for 5 minutes.

        Several workstations may try the same account at once: the password is checked outside any
        transaction (Argon2 is slow), then the outcome is written under the row's lock, so every
        failure is counted and a correct password typed while another attempt locked the account is
        refused. An unknown user and a wrong password get the same answer.
        """
        username = (username or "").strip()
        now = self.ctx.clock.now()
        with self.ctx.db.session() as s:
            found = s.execute(select(UserAccount.id, UserAccount.password_hash)
                              .where(UserAccount.username == username)).first()
        if found is None:
            _hasher.hash(password or "x")  # same cost as a real check, so names cannot be probed by timing
            raise AuthError(WRONG_PASSWORD)
        user_id, password_hash = found
        matches = _verify(password_hash, password)
        failure: AuthError | None = None
        with unit_of_work(self.ctx, _anonymous(username)) as uow:
            hold_write_lock(uow.session, LOGIN_LOCK)
            row = uow.session.get_one(UserAccount, user_id, populate_existing=True)
            if not row.active:
                raise AuthError("该账户已停用，请联系管理员")
            if row.locked_until and row.locked_until > now:
                raise AuthError(_locked_message(row.locked_until - now))
            if not matches:
                failure = self._count_failure(uow, row, now)
            else:
                row.failed_attempts = 0
                row.locked_until = None
                row.last_login_at = now
                if _hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = _hasher.hash(password)
                uow.actor = to_actor(row)
                uow.audit("login", EntityKind.USER, row.id, announce=False)
                actor = uow.actor
        if failure:
            raise failure  # after the commit: the counter is kept although the login fails
        return actor

    @staticmethod
    def _count_failure(uow, row: UserAccount, now) -> AuthError:
        row.failed_attempts += 1
        uow.audit("login_failed", EntityKind.USER, row.id, after={"failed_attempts": row.failed_attempts},
                  announce=False)
        if row.failed_attempts < MAX_FAILED_ATTEMPTS:
            return AuthError(WRONG_PASSWORD)
        locked_until = row.locked_until = now + LOCKOUT
        row.failed_attempts = 0
        uow.audit("lock", EntityKind.USER, row.id, after={"locked_until": locked_until.isoformat()})
        return AuthError(f"密码连续错误 {MAX_FAILED_ATTEMPTS} 次，账户已锁定 5 分钟")

    # -- administration ----------------------------------------------------------------------
    def save(self, actor: Actor, record: UserRecord, password: str | None = None) -> UserRecord:
        require_role(actor, Role.ADMIN)
        if record.id is None:
            return self._create(actor, record, password or "")
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(UserAccount, record.id, gone="该账户已被删除", version=record.version,
                            what=lambda r: f"账户 {r.username}")
            rec = self._cleaned(record, password, creating=False, session=uow.session)
            if row.id == actor.user_id and (rec.role != Role.ADMIN or not rec.active):
                raise ValidationError({"role": "不能取消自己的管理员权限或停用自己的账户"})
            before = _snapshot(row)
            row.username, row.role, row.person_id = rec.username, rec.role.value, rec.person_id
            row.display_name, row.active = rec.display_name, rec.active
            if password:
                row.password_hash = _hasher.hash(password)
            uow.session.flush()
            uow.audit("update", EntityKind.USER, row.id, before=before, after=_snapshot(row))
            return to_record(row)

    def set_password(self, actor: Actor, user_id: int, new_password: str, *, old_password: str | None = None) -> None:
        """An administrator sets anyone's password; a user changes their own with the old one."""
        if actor.user_id != user_id:
            require_role(actor, Role.ADMIN)
        problem = password_problem(new_password or "")
        if problem:
            raise ValidationError({"password": problem})
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(UserAccount, user_id)
            if row is None:
                raise NotFound("账户不存在")
            if actor.user_id == user_id and actor.role != Role.ADMIN and not _verify(row.password_hash, old_password or ""):
                raise ValidationError({"old_password": "原密码不正确"})
            row.password_hash = _hasher.hash(new_password)
            row.failed_attempts, row.locked_until = 0, None
            uow.audit("password", EntityKind.USER, row.id, after={"username": row.username})

    def unlock(self, actor: Actor, user_id: int) -> None:
        require_role(actor, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(UserAccount, user_id)
            if row is None:
                raise NotFound("账户不存在")
            before = {"failed_attempts": row.failed_attempts,
                      "locked_until": row.locked_until.isoformat() if row.locked_until else None}
            row.failed_attempts, row.locked_until = 0, None
            uow.audit("unlock", EntityKind.USER, row.id, before=before, after={"failed_attempts": 0, "locked_until": None})

    # -- helpers ----------------------------------------------------------------------------
    def _cleaned(self, record: UserRecord, password: str | None, *, creating: bool, session) -> UserRecord:
        rec = UserRecord(id=record.id, version=record.version, username=clean_text(record.username),
                         role=Role(record.role), person_id=record.person_id,
                         display_name=clean_text(record.display_name), active=bool(record.active))
        problems = Problems()
        _username_problems(problems, rec.username)
        check_text(problems, "display_name", rec.display_name, "显示名", max_len=50)
        if creating or password:
            problem = password_problem(password or "")
            if problem:
                problems["password"] = problem
        clash = session.scalars(select(UserAccount.id).where(UserAccount.username == rec.username)).first()
        problems.need("username", clash is None or clash == rec.id, f"用户名 {rec.username} 已被使用")
        if rec.person_id is not None:
            person = session.get(Person, rec.person_id)
            problems.need("person_id", person is not None, "所选人员不存在")
            if person is not None and not rec.display_name:
                rec.display_name = person.name
        if problems:
            raise ValidationError(problems)
        return rec

    def _create(self, actor: Actor | None, record: UserRecord, password: str) -> UserRecord:
        with unit_of_work(self.ctx, actor or _anonymous(record.username)) as uow:
            rec = self._cleaned(record, password, creating=True, session=uow.session)
            row = UserAccount(username=rec.username, role=rec.role.value, person_id=rec.person_id,
                              display_name=rec.display_name or rec.username, active=rec.active,
                              password_hash=_hasher.hash(password), failed_attempts=0)
            uow.session.add(row)
            uow.session.flush()
            if actor is None:
                uow.actor = to_actor(row)
            uow.audit("create", EntityKind.USER, row.id, after=_snapshot(row))
            return to_record(row)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def _anonymous(username: str) -> Actor:
    return Actor(user_id=None, username=username or "?", display_name=username or "?", role=Role.OFFICER)
