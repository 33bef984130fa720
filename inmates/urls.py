from django.urls import path

from inmates import views

app_name = "inmates"
urlpatterns = [
    path("fasilitas/", views.facility_list, name="facilities"),
    path("fasilitas/<slug:code>/wbp/", views.inmate_list, name="list"),
    path("fasilitas/<slug:code>/wbp/tambah/", views.inmate_create, name="create"),
    path("fasilitas/<slug:code>/kedatangan/", views.incoming_list, name="incoming"),
    path("fasilitas/<slug:code>/perlu-tindakan/", views.needs_action, name="needs_action"),
    path("fasilitas/<slug:code>/verifikasi-nik/", views.nik_verify_many, name="nik_verify_many"),
    path("fasilitas/<slug:code>/impor/", views.import_start, name="import"),
    path("fasilitas/<slug:code>/impor/templat/", views.import_template, name="import_template"),
    path("fasilitas/<slug:code>/impor/riwayat/", views.import_history, name="import_history"),
    path("fasilitas/<slug:code>/impor/<str:token>/", views.import_preview, name="import_preview"),
    path("fasilitas/<slug:code>/impor/<str:token>/masalah/", views.import_issues, name="import_issues"),
    path("fasilitas/<slug:code>/belum-nik/", views.no_nik_list, name="no_nik"),
    path("fasilitas/<slug:code>/belum-nik/unduh/", views.no_nik_download, name="no_nik_download"),
    path("fasilitas/<slug:code>/belum-nik/ajukan/", views.no_nik_submit, name="no_nik_submit"),
    path("fasilitas/<slug:code>/bebas-sebelum/", views.leaving_list, name="leaving"),
    path("fasilitas/<slug:code>/bebas-sebelum/unduh/", views.leaving_download, name="leaving_download"),
    path("wbp/<int:pk>/", views.inmate_detail, name="detail"),
    path("wbp/<int:pk>/ubah/", views.inmate_edit, name="edit"),
    path("wbp/<int:pk>/peristiwa/<str:kind>/", views.event_create, name="event"),
    path("wbp/<int:pk>/batal-pindah/", views.transfer_cancel, name="transfer_cancel"),
    path("wbp/<int:pk>/terima/", views.arrival_confirm, name="arrival"),
    path("wbp/<int:pk>/nik/<str:action>/", views.nik_action, name="nik"),
]
