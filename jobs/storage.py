"""Where finished files wait for their requester: the storage alias settings.TPS_EXPORT_STORAGE.

FileSystemStorage on a private folder by default (settings.TPS_EXPORT_DIR); with several app
servers that folder must be shared, or the alias points to an object store (django-storages' S3
backend, docs/deploy.md). Files are written by the worker and read back through the app, never
served directly.
"""

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.utils.text import get_valid_filename


def export_storage() -> Storage:
    """The storage of job files (a callable, so the setting is read at run time, not in migrations)."""
    return storages[settings.TPS_EXPORT_STORAGE]


def job_file_path(job, filename: str) -> str:
    """jobs/<job id>/<file name>: one folder per job, named by its random id."""
    return f"jobs/{job.pk}/{get_valid_filename(filename)}"
