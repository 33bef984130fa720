from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm
from jobs.health import health
from portal import views

admin.site.site_header = _("TPS Khusus — Administrasi")
admin.site.site_title = _("TPS Khusus")
admin.site.index_title = _("Administrasi")

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    ), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html"), name="password_change"),
    path("kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("wilayah/", include("regions.urls")),
    path("", include("inmates.urls")),
    path("pemilu/", include("registration.urls")),
    path("pdpb/", include("pdpb.urls")),
    path("berkas/", include("jobs.urls")),
    path("catatan-ekspor/", include("audit.urls")),
    path("sehat/", health, name="health"),
    path("admin/", admin.site.urls),
]

# 400, 403 and 404 use templates/400.html, 403.html, 404.html through Django's own handlers.
handler500 = "accounts.views.server_error"
