from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top of the project: what composes the apps for people (home pages, navigation, the
    demo seed). Nothing imports it but the root URLconf."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import agenda, inbox

        agenda.discover()  # every app's AppConfig.agenda provider (portal/agenda.py)
        inbox.discover()  # every app's AppConfig.inbox provider (portal/inbox.py)
