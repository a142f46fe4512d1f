from django.urls import path

from district_statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("indikator/neu/", views.indicator_create, name="indicator_create"),
    path("indikator/<slug:key>/", views.indicator_detail, name="indicator_detail"),
    path("indikator/<slug:key>/bearbeiten/", views.indicator_edit, name="indicator_edit"),
    path("gebiet/<slug:slug>/", views.area_detail, name="area_detail"),
    path("export/", views.export, name="export"),
    path("veroeffentlichte-einzelwerte/", views.published_figures_view, name="published_figures"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/protokoll/", views.import_logs, name="import_logs"),
    path("import/<str:token>/", views.import_preview, name="import_preview"),
    path("import/<str:token>/verwerfen/", views.import_discard, name="import_discard"),
]
