import pytest

from regions import reference


@pytest.fixture
def keep_reference():
    """For a test that loads reference data: the test's rows are rolled back at its end, so the
    process's in-memory copy (read before the test, from the shipped data) is put back as it was."""
    saved = [(cache, cache.value, cache.checked) for cache in (reference._regions, reference._dapils)]
    yield
    for cache, value, checked in saved:
        cache.value, cache.checked = value, checked
