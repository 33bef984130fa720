from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.export_log, name="export_log"),
]
