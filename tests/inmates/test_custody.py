from datetime import date, timedelta

import pytest

from inmates import custody
from inmates.custody import Event
from inmates.models import Inmate
from inmates.selectors import held_on_q
from tests.factories import make_inmate

D = date(2024, 2, 14)


def summary(*events):
    return custody.summarize(Event(kind, day) for kind, day in events)


def test_a_stay_without_events_is_incoming():
    assert summary().state == "datang"


def test_admission_and_expected_release_make_a_held_stay():
    s = summary(("masuk", date(2023, 1, 5)), ("ekspirasi", date(2025, 1, 1)))
    assert (s.state, s.admitted_on, s.expected_release, s.left_on) == ("ditahan", date(2023, 1, 5), date(2025, 1, 1), None)


def test_the_latest_expected_release_wins():
    s = summary(("masuk", date(2023, 1, 5)), ("ekspirasi", date(2025, 1, 1)), ("ekspirasi", date(2024, 2, 1)))
    assert s.expected_release == date(2024, 2, 1)


@pytest.mark.parametrize("kind,state", [("bebas", "bebas"), ("pindah_keluar", "dipindah"), ("meninggal", "meninggal")])
def test_exits_end_the_stay(kind, state):
    s = summary(("masuk", date(2023, 1, 5)), (kind, date(2024, 1, 2)))
    assert (s.state, s.left_on) == (state, date(2024, 1, 2))


@pytest.mark.parametrize(
    "events,held,leaves",
    [
        ([("masuk", D)], True, False),  # admitted on voting day
        ([("masuk", D + timedelta(days=1))], False, False),  # admitted the day after: never there
        ([("masuk", date(2023, 1, 1)), ("bebas", D - timedelta(days=1))], False, True),  # released the day before
        ([("masuk", date(2023, 1, 1)), ("bebas", D)], True, False),  # released on the day: not "before it"
        ([("masuk", date(2023, 1, 1)), ("ekspirasi", D - timedelta(days=1))], False, True),  # due out the day before
        ([("masuk", date(2023, 1, 1)), ("ekspirasi", D)], True, False),  # expected release on voting day
        ([("masuk", date(2023, 1, 1)), ("pindah_keluar", D - timedelta(days=1))], False, True),
        ([("masuk", date(2023, 1, 1)), ("meninggal", date(2023, 12, 1))], False, True),
        ([("masuk", date(2023, 1, 1))], True, False),  # no expected release known: still held
        ([("masuk", date(2023, 1, 1)), ("pindah_keluar", D - timedelta(days=5)), ("batal_pindah", D - timedelta(days=4))],
         True, False),  # a cancelled transfer
        ([], False, False),
    ],
)
def test_held_on_voting_day_at_the_boundaries(events, held, leaves):
    s = summary(*events)
    assert custody.held_on(s, D) is held
    assert custody.leaves_before(s, D) is leaves


@pytest.mark.django_db
def test_the_sql_twin_agrees_with_the_python_rule(world):
    cases = [
        (date(2023, 1, 1), None, None),
        (date(2023, 1, 1), D, None),
        (date(2023, 1, 1), D - timedelta(days=1), None),
        (date(2023, 1, 1), None, D),
        (date(2023, 1, 1), None, D - timedelta(days=1)),
        (D, None, None),
        (D + timedelta(days=1), None, None),
    ]
    expected = {}
    for admitted, expected_release, left in cases:
        inmate = make_inmate(world.blora, admitted_on=min(admitted, date(2024, 1, 1)), expected_release=None)
        Inmate.objects.filter(pk=inmate.pk).update(admitted_on=admitted, expected_release=expected_release, left_on=left)
        s = custody.Summary(state="ditahan", admitted_on=admitted, expected_release=expected_release, left_on=left)
        expected[inmate.pk] = custody.held_on(s, D)
    in_sql = set(Inmate.objects.filter(held_on_q(D)).values_list("pk", flat=True))
    assert in_sql == {pk for pk, held in expected.items() if held}
