"""What every answer under /api/ carries: licence, ETag and 304, open CORS for reading, a rate limit."""

from django.urls import reverse

from hannover_teilhabe.throttle import wait_phrase
from tests.actionplan.factories import make_measure
from tests.opendata.conftest import results

LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"


def test_every_answer_names_its_licence_in_a_header_and_lists_in_their_envelope(client, world):
    for name in ["measure-list", "outcome-list", "value-list", "comment-list", "report-list"]:
        response = client.get(reverse(f"opendata:{name}"))
        assert response["Link"] == f'<{LICENCE_URL}>; rel="license"'
        licence = response.json()["lizenz"]
        assert licence["name"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
        assert licence["namensnennung"].startswith("Landeshauptstadt Hannover")
    values = client.get(reverse("opendata:value-list")).json()
    assert values["quellen"]["sgb2-quote"]["lizenz"] == "Datenlizenz Deutschland – Namensnennung 2.0"
    areas = client.get(reverse("opendata:area-list"))
    assert areas.json()["geodaten_lizenz"]["kennung"] == "CC-BY-4.0"
    assert areas["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    geojson = client.get(reverse("opendata:download", args=["gebiete", "geojson"]))
    assert geojson["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def test_the_licence_setting_is_what_the_answers_name(client, world, settings):
    settings.OPEN_DATA_LICENCE_NAME = "Datenlizenz Deutschland – Zero – Version 2.0"
    settings.OPEN_DATA_LICENCE_URL = "https://www.govdata.de/dl-de/zero-2-0"
    response = client.get(reverse("opendata:measure-list"))
    assert response.json()["lizenz"]["name"] == "Datenlizenz Deutschland – Zero – Version 2.0"
    assert response["Link"] == '<https://www.govdata.de/dl-de/zero-2-0>; rel="license"'


def test_asking_again_with_the_etag_gets_304_until_something_changes(client, world, planner):
    url = reverse("opendata:measure-list")
    first = client.get(url)
    assert first["ETag"]
    assert first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    make_measure(by=planner, title="Neue Maßnahme nach dem ersten Abruf")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_browsers_and_caches_ask_again_each_time_instead_of_guessing_from_last_modified(client, world):
    url = reverse("opendata:measure-list")
    first = client.get(url)
    assert first["Last-Modified"]
    assert first["Cache-Control"] == "no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "no-cache"
    download = client.get(reverse("opendata:download", args=["massnahmen", "csv"]))
    assert download["Cache-Control"] == "no-cache"


def test_a_planner_and_the_public_get_different_etags_and_caches_keep_them_apart(client, world, planner):
    url = reverse("opendata:measure-list")
    public = client.get(url)
    client.force_login(planner)
    planning = client.get(url)
    assert public["ETag"] != planning["ETag"]
    assert "Cookie" in planning["Vary"]
    assert set(planning["Cache-Control"].split(", ")) == {"private", "no-cache"}
    assert client.get(url, HTTP_IF_NONE_MATCH=public["ETag"]).status_code == 200


def test_other_websites_may_read_the_api_without_credentials(client, world):
    response = client.get(reverse("opendata:value-list"), HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(reverse("opendata:value-list"), HTTP_ORIGIN="https://example.org",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    # The pages themselves stay same-origin.
    assert "Access-Control-Allow-Origin" not in client.get(reverse("actionplan:index"))


def test_the_api_cannot_be_written_to(client, world, planner):
    client.force_login(planner)
    response = client.post(reverse("opendata:measure-list"), {"titel": "Neu"}, content_type="application/json")
    assert response.status_code in {403, 405}
    assert client.delete(reverse("opendata:measure-detail", args=[world["public"].reference])).status_code in {403, 405}
    assert results(client.get(reverse("opendata:measure-list")))


def test_too_many_requests_are_answered_with_when_to_try_again(client, world, settings):
    # The second and third answers come from the cache (test below): they count all the same.
    settings.OPEN_DATA_RATE = "3/min"
    url = reverse("opendata:indicator-list")
    for _ in range(3):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    # The platform's own sentence, as on the pages: "… Bitte versuchen Sie es in 60 Sekunden erneut."
    when = wait_phrase(int(refused["Retry-After"]))
    assert refused.json()["detail"] == (
        f"Sie haben das in kurzer Zeit zu oft versucht. Bitte versuchen Sie es {when} erneut."
    )


def _queries_for(client, url, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return response, len(captured)


def test_the_publics_repeated_reads_are_answered_from_the_cache_with_the_same_bytes(client, world):
    url = reverse("opendata:measure-list")
    first, built = _queries_for(client, url)
    again, queries = _queries_for(client, url)
    assert built > 0
    assert queries == 0
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Link"] == first["Link"] and again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_comment_hidden_by_moderation_leaves_the_public_answer_at_once(client, world, planner):
    from actionplan import services

    url = reverse("opendata:comment-list")
    text = "Wir unterstützen das Sozialticket."
    assert text in [c["text"] for c in results(client.get(url))]
    services.comment_hide(comment=world["visible_comment"], by=planner, reason="Beleidigung")
    assert text not in [c["text"] for c in results(client.get(url))]


def test_a_measure_published_into_consultation_appears_in_the_next_public_answer(client, world):
    url = reverse("opendata:measure-list")
    draft = world["draft"]
    assert draft.title not in [m["titel"] for m in results(client.get(url))]
    draft.publication_state = "beteiligung"
    draft.save()
    assert draft.title in [m["titel"] for m in results(client.get(url))]


def test_a_statistics_import_reaches_the_public_in_the_next_answer(client, world, planner):
    from district_statistics.services import apply_import, plan_file
    from tests.district_statistics.conftest import NamedBytes

    url = reverse("opendata:value-list")
    before = client.get(url).json()["anzahl"]
    text = "Gebiet;Indikator;Jahr;Wert\nSahlkamp;sgb2-quote;2024;24,1\nGesamtstadt;sgb2-quote;2024;20,1\n"
    plan = plan_file(file=NamedBytes(text.encode(), "werte.csv"), file_format="long", indicator=None)
    apply_import(plan=plan, on_conflict="fail", user=planner, filename="werte.csv")  # written in bulk
    assert client.get(url).json()["anzahl"] == before + 2


def test_a_report_the_department_publishes_is_listed_in_the_next_answer(client, world, department):
    from reports import services
    from reports.models import ReportExport

    url = reverse("opendata:report-list")
    ReportExport.objects.filter(pk=world["draft_report"].pk).update(is_draft=False)  # a finished final build
    world["draft_report"].refresh_from_db()
    assert world["draft_report"].pk not in [r["kennung"] for r in results(client.get(url))]
    services.set_public(export=world["draft_report"], by=department, public=True)  # a queryset update
    assert world["draft_report"].pk in [r["kennung"] for r in results(client.get(url))]


def test_a_change_nobody_announces_shows_at_the_latest_after_the_cache_time(client, world, settings):
    import time
    from decimal import Decimal

    from core.models import Area
    from district_statistics.models import Value

    settings.OPEN_DATA_CACHE_SECONDS = 1
    url = reverse("opendata:value-list")
    before = client.get(url).json()["anzahl"]
    # As if written in a database console: no signal, no announcement.
    Value.objects.bulk_create([Value(indicator=world["indicator"], area=Area.objects.get(key="stadt"), year=2024,
                                     value=Decimal("20.1"))])
    assert client.get(url).json()["anzahl"] == before
    time.sleep(1.2)
    assert client.get(url).json()["anzahl"] == before + 1


def test_signed_in_planners_always_get_a_freshly_built_answer(client, world, planner):
    url = reverse("opendata:measure-list")
    public = [m["titel"] for m in results(client.get(url))]
    client.force_login(planner)
    planning, queries = _queries_for(client, url)
    assert queries > 0
    assert world["draft"].title in [m["titel"] for m in results(planning)]
    assert world["draft"].title not in public
    client.logout()
    assert world["draft"].title not in [m["titel"] for m in results(client.get(url))]


def test_a_made_up_forwarded_address_does_not_buy_more_requests(client, world, settings):
    settings.OPEN_DATA_RATE = "2/hour"
    url = reverse("opendata:indicator-list")
    for n in range(2):
        assert client.get(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code == 200
    refused = client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert refused.status_code == 429
    # The limit counts in fixed hourly windows: at most an hour, as the sentence says.
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 3600
    assert refused.json()["detail"].endswith(f"Bitte versuchen Sie es {wait_phrase(wait)} erneut.")


def test_what_is_not_there_or_not_public_is_not_found_in_german(client, world):
    for url in [reverse("opendata:measure-detail", args=[world["draft"].reference]),
                reverse("opendata:measure-detail", args=["M-1999-999"]),
                reverse("opendata:indicator-detail", args=["mietbelastung"]),
                reverse("opendata:event-detail", args=[world["internal_event"].slug]),
                reverse("opendata:comment-detail", args=[999999])]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Nicht gefunden."}, url


def test_a_single_record_carries_licence_and_attribution_like_a_list(client, world):
    from opendata.urls import router

    keys = {"measure": world["public"].reference, "outcome": world["open_outcome"].pk,
            "event": world["public_event"].slug, "indicator": "sgb2-quote", "area": world["shown_value"].area.key,
            "comment": world["visible_comment"].pk, "report": world["published_report"].pk}
    details = [basename for _prefix, viewset, basename in router.registry if hasattr(viewset, "retrieve")]
    assert set(details) == set(keys)
    for basename in details:
        data = client.get(reverse(f"opendata:{basename}-detail", args=[keys[basename]])).json()
        assert data["lizenz"]["name"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0", basename
        assert data["lizenz"]["namensnennung"].startswith("Landeshauptstadt Hannover"), basename
    area = client.get(reverse("opendata:area-detail", args=[world["shown_value"].area.key])).json()
    assert area["geodaten_lizenz"]["namensnennung"].startswith("Geodaten: Landeshauptstadt Hannover")


def test_the_api_root_and_the_schema_name_licence_and_attribution(client, db):
    root = client.get(reverse("opendata:api-root")).json()
    assert root["lizenz"]["namensnennung"].startswith("Landeshauptstadt Hannover")
    assert root["katalog"].endswith(reverse("opendata:catalogue"))
    assert root["dokumentation"].endswith(reverse("opendata:documentation"))
    info = client.get(reverse("opendata:schema"), {"format": "json"}).json()["info"]
    assert info["license"] == {"name": "Datenlizenz Deutschland – Namensnennung – Version 2.0", "url": LICENCE_URL}
    assert "Landeshauptstadt Hannover, Sozialdezernat" in info["description"]
