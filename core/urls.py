from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/meine-daten.json", views.data_export, name="data_export"),
    path("profil/loeschen/", views.account_delete, name="account_delete"),
    path("mitgliedschaften/", views.memberships, name="memberships"),
    path("mitgliedschaften/<int:pk>/bestaetigen/", views.membership_confirm, name="membership_confirm"),
    path("mitgliedschaften/<int:pk>/ablehnen/", views.membership_decline, name="membership_decline"),
    path("mitgliedschaften/<int:pk>/entfernen/", views.membership_remove, name="membership_remove"),
    path("mitgliedschaften/<int:pk>/ansprechperson/", views.membership_contact, name="membership_contact"),
    path("organisationen/neu/", views.organisation_edit, name="organisation_create"),
    path("organisationen/<int:pk>/bearbeiten/", views.organisation_edit, name="organisation_edit"),
]
