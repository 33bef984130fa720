from django.urls import path

from pdpb import views

app_name = "pdpb"
urlpatterns = [
    path("", views.index, name="index"),
    path("unduh-rekap/", views.area_recap, name="area_recap"),
    path("asal/", views.home_lists, name="homes"),
    path("cek-dpb/", views.crosscheck_list, name="crosschecks"),
    path("cek-dpb/<int:pk>/", views.crosscheck_queue, name="crosscheck"),
    path("cek-dpb/<int:pk>/hapus/", views.crosscheck_delete, name="crosscheck_delete"),
    path("<slug:code>/<str:period>/", views.facility_page, name="facility"),
    path("<slug:code>/<str:period>/ajukan/", views.submit, name="submit"),
    path("<slug:code>/<str:period>/kembalikan/", views.return_period, name="return"),
    path("<slug:code>/<str:period>/kunci/", views.lock, name="lock"),
    path("<slug:code>/<str:period>/rekap/", views.facility_recap, name="recap"),
    path("<slug:code>/<str:period>/coktas/", views.coktas, name="coktas"),
]
