"""Shared test set-up: reference data once per test database, and the personas.

Personas (as in seed_demo): admin, petugas.blora (staff of Rutan Blora), petugas.pati (staff
of Rutan Pati, same province), kpu.blora (KPU Kabupaten Blora), kpu.jateng (KPU Provinsi
Jawa Tengah), plus `outsider`, a signed-in user with no role.
"""

import atexit
import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.signals import setting_changed
from django.test import Client

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The suite must pass on any day, not only the day it was written: TPS_TEST_CLOCK_SHIFT_DAYS=730
# moves the clock of every test process that many days ahead (CI runs the suite once so).
# Dates in tests are fixed in the past on purpose, or counted from "today" as the clock says.
CLOCK_SHIFT_DAYS = int(os.environ.get("TPS_TEST_CLOCK_SHIFT_DAYS") or 0)
if CLOCK_SHIFT_DAYS:
    import time_machine

    time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=CLOCK_SHIFT_DAYS), tick=True).start()

# Every app but the reference data: transactional tests flush these and keep the 90k regions.
APPS_WITHOUT_REFERENCE = [app for app in settings.INSTALLED_APPS if app != "regions"]


def pytest_configure(config):
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # Background jobs run at once, inside the request that queues them (tests/jobs runs the real
    # worker on a queued job); their files go to a folder of this test process, removed at exit.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)  # tasks made at import
    folder = tempfile.mkdtemp(prefix="tps-test-exports-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    settings.STORAGES["exports"] = {**settings.STORAGES["exports"], "OPTIONS": {
        **settings.STORAGES["exports"].get("OPTIONS", {}), "location": folder}}


@pytest.fixture(scope="session", autouse=True)
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test process sets up its database with the reference data, and reads region codes and
    dapil maps into memory once (regions.reference), so a test without the database can still check
    a NIK. Tests change reference data only inside rolled-back transactions, so the copy is never
    re-checked against the tables (which would put a query into counted blocks)."""
    from regions import reference
    from regions.services import ensure_reference_data

    reference.RECHECK_SECONDS = None
    with django_db_blocker.unblock():
        ensure_reference_data()
        reference.warm()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test with available_apps ends with a flush that skips post_migrate, which
    would leave later tests in the same worker without permissions and content types. Put them
    back once every fixture (the flush included) has been torn down."""
    yield
    marker = item.get_closest_marker("django_db")
    # After the worker's last test the test database is gone already, and nobody needs it.
    if nextitem is not None and marker and marker.kwargs.get("transaction"):
        from django.contrib.contenttypes.models import ContentType
        from django.core.management.sql import emit_post_migrate_signal
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            ContentType.objects.clear_cache()  # the flushed rows' ids must not come back from the cache
            emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
            ContentType.objects.clear_cache()
            # Once Playwright runs an event loop here, this may be a connection of its own: close it,
            # or it would keep the test database from being dropped.
            connections.close_all()


@pytest.fixture
def freeze_today():
    """Set "today" for one test: `freeze_today(date(2024, 2, 1))`; the clock stands still at noon
    (Jakarta) of that day until the test ends. Time moves again afterwards, shifted or not."""
    import time_machine

    travellers = []

    def freeze(day: dt.date) -> dt.date:
        moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone(dt.timedelta(hours=7)))
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return day

    yield freeze
    for traveller in reversed(travellers):
        traveller.stop()


@dataclass
class World:
    facilities: dict
    users: dict

    @property
    def blora(self):
        return self.facilities["rutan-blora"]

    @property
    def pati(self):
        return self.facilities["rutan-pati"]

    @property
    def semarang(self):
        return self.facilities["lapas-semarang"]

    @property
    def surabaya(self):
        return self.facilities["rutan-surabaya"]

    def client(self, username: str) -> Client:
        client = Client()
        client.force_login(self.users[username])
        return client


PERSONAS = ["admin", "petugas.blora", "petugas.pati", "kpu.blora", "kpu.jateng", "outsider"]


def build_world() -> World:
    from accounts.demo import seed_users
    from inmates.demo import ensure_facilities

    facilities = ensure_facilities()
    seed_users(facilities)
    User.objects.get_or_create(username="outsider", defaults={"first_name": "Tamu"})
    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
    return World(facilities=facilities, users=users)


@pytest.fixture
def world(db) -> World:
    return build_world()

