from django.urls import path

from actionplan import views, views_implementation

app_name = "actionplan"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/<str:fmt>/", views.measure_export, name="measure_export"),
    path("neu/", views.measure_create, name="measure_create"),
    path("abdeckung/", views.coverage, name="coverage"),
    path("bedarf-und-massnahmen/", views.need_and_action, name="need_and_action"),
    path("beteiligung/", views.consultation, name="consultation"),
    path("beteiligung/phasen/neu/", views.period_edit, name="period_create"),
    path("beteiligung/phasen/<int:pk>/", views.period_edit, name="period_edit"),
    path("moderation/", views.moderation, name="moderation"),
    path("abonnements/", views.my_follows, name="my_follows"),
    path("kommentare/<int:pk>/", views.comment_link, name="comment_link"),
    path("kommentare/<int:pk>/antworten/", views.comment_reply, name="comment_reply"),
    path("kommentare/<int:pk>/melden/", views.comment_report, name="comment_report"),
    path("kommentare/<int:pk>/stellungnahme/", views.comment_respond, name="comment_respond"),
    path("kommentare/<int:pk>/ausblenden/", views.comment_hide, name="comment_hide"),
    path("kommentare/<int:pk>/einblenden/", views.comment_restore, name="comment_restore"),
    path("kommentare/<int:pk>/meldungen-erledigt/", views.reports_dismiss, name="reports_dismiss"),
    path("umsetzung/", views_implementation.overview, name="implementation"),
    path("lesbarkeit/", views_implementation.readability_check, name="readability"),
    path("<str:reference>/sachstand/neu/", views_implementation.progress_report_create, name="progress_create"),
    path("<str:reference>/sachstand/<int:pk>/bearbeiten/", views_implementation.progress_report_edit,
         name="progress_edit"),
    path("<str:reference>/sachstand/<int:pk>/versionen/", views_implementation.progress_report_versions,
         name="progress_versions"),
    path("<str:reference>/sachstand/anfordern/", views_implementation.progress_request, name="progress_request"),
    path("<str:reference>/", views.measure_detail, name="measure_detail"),
    path("<str:reference>/bearbeiten/", views.measure_edit, name="measure_edit"),
    path("<str:reference>/kommentieren/", views.comment_create, name="comment_create"),
    path("<str:reference>/folgen/", views.measure_follow, name="measure_follow"),
    path("<str:reference>/versionen/", views.measure_history, name="measure_history"),
    path("<str:reference>/versionen/<int:history_id>/", views.measure_version, name="measure_version"),
]
