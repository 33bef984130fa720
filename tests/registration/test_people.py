"""registration.people: the registry's stays as the rules' Persons, for any day (refresh and PDPB alike)."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from inmates import services as registry
from inmates.models import Inmate
from registration import people, rules
from tests.factories import make_inmate


def test_a_person_carries_the_raw_values_of_the_stay(world):
    inmate = make_inmate(world.blora, admitted_on=date(2023, 1, 1), tni_polri_status="purnawirawan",
                         tni_polri_since=date(2020, 3, 1), revoked_right="dipilih", revocation_decision_number="1/Pid",
                         revocation_decision_date=date(2022, 5, 1), revoked_until=date(2030, 1, 1))
    stay = people.stays(Inmate.objects.filter(pk=inmate.pk)).get()
    person = people.person_of(stay)
    assert (person.tni_polri_status, person.tni_polri_since) == ("purnawirawan", date(2020, 3, 1))
    assert (person.revoked_right, person.revoked_from, person.revoked_until, person.revocation_decision_date) == (
        "dipilih", None, date(2030, 1, 1), date(2022, 5, 1))
    assert (person.nik, person.nik_status, person.home_region) == (inmate.nik, "terverifikasi", "33.16.09.1013")
    assert person.custody.admitted_on == date(2023, 1, 1) and person.next_custody is None
    assert rules.eligibility(person, date(2024, 2, 14)).is_voter


def test_a_transfer_chain_and_the_same_nik_elsewhere(world):
    first = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    incoming = registry.transfer_record(inmate=first, day=date(2024, 1, 5), destination=world.pati, user=None)
    registry.transfer_confirm(inmate=incoming, register_number="AI.9/2024", arrived_on=date(2024, 1, 6), user=None)
    stays = list(people.stays(Inmate.objects.filter(pk=first.pk)))
    with CaptureQueriesContext(connection) as queries:
        elsewhere = people.same_nik_elsewhere(stays=stays, facility=world.blora, start=date(2023, 1, 1),
                                              end=date(2024, 12, 31))
    assert len(queries) == 1
    person = people.person_of(stays[0], elsewhere=elsewhere)
    assert person.next_stay_id == incoming.pk and person.next_custody.admitted_on == date(2024, 1, 6)
    assert [other.stay_id for other in person.same_nik_elsewhere] == [incoming.pk]
    # Before the transfer the stay is a voter at Blora; after it, the destination counts it.
    assert rules.eligibility(person, date(2024, 1, 4)).is_voter
    assert rules.eligibility(person, date(2024, 1, 6)).codes == ("pindah",)


def test_same_nik_elsewhere_reads_only_stays_held_in_the_period(world):
    gone = make_inmate(world.pati, admitted_on=date(2022, 1, 1), nik="3316091705900007")
    registry.release_record(inmate=gone, day=date(2023, 12, 31), user=None)
    here = make_inmate(world.blora, admitted_on=date(2024, 3, 1), nik="3316091705900007")
    stays = list(people.stays(Inmate.objects.filter(pk=here.pk)))
    assert people.same_nik_elsewhere(stays=stays, facility=world.blora, start=date(2024, 1, 1),
                                     end=date(2024, 3, 31)) == {}
    found = people.same_nik_elsewhere(stays=stays, facility=world.blora, start=date(2023, 12, 31),
                                      end=date(2024, 3, 31))
    assert [other.stay_id for other in found["3316091705900007"]] == [gone.pk]
    assert people.same_nik_elsewhere(stays=[], facility=world.blora, start=date(2024, 1, 1), end=date(2024, 1, 1)) == {}
