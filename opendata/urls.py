from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from opendata import views

app_name = "opendata"

router = DefaultRouter()
router.include_format_suffixes = False
router.APIRootView = views.ApiRootView
router.register("massnahmen", views.MeasureViewSet, basename="measure")
router.register("ergebnisse", views.OutcomeViewSet, basename="outcome")
router.register("veranstaltungen", views.EventViewSet, basename="event")
router.register("indikatoren", views.IndicatorViewSet, basename="indicator")
router.register("werte", views.ValueViewSet, basename="value")
router.register("gebiete", views.AreaViewSet, basename="area")
router.register("kommentare", views.CommentViewSet, basename="comment")
router.register("berichte", views.ReportViewSet, basename="report")

api_patterns = [
    path("katalog.jsonld", views.CatalogueView.as_view(), name="catalogue"),
    path("katalog.ttl", views.CatalogueTurtleView.as_view(), name="catalogue_turtle"),
    path("downloads/<slug:dataset>.<str:fmt>", views.DownloadView.as_view(), name="download"),
    path("downloads/<slug:dataset>/<slug:indikator>.<str:fmt>", views.IndicatorDownloadView.as_view(),
         name="download"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema/swagger/", SpectacularSwaggerSplitView.as_view(url_name="opendata:schema"), name="swagger"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("api/v1/", include(api_patterns)),
    path("offene-daten/", views.documentation, name="documentation"),
]
