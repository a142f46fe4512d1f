from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from hannover_teilhabe import views

# The admin has no login form of its own: it sends people to allauth's, whose failed-login limit
# (ACCOUNT_RATE_LIMITS) then covers staff accounts too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sprache/", include("django.conf.urls.i18n")),
    path("seite/<slug:slug>/", views.site_page, name="site_page"),
    path("konto/", include("core.urls")),
    path("konto/", include("allauth.urls")),
    path("verwaltung/", admin.site.urls),
    path("workshops/", include("workshops.urls")),
    path("aktionsplan/", include("actionplan.urls")),
    path("statistik/", include("district_statistics.urls")),
    path("berichte/", include("reports.urls")),
    path("", include("opendata.urls")),
]
