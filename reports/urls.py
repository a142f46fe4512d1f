from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("erstellen/", views.start, name="start"),
    path("umsetzungsbericht/", views.start_implementation, name="start_implementation"),
    path("einleitung/", views.edit_settings, name="settings"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/herunterladen/", views.download, name="download"),
    path("<int:pk>/veroeffentlichen/", views.publish, name="publish"),
    path("<int:pk>/wiederholen/", views.retry, name="retry"),
]
