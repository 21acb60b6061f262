from datetime import timedelta

import pytest

from dutyroom.domain.vocabulary import Role
from dutyroom.errors import AuthError, PermissionDenied, ValidationError
from dutyroom.services.records import UserRecord
from dutyroom.services.users import WRONG_PASSWORD
from tests.conftest import PASSWORD


def test_first_admin_only_on_an_empty_database(services):
    assert not services.users.has_users()
    with pytest.raises(ValidationError) as info:
        services.users.create_first_admin("admin", "short")
    assert "password" in info.value.fields
    admin = services.users.create_first_admin("admin", PASSWORD, "王管理")
    assert admin.role == Role.ADMIN
    with pytest.raises(PermissionDenied):
        services.users.create_first_admin("second", PASSWORD)


def test_password_is_stored_as_argon2_hash(services, actors):
    from dutyroom.store.models import UserAccount

    with services.db.session() as s:
        stored = s.query(UserAccount).filter_by(username="officer").one().password_hash
    assert stored.startswith("$argon2") and PASSWORD not in stored


def test_five_failures_lock_for_five_minutes(services, actors, clock):
    for _ in range(4):
        with pytest.raises(AuthError) as info:
            services.users.login("officer", "wrong-password1")
        assert info.value.message == WRONG_PASSWORD
    with pytest.raises(AuthError) as info:
        services.users.login("officer", "wrong-password1")
    assert "锁定" in info.value.message
    with pytest.raises(AuthError) as info:
        services.users.login("officer", PASSWORD)  # right password, still locked
    assert "锁定" in info.value.message
    clock.advance(timedelta(minutes=5, seconds=1))
    assert services.users.login("officer", PASSWORD).username == "officer"


def test_admin_unlocks_a_locked_account(services, actors):
    admin, _, officer = actors
    for _ in range(5):
        with pytest.raises(AuthError):
            services.users.login("officer", "nope-nope-1")
    with pytest.raises(PermissionDenied):
        services.users.unlock(officer, officer.user_id)
    services.users.unlock(admin, officer.user_id)
    assert services.users.login("officer", PASSWORD).role == Role.OFFICER


def test_unknown_user_and_disabled_account(services, actors):
    admin, _, officer = actors
    with pytest.raises(AuthError) as info:
        services.users.login("ghost", PASSWORD)
    assert info.value.message == WRONG_PASSWORD == "用户名或密码错误（连续错误 5 次将锁定 5 分钟）"
    record = services.users.get(officer.user_id)
    record.active = False
    services.users.save(admin, record)
    with pytest.raises(AuthError) as info:
        services.users.login("officer", PASSWORD)
    assert "停用" in info.value.message


def test_roles_are_enforced_in_the_service(services, actors):
    _, leader, officer = actors
    for actor in (leader, officer):
        with pytest.raises(PermissionDenied):
            services.users.save(actor, UserRecord(username="x1", role=Role.ADMIN), PASSWORD)
        with pytest.raises(PermissionDenied):
            services.users.set_password(actor, 1, "newpass2026")


def test_user_changes_own_password_with_old_one(services, actors):
    _, _, officer = actors
    with pytest.raises(ValidationError):
        services.users.set_password(officer, officer.user_id, "another2026", old_password="bad")
    services.users.set_password(officer, officer.user_id, "another2026", old_password=PASSWORD)
    assert services.users.login("officer", "another2026").username == "officer"


def test_admin_cannot_demote_themself(services, actors):
    admin, _, _ = actors
    record = services.users.get(admin.user_id)
    record.role = Role.OFFICER
    with pytest.raises(ValidationError):
        services.users.save(admin, record)


def test_duplicate_username(services, actors):
    admin, _, _ = actors
    with pytest.raises(ValidationError) as info:
        services.users.save(admin, UserRecord(username="officer", role=Role.OFFICER), PASSWORD)
    assert "已被使用" in info.value.fields["username"]
