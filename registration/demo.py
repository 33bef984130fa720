"""Demo elections: Pemilu 2024 with its five ballots on the 2024 dapil maps, and the 2024 Pilkada
of Jawa Tengah, each with the day its DPT was determined. Lists are computed for every facility from
the demo registry (inmates.demo, anchored to fixed dates); Rutan Pati and Lapas Semarang get their TPS,
a locked DPT and the Model A forms of most of their DPTb voters, Rutan Blora is left for KPU Blora to
plan (as in the browser journey). Nothing here depends on the day it runs."""

from datetime import date

from django.db import transaction

from inmates.models import Facility
from registration import services
from registration.models import Contest, Election, ListVersion, Registration

PEMILU_2024 = {
    "slug": "pemilu-2024", "name": "Pemilu 2024", "kind": Election.Kind.PEMILU, "voting_day": date(2024, 2, 14),
    "region_id": None, "dpt_determined_on": date(2023, 6, 21), "data_start": date(2023, 5, 21),
    "data_cutoff": date(2023, 12, 20), "transfer_freeze": date(2023, 12, 22), "max_voters_per_tps": 300,
}
PEMILU_2024_CONTESTS = [
    ("PPWP", "PPWP", "Presiden dan Wakil Presiden", Contest.Scope.COUNTRY),
    ("DPR", "DPR", "DPR RI", Contest.Scope.DAPIL_DPR),
    ("DPD", "DPD", "DPD RI", Contest.Scope.PROVINCE),
    ("DPRD_PROV", "DPRD PROV", "DPRD Provinsi", Contest.Scope.DAPIL_DPRD_PROVINCE),
    ("DPRD_KAB", "DPRD KAB/KOTA", "DPRD Kabupaten/Kota", Contest.Scope.DAPIL_DPRD_KABKOTA),
]
PILKADA_JATENG_2024 = {
    "slug": "pilkada-jateng-2024", "name": "Pilkada Jawa Tengah 2024", "kind": Election.Kind.PILKADA,
    "voting_day": date(2024, 11, 27), "region_id": "33", "dpt_determined_on": date(2024, 9, 20),
    "data_start": date(2024, 5, 1), "data_cutoff": date(2024, 10, 1), "transfer_freeze": date(2024, 10, 3),
    "max_voters_per_tps": 600,
}
PILKADA_CONTESTS = [
    ("GUB", "GUBERNUR", "Gubernur dan Wakil Gubernur", Contest.Scope.PROVINCE),
    ("BUP", "BUPATI/WALI KOTA", "Bupati/Wali Kota dan Wakil", Contest.Scope.KABKOTA),
]
PLANNED = ["rutan-pati", "lapas-semarang"]


def _election(spec: dict, contests) -> Election:
    values = dict(spec)
    slug = values.pop("slug")
    election, _created = Election.objects.get_or_create(slug=slug, defaults=values)
    if election.dpt_determined_on is None and values.get("dpt_determined_on"):  # seeded before the field existed
        election.dpt_determined_on = values["dpt_determined_on"]
        election.save(update_fields=["dpt_determined_on"])
    for order, (code, short_name, name, scope) in enumerate(contests, start=1):
        Contest.objects.get_or_create(election=election, code=code, defaults={
            "short_name": short_name, "name": name, "scope": scope, "order": order})
    return election


@transaction.atomic
def seed_elections(user=None) -> list[Election]:
    elections = [_election(PEMILU_2024, PEMILU_2024_CONTESTS), _election(PILKADA_JATENG_2024, PILKADA_CONTESTS)]
    for election in elections:
        if election.status != Election.Status.CLOSED:
            services.election_refresh(election=election)
    pemilu = elections[0]
    for code in PLANNED:
        facility = Facility.objects.get(code=code)
        if not ListVersion.objects.filter(election=pemilu, facility=facility).exists():
            services.allocate(election=pemilu, facility=facility, create_missing=True, user=user)
            services.list_lock(election=pemilu, facility=facility, kind=ListVersion.Kind.DPT, label="DPT",
                               note="Ditetapkan rapat pleno KPU", user=user)
            _model_a_forms(pemilu, facility)
    return elections


def _model_a_forms(election: Election, facility: Facility) -> None:
    """The A-forms KPU issued for DPTb voters (pindah memilih), all but every fifth, dated by the deadline."""
    dptb = list(Registration.objects.filter(election=election, facility=facility, list_type=Registration.ListType.DPTB,
                                            pindah_form_number="").order_by("inmate__register_number", "pk")
                .values_list("pk", flat=True))
    for index, pk in enumerate(dptb):
        if index % 5 != 4:
            Registration.objects.filter(pk=pk).update(
                pindah_form_number=f"A-{facility.code.upper()}-{index + 1:04d}", pindah_form_date=date(2024, 2, 5))
