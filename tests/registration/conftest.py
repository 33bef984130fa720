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
