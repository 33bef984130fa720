from django.urls import path

from regions import views

app_name = "regions"
urlpatterns = [
    path("anak/", views.children, name="children"),
    path("dapil/", views.dapil_editions, name="dapil_editions"),
    path("dapil/periksa/<str:token>/", views.dapil_check, name="dapil_check"),
]
