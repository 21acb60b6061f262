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
def test_unit_save_never_crashes(fresh_services, name, phone, address):
    with fresh_services() as svc:
        admin = make_accounts(svc)[0]
        try:
            saved = svc.units.save(admin, UnitRecord(name=name, duty_phone=phone, address=address))
        except ValidationError as exc:
            assert exc.fields and all(isinstance(m, str) and m for m in exc.fields.values())
        else:
            assert svc.units.get(saved.id).name == saved.name
            assert "\x00" not in saved.name
            svc.units.delete(admin, saved.id)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=nasty, title=nasty)
def test_person_save_never_crashes(fresh_services, name, title):
    with fresh_services() as svc:
        admin = make_accounts(svc)[0]
        try:
            saved = svc.people.save(admin, PersonRecord(name=name, title=title))
        except ValidationError as exc:
            assert exc.fields
        else:
            assert svc.people.get(saved.id).title == saved.title
