from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Pendaftaran pemilih dan TPS")
    agenda = "registration.agenda.items"  # the home page's "what is next" (portal/agenda.py)
    inbox = "registration.inbox.items"  # the home page's inbox: lists to review, lists sent back (portal/inbox.py)

    def ready(self) -> None:
        from django.urls import reverse

        from inmates import tabs, voting_days
        from inmates.signals import registry_changed
        from regions.signals import region_codes_moved
        from registration.agenda import voting_days as election_days
        from registration.services import refresh_after_registry_change

        registry_changed.connect(refresh_after_registry_change, dispatch_uid="registration_refresh")
        # Homes and locations moved to a new region edition's codes change ballot scopes too.
        region_codes_moved.connect(refresh_after_registry_change, dispatch_uid="registration_refresh_regions")
        tabs.register(tabs.Tab("elections", _("Pemilu dan daftar pemilih"),
                               lambda facility, access: reverse("registration:elections"), order=70))
        voting_days.register("elections", election_days)  # "bebas sebelum hari H": pick the election
