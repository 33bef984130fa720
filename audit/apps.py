from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Catatan akses data pribadi")

    def ready(self) -> None:
        from audit.services import write_export_records
        from tps_khusus import audit

        audit.set_writer(write_export_records)
