"""The kinds of job the apps offer, and what a kind's function receives and returns.

A kind is registered once, at import of its app's `tasks` module (see the package docstring).
Its function gets a Run (the job, who asked, the parameters, progress reporting) and returns an
Output (the file, its name, rows, and the export-log writer); the jobs app stores the file and runs
the log writer in one transaction, so a file is never kept unlogged.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from jobs.models import Job


class JobFailed(Exception):
    """Ends a job with `message` (Bahasa Indonesia, shown to the user who asked)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass
class Output:
    stream: IO[bytes]  # the finished file, positioned at its start; closed by the jobs app
    filename: str  # the name the browser saves it under
    rows: int = 0  # rows written (shown as the job's final progress)
    log: Callable[[], None] | None = None  # the export log, written with the stored file


class Run:
    """What a kind's function works with: the job, who asked, the parameters, progress."""

    def __init__(self, job: "Job"):
        self.job = job
        self.user = job.user
        self.params = dict(job.params)

    def set_total(self, total: int | None) -> None:
        """Rows the file will hold, when known beforehand (the page shows a progress bar)."""
        self.job.update_progress(total=total)

    def progress(self, done: int) -> None:
        """Rows written so far; tps_khusus.xlsx.write calls it every 1,000 rows."""
        self.job.update_progress(done=done)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    run: Callable[[Run], Output]


_kinds: dict[str, Kind] = {}


def register(name: str, *, label, run: Callable[[Run], Output]) -> str:
    """Offer a kind of job; returns its name (what jobs.services.job_start and the views take)."""
    known = _kinds.get(name)
    if known is not None and known.run is not run:
        raise ImproperlyConfigured(f"Job kind {name!r} is registered twice.")
    _kinds[name] = Kind(name=name, label=label, run=run)
    return name


def get(name: str) -> Kind:
    try:
        return _kinds[name]
    except KeyError:
        raise ImproperlyConfigured(f"No job kind {name!r}: is its app's tasks module importable?") from None


def registered() -> list[str]:
    return sorted(_kinds)
