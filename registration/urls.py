from django.urls import path

from registration import views

app_name = "registration"
urlpatterns = [
    path("", views.election_list, name="elections"),
    path("baru/", views.election_create, name="election_create"),  # services.RESERVED_SLUGS
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/pemilih/<int:pk>/", views.voter_detail, name="voter"),
    path("<slug:slug>/unduh-dpt/", views.area_export, name="area_export"),
    path("<slug:slug>/unduh-rekap/", views.area_recap, name="area_recap"),
    path("<slug:slug>/<slug:code>/", views.facility_page, name="facility"),
    path("<slug:slug>/<slug:code>/hitung-ulang/", views.refresh, name="refresh"),
    path("<slug:slug>/<slug:code>/unduh/", views.list_export, name="export"),
    path("<slug:slug>/<slug:code>/rekap/", views.facility_recap, name="recap"),
    path("<slug:slug>/<slug:code>/tps/", views.tps_page, name="tps"),
    path("<slug:slug>/<slug:code>/tps/alokasi/", views.tps_allocate, name="allocate"),
    path("<slug:slug>/<slug:code>/tps/<int:number>/", views.tps_edit, name="tps_edit"),
    path("<slug:slug>/<slug:code>/tps/<int:number>/unduh/", views.tps_export, name="tps_export"),
    path("<slug:slug>/<slug:code>/versi/", views.versions, name="versions"),
    path("<slug:slug>/<slug:code>/versi/<int:number>/", views.version_detail, name="version"),
    path("<slug:slug>/<slug:code>/versi/<int:number>/unduh/", views.list_export, name="version_export"),
    path("<slug:slug>/<slug:code>/perubahan/", views.diff_page, name="diff"),
    path("<slug:slug>/<slug:code>/ajukan/", views.submit, name="submit"),
    path("<slug:slug>/<slug:code>/kembalikan/", views.return_list, name="return"),
]
