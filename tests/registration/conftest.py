from datetime import date

import pytest

from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, PILKADA_CONTESTS, PILKADA_JATENG_2024, _election

VOTING_DAY = date(2024, 2, 14)


@pytest.fixture
def pemilu(world):
    """Pemilu 2024 with its five ballots, as seeded."""
    return _election(PEMILU_2024, PEMILU_2024_CONTESTS)


@pytest.fixture
def pilkada(world):
    return _election(PILKADA_JATENG_2024, PILKADA_CONTESTS)


@pytest.fixture
def keep_reference():
    """A test that loads a dapil edition: its rows are rolled back at its end, so this process's
    in-memory reference copy is put back as it was (as tests/regions/conftest.py does)."""
    from regions import reference

    saved = [(cache, cache.value, cache.checked) for cache in (reference._regions, reference._dapils)]
    yield
    for cache, value, checked in saved:
        cache.value, cache.checked = value, checked


def load_dapil_edition(code: str, path) -> str:
    from regions import services as region_services

    region_services.dapil_edition_load(code=code, name=f"Dapil uji {code}", source="uji",
                                       uploads=[(path.name, None, path.read_bytes())])
    return code


@pytest.fixture
def dpr_only_edition(db, tmp_path, keep_reference):
    """A dapil edition with only a DPR map (the shipped 2024 one, copied), as a Pemilu Nasional map may be."""
    from tests.regions.helpers import DPR_2024, dapil_file

    return load_dapil_edition("uji-dpr", dapil_file(tmp_path / "dapil_dpr_ri_uji.csv", DPR_2024))


@pytest.fixture
def blora_moved_edition(db, tmp_path, keep_reference):
    """A second DPR map in which kecamatan Blora (33.16.09) moves from JAWA TENGAH III to II."""
    from tests.regions.helpers import DPR_2024, blora_split_rows, dapil_file

    path = dapil_file(tmp_path / "dapil_dpr_ri_uji.csv", DPR_2024, replace={"33.16": blora_split_rows()})
    return load_dapil_edition("uji-2029", path)
