"""The upload pages: preview with row errors, nothing saved until confirmed, conflicts decided by the planner."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Area, PendingUpload
from district_statistics.models import ImportLog, Value
from tests.district_statistics.conftest import csv_upload
from tests.district_statistics.factories import IndicatorFactory, ValueFactory

pytestmark = pytest.mark.django_db

GOOD = "Gebiet;Indikator;Jahr;Wert\nSahlkamp;sgb2-quote;2024;24,1\nList;sgb2-quote;2024;7,5\n"
BAD = "Gebiet;Indikator;Jahr;Wert\nSahlkamp;sgb2-quote;2024;24,1\nAtlantis;sgb2-quote;2024;7,5\n"


@pytest.fixture
def sgb2():
    return IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote")


def _upload(client, text, **extra):
    data = {"file": csv_upload(text), **extra}
    return client.post(reverse("statistics:import_upload"), data)


def _kept(token):
    return PendingUpload.objects.filter(token=token).exists()


def test_preview_shows_row_errors_and_saves_nothing(client, planner, sgb2):
    client.force_login(planner)
    response = _upload(client, BAD)
    preview = client.get(response["Location"]).content.decode()
    assert "Zeile" in preview and "Das Gebiet „Atlantis“ ist unbekannt" in preview
    assert "Es wurde nichts gespeichert" in preview
    assert "Import bestätigen" not in preview
    response = client.post(response["Location"], {"on_conflict": "skip"})
    assert Value.objects.count() == 0 and ImportLog.objects.count() == 0


def test_confirm_imports_the_stored_upload_without_uploading_again(client, planner, sgb2):
    client.force_login(planner)
    preview_url = _upload(client, GOOD)["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    assert _kept(token)
    page = client.get(preview_url).content.decode()
    assert "Die Datei ist in Ordnung" in page and "2 neue Werte" in page
    assert Value.objects.count() == 0
    response = client.post(preview_url, {"on_conflict": "skip"})
    assert response.status_code == 302 and response["Location"] == sgb2.get_absolute_url()
    assert Value.objects.get(area__key="stadtteil-21").value == Decimal("24.1")
    log = ImportLog.objects.get()
    assert (log.imported_by, log.filename, log.created_count) == (planner, "werte.csv", 2)
    assert not _kept(token)  # the stored upload is gone once imported
    assert client.get(preview_url).status_code == 404


def test_planner_chooses_to_replace_conflicting_values(client, planner, sgb2):
    ValueFactory(indicator=sgb2, area=Area.objects.get(key="stadtteil-21"), year=2024, value=Decimal("20"))
    client.force_login(planner)
    preview_url = _upload(client, GOOD)["Location"]
    page = client.get(preview_url).content.decode()
    assert "Abweichungen von gespeicherten Werten" in page and "ersetzen" in page
    assert "<td class=\"num\">20</td><td class=\"num\">24,1</td>" in page
    client.post(preview_url, {"on_conflict": "replace"})
    assert Value.objects.get(area__key="stadtteil-21").value == Decimal("24.1")
    assert ImportLog.objects.get().replaced_count == 1


def test_upload_form_errors_are_german_and_tied_to_fields(client, planner, sgb2):
    client.force_login(planner)
    response = client.post(reverse("statistics:import_upload"), {"indicator": ""})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert 'id="id_file_error"' in html
    wrong = client.post(reverse("statistics:import_upload"), {"file": csv_upload("x", name="bild.png")})
    assert "Bitte laden Sie eine CSV- oder XLSX-Datei hoch." in wrong.content.decode()


def test_file_without_a_header_gets_a_message_and_is_not_kept(client, planner, sgb2):
    client.force_login(planner)
    response = _upload(client, "nur;irgendwas\n1;2\n")
    assert response.status_code == 422
    assert "Keine Kopfzeile gefunden" in response.content.decode()
    assert not PendingUpload.objects.exists()


def test_other_planners_cannot_open_someone_elses_preview(client, planner, department, sgb2):
    client.force_login(planner)
    preview_url = _upload(client, GOOD)["Location"]
    client.force_login(department)
    assert client.get(preview_url).status_code == 404


def test_discarding_removes_the_stored_upload(client, planner, sgb2):
    client.force_login(planner)
    preview_url = _upload(client, GOOD)["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    client.post(reverse("statistics:import_discard", args=[token]))
    assert not _kept(token) and Value.objects.count() == 0


def test_planner_edits_indicator_and_dark_figure_estimate(client, planner):
    indicator = IndicatorFactory(key="gs-alter", name="Grundsicherung im Alter", counts_benefit_recipients=True)
    client.force_login(planner)
    data = {"key": "gs-alter", "name": "Grundsicherung im Alter", "unit": "prozent", "decimals": 1,
            "position": 3, "is_published": "on", "higher_is_worse": "on", "counts_benefit_recipients": "on",
            "dunkelziffer-rate_low": "55", "dunkelziffer-rate_high": "50", "dunkelziffer-source": "DIW"}
    response = client.post(reverse("statistics:indicator_edit", args=["gs-alter"]), data)
    assert "Der obere Wert darf nicht kleiner als der untere sein." in response.content.decode()
    assert 'value="DIW"' in response.content.decode()  # input is kept
    data["dunkelziffer-rate_high"] = "65"
    client.post(reverse("statistics:indicator_edit", args=["gs-alter"]), data)
    indicator.refresh_from_db()
    assert (indicator.non_take_up.rate_low, indicator.non_take_up.rate_high) == (55, 65)


def test_abandoned_uploads_are_removed_after_a_day(client, planner, sgb2):
    import datetime

    from django.utils import timezone

    client.force_login(planner)
    old_url = _upload(client, GOOD)["Location"]
    old_token = old_url.rstrip("/").rsplit("/", 1)[1]
    PendingUpload.objects.filter(token=old_token).update(created_at=timezone.now() - datetime.timedelta(days=2))
    assert client.get(old_url).status_code == 404
    _upload(client, GOOD)
    assert not _kept(old_token)


def test_success_message_writes_counts_the_german_way(client, planner, sgb2):
    quarters = list(Area.objects.filter(kind=Area.Kind.QUARTER).order_by("number"))
    lines = ["Gebiet;Indikator;Jahr;Wert"]
    lines += [f"{quarters[n % 51].key};sgb2-quote;{1995 + n // 51};{n % 90},5" for n in range(1200)]
    client.force_login(planner)
    preview_url = _upload(client, "\n".join(lines) + "\n")["Location"]
    response = client.post(preview_url, {"on_conflict": "skip"}, follow=True)
    page = response.content.decode()
    assert ("Import abgeschlossen: 1.200 neue Werte, 0 ersetzt, 0 unverändert oder beibehalten, "
            "0 Zeilen übersprungen.") in page
    assert Value.objects.count() == 1200


def test_planner_creates_an_indicator_through_the_service(client, planner, monkeypatch):
    from district_statistics import services, views
    from district_statistics.models import Indicator

    calls = []

    def spy(**kwargs):
        calls.append(kwargs)
        return services.save_indicator(**kwargs)

    monkeypatch.setattr(views, "save_indicator", spy)
    client.force_login(planner)
    data = {"key": "kinderarmut", "name": "Kinderarmut", "unit": "prozent", "decimals": 1, "position": 1,
            "is_published": "on"}
    response = client.post(reverse("statistics:indicator_create"), data, follow=True)
    assert Indicator.objects.get(key="kinderarmut").name == "Kinderarmut"
    assert "Der Indikator „Kinderarmut“ wurde angelegt." in response.content.decode()
    # Cleaned values and the person acting, never the form itself.
    assert len(calls) == 1 and calls[0]["by"] == planner and calls[0]["key"] == "kinderarmut"


def test_save_indicator_creates_an_indicator_without_an_estimate(planner):
    from district_statistics.forms import IndicatorForm
    from district_statistics.models import Indicator, NonTakeUpEstimate
    from district_statistics.services import save_indicator

    form = IndicatorForm({"key": "alo", "name": "Arbeitslosenquote", "unit": "prozent", "decimals": 1,
                          "position": 2})
    assert form.is_valid(), form.errors
    indicator = save_indicator(by=planner, **form.cleaned_data)
    assert Indicator.objects.get(pk=indicator.pk).name == "Arbeitslosenquote"
    assert not NonTakeUpEstimate.objects.exists()


def test_preview_and_success_message_use_the_singular_for_one_value(client, planner, sgb2):
    ValueFactory(indicator=sgb2, area=Area.objects.get(key="stadtteil-21"), year=2024, value=Decimal("20"))
    client.force_login(planner)
    preview_url = _upload(client, GOOD)["Location"]
    page = client.get(preview_url).content.decode()
    assert "1 neuer Wert, 0 unverändert, 1 weicht von gespeicherten Werten ab." in page
    assert "1 weichen" not in page
    response = client.post(preview_url, {"on_conflict": "replace"}, follow=True)
    assert "Import abgeschlossen: 1 neuer Wert, 1 ersetzt, 0 unverändert oder beibehalten, 0 Zeilen übersprungen." in (
        response.content.decode())


def test_preview_uses_the_plural_for_several_values(client, planner, sgb2):
    for key in ("stadtteil-21", "stadtteil-10"):
        ValueFactory(indicator=sgb2, area=Area.objects.get(key=key), year=2024, value=Decimal("20"))
    client.force_login(planner)
    page = client.get(_upload(client, GOOD + "Mitte;sgb2-quote;2024;3\nZoo;sgb2-quote;2024;4\n")["Location"])
    assert "2 neue Werte, 0 unverändert, 2 weichen von gespeicherten Werten ab." in page.content.decode()


def test_corrected_file_from_the_preview_replaces_the_earlier_upload(client, planner, sgb2):
    client.force_login(planner)
    first = _upload(client, BAD)["Location"]
    token = first.rstrip("/").rsplit("/", 1)[1]
    assert f'name="ersetzt" value="{token}"' in client.get(first).content.decode()
    second = _upload(client, GOOD, ersetzt=token)["Location"]
    assert not _kept(token) and client.get(first).status_code == 404
    assert PendingUpload.objects.get().token == second.rstrip("/").rsplit("/", 1)[1]


def test_waiting_uploads_are_listed_and_their_number_is_limited(client, planner, sgb2):
    client.force_login(planner)
    for _number in range(5):
        assert _upload(client, GOOD).status_code == 302
    page = client.get(reverse("statistics:import_upload")).content.decode()
    assert "Ihre Dateien, die auf Bestätigung warten" in page and page.count("werte.csv</a>") == 5
    refused = _upload(client, GOOD)
    assert refused.status_code == 422
    assert ("Sie haben bereits 5 hochgeladene Dateien, die auf Ihre Bestätigung warten; bitte bestätigen oder "
            "verwerfen Sie zuerst eine davon.") in refused.content.decode()
    assert PendingUpload.objects.count() == 5
