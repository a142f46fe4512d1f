from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.index, name="index"),
    path("ergebnisse/", views.outcome_list, name="outcome_list"),
    path("ergebnisse/export.csv", views.outcome_export, {"fmt": "csv"}, name="outcome_export_csv"),
    path("ergebnisse/export.xlsx", views.outcome_export, {"fmt": "xlsx"}, name="outcome_export_xlsx"),
    path("ergebnisse/<int:pk>/", views.outcome_detail, name="outcome_detail"),
    path("ergebnisse/<int:pk>/karte/", views.outcome_card, name="outcome_card"),
    path("ergebnisse/<int:pk>/bearbeiten/", views.outcome_edit, name="outcome_edit"),
    path("ergebnisse/<int:pk>/loeschen/", views.outcome_delete, name="outcome_delete"),
    path("import/vorlage.csv", views.import_template, name="import_template"),
    path("workshop/<int:pk>/", views.board, name="board"),
    path("workshop/<int:pk>/ergebnis/neu/", views.outcome_add, name="outcome_add"),
    path("workshop/<int:pk>/bearbeiten/", views.workshop_edit, name="workshop_edit"),
    path("workshop/<int:pk>/import/", views.outcome_import, name="outcome_import"),
    path("veranstaltung/neu/", views.event_create, name="event_create"),
    path("veranstaltung/<slug:slug>/", views.event_detail, name="event_detail"),
    path("veranstaltung/<slug:slug>/bearbeiten/", views.event_edit, name="event_edit"),
    path("veranstaltung/<slug:slug>/workshop/neu/", views.workshop_create, name="workshop_create"),
]
