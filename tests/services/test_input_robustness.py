"""Whatever a user types or pastes, a service either saves it cleanly or says why in Chinese."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutyroom.errors import ValidationError
from dutyroom.services.records import PersonRecord, UnitRecord
from tests.conftest import make_accounts

nasty = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["'; DROP TABLE unit; --", "Robert'); DELETE FROM person;--", "\x00\x01\x1f", "　",
                     "𠀀𪚥", "a" * 5000, "名" * 101]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=nasty, phone=nasty, address=nasty)
def test_unit_save_never_crashes(sqlite_services, name, phone, address):
    if not sqlite_services.users.has_users():
        make_accounts(sqlite_services)
    admin = sqlite_services.users.login("admin", "duty2026pass")
    try:
        saved = sqlite_services.units.save(admin, UnitRecord(name=name, duty_phone=phone, address=address))
    except ValidationError as exc:
        assert exc.fields and all(isinstance(m, str) and m for m in exc.fields.values())
    else:
        assert sqlite_services.units.get(saved.id).name == saved.name
        assert "\x00" not in saved.name
        sqlite_services.units.delete(admin, saved.id)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=nasty, title=nasty)
def test_person_save_never_crashes(sqlite_services, name, title):
    if not sqlite_services.users.has_users():
        make_accounts(sqlite_services)
    admin = sqlite_services.users.login("admin", "duty2026pass")
    try:
        saved = sqlite_services.people.save(admin, PersonRecord(name=name, title=title))
    except ValidationError as exc:
        assert exc.fields
    else:
        assert sqlite_services.people.get(saved.id).title == saved.title
