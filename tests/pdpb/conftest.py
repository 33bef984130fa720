import pytest

from inmates.demo import ANCHOR, seed_registry


@pytest.fixture
def demo_registry(world):
    """The demo's four facilities with their WBP story (inmates.demo), anchored at ANCHOR."""
    seed_registry(world.facilities)
    return world


@pytest.fixture
def anchor():
    return ANCHOR
