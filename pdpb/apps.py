from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdpbConfig(AppConfig):
    name = "pdpb"
    verbose_name = _("Pemutakhiran Data Pemilih Berkelanjutan")
    agenda = "pdpb.agenda.items"  # the home page's "what is next" (portal/agenda.py)
    inbox = "pdpb.inbox.items"  # the home page's "what waits" (portal/inbox.py)
