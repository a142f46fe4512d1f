"""Benchmark: how long the main pages take, against the floor of a bare Django view.

Run with `make bench`. Builds the demo in a throwaway SQLite database (or BENCH_DATABASE_URL, never
DATABASE_URL), then requests each page many times through the full middleware stack and prints the
median time and its ratio to a view that only returns "ok".
"""

import os
import statistics
import time

from _scratch import scratch_django  # noqa: E402

_tmp = scratch_django(prefix="ht-bench-pages-")

from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402

ROUNDS = 60


def floor_view(request):
    return HttpResponse("ok")


urlpatterns = [path("__floor__/", floor_view), path("", include("hannover_teilhabe.urls"))]


def _median_ms(client, url):
    client.get(url)  # warm caches, as a running server would be
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main():
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from actionplan.models import Measure
    from core.models import Area, User
    from district_statistics.models import Indicator
    from workshops.models import Workshop

    measure = Measure.objects.annotate(n=Count("comments")).order_by("-n").first()
    workshop = Workshop.objects.annotate(n=Count("outcomes")).order_by("-n").first()
    indicator = Indicator.objects.filter(is_key_indicator=True).first()
    with override_settings(ROOT_URLCONF=__name__):
        pages = [
            ("Startseite", reverse("home")),
            ("Workshop-Board", workshop.get_absolute_url()),
            ("Ergebnisliste", reverse("workshops:outcome_list")),
            ("Maßnahmen", reverse("actionplan:index")),
            ("Maßnahme", measure.get_absolute_url()),
            ("Abdeckung", reverse("actionplan:coverage")),
            ("Indikator", indicator.get_absolute_url()),
            ("Gebietsprofil", reverse("statistics:area_detail", args=[Area.objects.get(key="stadtteil-21").slug])),
            ("Bedarf", reverse("actionplan:need_and_action")),
            ("Berichte", reverse("reports:index")),
        ]
        client = Client()
        client.force_login(User.objects.get(email="planung@demo.hannover-teilhabe.de"))
        floor = _median_ms(client, "/__floor__/")
        print(f"{'Seite':<16} {'Median':>10} {'× Untergrenze':>14}")
        print(f"{'bare view':<16} {floor:>8.2f} ms {1:>13.1f}×")
        for label, url in pages:
            ms = _median_ms(client, url)
            print(f"{label:<16} {ms:>8.2f} ms {ms / floor:>13.1f}×")


if __name__ == "__main__":
    main()
