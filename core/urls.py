from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/meine-daten.json", views.data_export, name="data_export"),
    path("profil/loeschen/", views.account_delete, name="account_delete"),
]
