"""Nothing an app server needs lives only in its memory or on its disk, so requests may alternate
between servers (docs/deploy.md). These are the settings that decide it, as the product ships them
(the module, not the test run's copy, which runs tasks at once); tests/deploy/test_two_servers.py
shows it with two real servers on PostgreSQL."""

import ast
from pathlib import Path

from axes.conf import settings as axes_settings
from django.conf import settings

from tps_khusus import settings as shipped

ROOT = Path(__file__).resolve().parents[2]
APPS = ["tps_khusus", "jobs", "regions", "accounts", "inmates", "registration", "audit", "portal"]


def test_sessions_messages_and_lockouts_live_in_the_database_or_the_browser():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    # Messages ride in a signed cookie, or in the session when they do not fit: never in a process.
    assert settings.MESSAGE_STORAGE == "django.contrib.messages.storage.fallback.FallbackStorage"
    # django-axes counts failed sign-ins in its tables (AccessAttempt), seen by every server.
    assert axes_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_the_task_queue_is_a_table_and_files_go_through_a_configured_storage():
    assert shipped.TASKS == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    assert shipped.TPS_EXPORT_STORAGE == "exports"
    exports = shipped.STORAGES["exports"]
    assert exports["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    location = Path(exports["OPTIONS"]["location"])
    assert location == shipped.TPS_EXPORT_DIR
    served = [Path(shipped.STATIC_ROOT), *map(Path, shipped.STATICFILES_DIRS)]
    assert not any(location.is_relative_to(folder) for folder in served)  # never served as a static file
    assert exports["OPTIONS"]["file_permissions_mode"] == 0o600


def test_no_app_keeps_state_in_the_process_cache():
    """Django's default cache is memory of one process: nothing may rely on it."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.cache"):
                    found.append(str(path.relative_to(ROOT)))
                if isinstance(node, ast.Import) and any(a.name.startswith("django.core.cache") for a in node.names):
                    found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_the_dapil_upload_folder_can_be_one_all_servers_share(settings, tmp_path):
    """The one upload still kept on disk between two requests (regions/uploads.py) goes to the folder
    set by TPS_IMPORT_PENDING_DIR (docs/deploy.md), e.g. a shared mount."""
    from regions import uploads

    assert shipped.TPS_IMPORT_PENDING_DIR is None  # unset in the test environment: the system's temporary folder
    settings.TPS_IMPORT_PENDING_DIR = str(tmp_path)
    assert uploads.folder() == tmp_path / "dapil" and (tmp_path / "dapil").is_dir()
