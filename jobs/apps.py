from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Pekerjaan latar belakang")

    def ready(self) -> None:
        from jobs import signals  # noqa: F401  (files leave storage with their job)

        # Each app's `tasks` module registers its kinds of job (jobs.kinds.register), in the web
        # processes and in the worker alike, without this app importing any of them.
        autodiscover_modules("tasks")
