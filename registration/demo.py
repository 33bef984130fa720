"""Demo elections.

The archive of the seed's story: Pemilu 2024 with its five ballots and the 2024 Pilkada of Jawa
Tengah, on the 2024 dapil maps, each with the day its DPT was determined. Their lists are computed
for every facility from the demo registry (inmates.demo, anchored to fixed dates); Rutan Pati and
Lapas Semarang get their TPS, a locked DPT for Pemilu 2024 and the Model A forms of most of their
DPTb voters; then both are closed (status selesai), so they stay browsable and exportable but no
longer change.

The election a newcomer works on: Pemilu Nasional 2029 (simulasi), made from the Pemilu Nasional
template with voting day 14 February 2029, marked as a simulation date until KPU sets it, its dates
counted back from voting day as Pemilu 2024's were, on dapil edition 2024 until the 2029 maps
exist, and its lists computed for every facility from today's registry. Rutan Blora is left for
KPU Blora to plan (as in the browser journey); its staff have submitted its list for review and
nobody has returned or locked it, so KPU Blora's and KPU Jawa Tengah's inboxes show one list
waiting. Nothing here depends on the day it runs.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from inmates.models import Facility
from regions import reference
from registration import presets, services
from registration.models import Contest, Election, ListReview, ListVersion, Registration

# Until KPU publishes the dapil maps of 2029, every demo election uses those of 2024.
DAPIL_EDITION = "2024"

PEMILU_2024 = {
    "slug": "pemilu-2024", "name": "Pemilu 2024", "kind": Election.Kind.PEMILU, "voting_day": date(2024, 2, 14),
    "region_id": None, "dpt_determined_on": date(2023, 6, 21), "data_start": date(2023, 5, 21),
    "data_cutoff": date(2023, 12, 20), "transfer_freeze": date(2023, 12, 22), "max_voters_per_tps": 300,
    "dapil_edition_id": DAPIL_EDITION,
}
PEMILU_2024_CONTESTS = presets.contest_rows(presets.SIMULTANEOUS)
PILKADA_JATENG_2024 = {
    "slug": "pilkada-jateng-2024", "name": "Pilkada Jawa Tengah 2024", "kind": Election.Kind.PILKADA,
    "voting_day": date(2024, 11, 27), "region_id": "33", "dpt_determined_on": date(2024, 9, 20),
    "data_start": date(2024, 5, 1), "data_cutoff": date(2024, 10, 1), "transfer_freeze": date(2024, 10, 3),
    "max_voters_per_tps": 600, "dapil_edition_id": DAPIL_EDITION,
}
PILKADA_CONTESTS = presets.contest_rows(presets.PILKADA, "33")
PLANNED = ["rutan-pati", "lapas-semarang"]
SUBMITTED = "rutan-blora"  # Pemilu 2029: submitted by its staff, waiting in KPU's inbox
SUBMITTED_BY = "petugas.blora"
SUBMITTED_NOTE = "Data WBP sudah dicek dengan register; mohon ditinjau."
COUNTED_DATES = ("dpt_determined_on", "data_start", "data_cutoff", "transfer_freeze")


def counted_back(voting_day: date, *, like: dict = PEMILU_2024) -> dict[str, date]:
    """The DPT determination and the data period of an election on `voting_day`, as many days
    before it as those of `like` were before its own voting day (Pemilu 2024: H-238, H-269, H-56,
    H-54)."""
    return {key: voting_day - (like["voting_day"] - like[key]) for key in COUNTED_DATES}


PEMILU_2029_DAY = date(2029, 2, 14)
PEMILU_2029 = {
    "template": presets.NATIONAL, "slug": "pemilu-2029", "name": "Pemilu Nasional 2029 (simulasi)",
    "voting_day": PEMILU_2029_DAY, "voting_day_simulated": True, "dapil_edition": DAPIL_EDITION,
    "max_voters_per_tps": 300, **counted_back(PEMILU_2029_DAY),
}


def _election(spec: dict, contests) -> Election:
    values = dict(spec)
    slug = values.pop("slug")
    if values.get("dapil_edition_id") not in reference.dapil_editions():
        values["dapil_edition_id"] = reference.default_dapil_edition()
    election, _created = Election.objects.get_or_create(slug=slug, defaults=values)
    changed = [name for name in ("dpt_determined_on", "dapil_edition_id")  # seeded before the fields existed
               if getattr(election, name) is None and values.get(name) is not None]
    for name in changed:
        setattr(election, name, values[name])
    if changed:
        election.save(update_fields=[name.removesuffix("_id") for name in changed])
    for order, (code, short_name, name, scope) in enumerate(contests, start=1):
        Contest.objects.get_or_create(election=election, code=code, defaults={
            "short_name": short_name, "name": name, "scope": scope, "order": order})
    return election


def _archive(election: Election, *, user, planned: list[str] = ()) -> None:
    """Compute the lists (and lock the planned facilities' DPT) once, then close the election."""
    if election.is_archived:
        return
    services.election_refresh(election=election)
    for code in planned:
        facility = Facility.objects.get(code=code)
        if not ListVersion.objects.filter(election=election, facility=facility).exists():
            services.allocate(election=election, facility=facility, create_missing=True, user=user)
            services.list_lock(election=election, facility=facility, kind=ListVersion.Kind.DPT, label="DPT",
                               note="Ditetapkan rapat pleno KPU", user=user)
            _model_a_forms(election, facility)
    election.status = Election.Status.CLOSED
    election.save(update_fields=["status"])


@transaction.atomic
def seed_elections(user=None) -> list[Election]:
    """Pemilu 2024 and Pilkada Jawa Tengah 2024 (archived), then Pemilu Nasional 2029 (simulasi)."""
    pemilu = _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    pilkada = _election(PILKADA_JATENG_2024, PILKADA_CONTESTS)
    _archive(pemilu, user=user, planned=PLANNED)
    _archive(pilkada, user=user)
    current = Election.objects.filter(slug=PEMILU_2029["slug"]).first()
    if current is None:
        current = services.election_create(**PEMILU_2029)
    elif not current.is_archived:
        services.election_refresh(election=current)
    _submitted(current)
    return [pemilu, pilkada, current]


def _submitted(election: Election) -> None:
    """Rutan Blora's list handed to KPU once (never again on a re-run, nor after KPU acted on it)."""
    facility = Facility.objects.filter(code=SUBMITTED).first()
    if election.is_archived or facility is None or ListReview.objects.filter(election=election,
                                                                             facility=facility).exists():
        return
    staff = get_user_model().objects.filter(username=SUBMITTED_BY).first()
    services.list_submit(election=election, facility=facility, note=SUBMITTED_NOTE, user=staff)


def _model_a_forms(election: Election, facility: Facility) -> None:
    """The A-forms KPU issued for DPTb voters (pindah memilih), all but every fifth, dated by the deadline."""
    dptb = list(Registration.objects.filter(election=election, facility=facility, list_type=Registration.ListType.DPTB,
                                            pindah_form_number="").order_by("inmate__register_number", "pk")
                .values_list("pk", flat=True))
    for index, pk in enumerate(dptb):
        if index % 5 != 4:
            Registration.objects.filter(pk=pk).update(
                pindah_form_number=f"A-{facility.code.upper()}-{index + 1:04d}", pindah_form_date=date(2024, 2, 5))
