"""Election templates: which contests (ballots) an election of each kind holds, their scopes, and
which region it may be held in. An admin creates an election from one (the election page,
`manage.py election_create --template NAME`, `services.election_create`), then may change its
contests in the Django admin. The names are the command's values (docs/elections.md).

Sources: UU 7/2017 Pasal 167 and the five ballots of Pemilu 2024 (PPWP, DPR, DPD, DPRD provinsi,
DPRD kabupaten/kota); MK 135/PUU-XXII/2024 separates Pemilu Nasional (PPWP, DPR, DPD) from Pemilu
Daerah (DPRD provinsi, DPRD kabupaten/kota, governor, regent/mayor); UU 10/2016 (Pilkada:
governor, regent/mayor). No year is written here: the dapil of a dapil-scoped contest are those of
the election's dapil edition.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from regions import reference
from registration import rules
from registration.models import Election


@dataclass(frozen=True)
class ContestPreset:
    code: str
    short_name: str  # as the SURAT SUARA column of the voter list writes it
    name: str
    scope: str


@dataclass(frozen=True)
class Template:
    key: str  # the command's value, a Bahasa Indonesia slug
    label: str
    description: str
    kind: str  # Election.Kind
    # Region levels the election may be held in (reference.PROVINCE, reference.KABKOTA); None in
    # the tuple: nationwide (no region) is allowed.
    region_levels: tuple[int | None, ...]
    contests: tuple[ContestPreset, ...]
    # Contests of a Pilkada held in a kab/kota: the governor's ballot belongs to a province's.
    kabkota_contests: tuple[ContestPreset, ...] | None = None

    def contests_for(self, region_code: str | None) -> tuple[ContestPreset, ...]:
        if self.kabkota_contests is not None and region_code and reference.level_of(region_code) == reference.KABKOTA:
            return self.kabkota_contests
        return self.contests

    @property
    def nationwide(self) -> bool:
        return None in self.region_levels

    @property
    def region_required(self) -> bool:
        return not self.nationwide

    @property
    def uses_dapil(self) -> bool:
        return any(c.scope in rules.DAPIL_SCOPES for c in self.contests)


PPWP = ContestPreset("PPWP", "PPWP", _("Presiden dan Wakil Presiden"), rules.SCOPE_COUNTRY)
DPR = ContestPreset("DPR", "DPR", _("DPR RI"), rules.SCOPE_DAPIL_DPR)
DPD = ContestPreset("DPD", "DPD", _("DPD RI"), rules.SCOPE_PROVINCE)
DPRD_PROV = ContestPreset("DPRD_PROV", "DPRD PROV", _("DPRD Provinsi"), rules.SCOPE_DAPIL_DPRD_PROVINCE)
DPRD_KAB = ContestPreset("DPRD_KAB", "DPRD KAB/KOTA", _("DPRD Kabupaten/Kota"), rules.SCOPE_DAPIL_DPRD_KABKOTA)
GOVERNOR = ContestPreset("GUB", "GUBERNUR", _("Gubernur dan Wakil Gubernur"), rules.SCOPE_PROVINCE)
REGENT = ContestPreset("BUP", "BUPATI/WALI KOTA", _("Bupati/Wali Kota dan Wakil"), rules.SCOPE_KABKOTA)

NATIONAL = "pemilu-nasional"
REGIONAL = "pemilu-daerah"
PILKADA = "pilkada"
SIMULTANEOUS = "pemilu-serentak"
EMPTY = "kosong"

TEMPLATES: dict[str, Template] = {t.key: t for t in [
    Template(NATIONAL, _("Pemilu Nasional"),
             _("Presiden dan Wakil Presiden, DPR, DPD; seluruh Indonesia (MK 135/PUU-XXII/2024)."),
             Election.Kind.NATIONAL, (None,), (PPWP, DPR, DPD)),
    Template(REGIONAL, _("Pemilu Daerah"),
             _("DPRD provinsi, DPRD kabupaten/kota, gubernur, bupati/wali kota; seluruh Indonesia atau satu "
               "provinsi."),
             Election.Kind.REGIONAL, (None, reference.PROVINCE), (DPRD_PROV, DPRD_KAB, GOVERNOR, REGENT)),
    Template(PILKADA, _("Pilkada"),
             _("Gubernur dan bupati/wali kota di satu provinsi, atau bupati/wali kota di satu kabupaten/kota."),
             Election.Kind.PILKADA, (reference.PROVINCE, reference.KABKOTA), (GOVERNOR, REGENT), kabkota_contests=(REGENT,)),
    Template(SIMULTANEOUS, _("Pemilu serentak"),
             _("Lima surat suara: Presiden dan Wakil Presiden, DPR, DPD, DPRD provinsi, DPRD kabupaten/kota; "
               "seluruh Indonesia."),
             Election.Kind.PEMILU, (None,), (PPWP, DPR, DPD, DPRD_PROV, DPRD_KAB)),
    Template(EMPTY, _("Kosong"),
             _("Tanpa surat suara (misalnya pemungutan suara ulang); tambahkan surat suara di halaman Administrasi."),
             Election.Kind.OTHER, (None, reference.PROVINCE, reference.KABKOTA), ()),
]}

LEVEL_NAMES = {None: _("seluruh Indonesia"), reference.PROVINCE: _("provinsi"), reference.KABKOTA: _("kabupaten/kota")}


def template(key: str) -> Template | None:
    return TEMPLATES.get(key)


def contest_rows(key: str, region_code: str | None = None) -> list[tuple[str, str, str, str]]:
    """(code, short name, name, scope) of a template's contests, as the demo lists them."""
    return [(c.code, c.short_name, str(c.name), c.scope) for c in TEMPLATES[key].contests_for(region_code)]


def levels_text(levels) -> str:
    """"provinsi atau kabupaten/kota" for the messages."""
    names = [str(LEVEL_NAMES[level]) for level in levels]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " " + str(_("atau")) + " " + names[-1]
