import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import PendingUpload
from tests.workshops.factories import OutcomeFactory, WorkshopFactory
from workshops import services
from workshops.models import Outcome

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def planner_client(client, planner):
    client.force_login(planner)
    return client


def add_url(workshop):
    return reverse("workshops:outcome_add", args=[workshop.pk])


# --- Board: add, edit, delete -------------------------------------------------------------

def test_planner_adds_outcome_without_javascript(planner_client, workshop, planner, housing, sahlkamp):
    response = planner_client.post(add_url(workshop), {
        "neu-erfolgreich-kind": "erfolgreich", "neu-erfolgreich-title": "Familienzentrum Sahlkamp",
        "neu-erfolgreich-description": "Gute Beratung", "neu-erfolgreich-existing_offer": "Familienzentrum",
        "neu-erfolgreich-field_of_action": housing.pk, "neu-erfolgreich-areas": [sahlkamp.pk],
        "neu-erfolgreich-weight": "4",
    })
    outcome = Outcome.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{workshop.get_absolute_url()}#ergebnis-{outcome.pk}"
    assert outcome.kind == Outcome.Kind.WORKS
    assert outcome.created_by == planner
    assert list(outcome.areas.all()) == [sahlkamp]
    board = planner_client.get(response["Location"]).content.decode()
    assert "Das Ergebnis „Familienzentrum Sahlkamp“ wurde hinzugefügt." in board


def test_planner_adds_outcome_with_htmx_and_gets_form_and_card_back(planner_client, workshop, planner):
    OutcomeFactory(workshop=workshop, kind="dringend", title="Schon da")
    response = planner_client.post(add_url(workshop), {
        "neu-dringend-kind": "dringend", "neu-dringend-title": "Stromsperren", "neu-dringend-weight": "0",
    }, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    # Only the add form is replaced; the new card is appended and the count updated out of band,
    # so an edit open elsewhere in the column keeps its typed text.
    assert 'id="spalte-dringend"' not in page
    assert page.strip().startswith('<div class="ws-add" id="neu-dringend">')
    assert 'hx-swap-oob="beforeend:#spalte-dringend-liste"' in page
    assert 'id="spalte-dringend-anzahl" hx-swap-oob="true">(2)</span>' in page
    assert "Stromsperren" in page and "Schon da" not in page
    assert page.count('id="ws-ansage"') == 1
    assert "Das Ergebnis „Stromsperren“ wurde hinzugefügt." in page
    # A fresh, empty form waits for the next result, with the cursor in its title field.
    assert 'name="neu-dringend-title"' in page and "autofocus" in page
    assert Outcome.objects.get(title="Stromsperren").kind == Outcome.Kind.URGENT


def test_validation_error_keeps_everything_typed_and_explains_in_german(planner_client, workshop, sahlkamp):
    data = {
        "neu-verbesserung-kind": "verbesserung", "neu-verbesserung-title": "",
        "neu-verbesserung-description": "Lange Wartezeiten beim Wohngeld",
        "neu-verbesserung-existing_offer": "Familienzentrum", "neu-verbesserung-citywide": "on",
        "neu-verbesserung-areas": [sahlkamp.pk], "neu-verbesserung-weight": "-3",
    }
    for extra in ({}, HTMX):
        response = planner_client.post(add_url(workshop), data, **extra)
        page = response.content.decode()
        assert response.status_code == (200 if extra else 422)
        assert "Bitte geben Sie einen Titel ein." in page
        assert "Lange Wartezeiten beim Wohngeld" in page
        assert "Ein bestehendes Angebot gehört nur zu „bereits erfolgreich umgesetzt“" in page
        assert "nicht beides" in page
        assert "Die Gewichtung kann nicht negativ sein." in page
        assert 'aria-invalid="true"' in page
        assert 'id="id_neu-verbesserung-title_error"' in page
    assert Outcome.objects.count() == 0


def test_planner_edits_outcome_in_place_with_htmx(planner_client, workshop, planner):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Alt")
    url = reverse("workshops:outcome_edit", args=[outcome.pk])
    form = planner_client.get(url, **HTMX).content.decode()
    assert f'id="ergebnis-{outcome.pk}"' in form and 'value="Alt"' in form and "<html" not in form

    response = planner_client.post(url, {
        f"ergebnis-{outcome.pk}-kind": "dringend", f"ergebnis-{outcome.pk}-title": "Neu formuliert",
        f"ergebnis-{outcome.pk}-weight": "2", f"ergebnis-{outcome.pk}-based_on": services.version_token(outcome),
    }, **HTMX)
    assert response.status_code == 200
    assert "Neu formuliert" in response.content.decode()
    assert "Gespeichert." in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.title == "Neu formuliert"


def test_changing_the_kind_with_htmx_reloads_the_board(planner_client, workshop, planner):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Wandert")
    response = planner_client.post(reverse("workshops:outcome_edit", args=[outcome.pk]), {
        f"ergebnis-{outcome.pk}-kind": "verbesserung", f"ergebnis-{outcome.pk}-title": "Wandert",
        f"ergebnis-{outcome.pk}-weight": "0", f"ergebnis-{outcome.pk}-based_on": services.version_token(outcome),
    }, **HTMX)
    assert response["HX-Redirect"].startswith(workshop.get_absolute_url())
    assert response["HX-Refresh"] == "true"
    outcome.refresh_from_db()
    assert outcome.kind == Outcome.Kind.IMPROVE


def test_edit_without_javascript_shows_errors_and_keeps_input(planner_client, workshop, planner):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Alt")
    url = reverse("workshops:outcome_edit", args=[outcome.pk])
    page = planner_client.get(url).content.decode()
    assert "<h1>Ergebnis bearbeiten</h1>" in page
    response = planner_client.post(url, {
        f"ergebnis-{outcome.pk}-kind": "dringend", f"ergebnis-{outcome.pk}-title": "",
        f"ergebnis-{outcome.pk}-description": "Mein neuer Text", f"ergebnis-{outcome.pk}-weight": "x",
    })
    page = response.content.decode()
    assert response.status_code == 422
    assert "Bitte geben Sie einen Titel ein." in page
    assert "Bitte geben Sie eine ganze Zahl ein." in page
    assert "Mein neuer Text" in page
    outcome.refresh_from_db()
    assert outcome.title == "Alt"


def test_delete_asks_first_then_removes(planner_client, workshop, planner):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Weg damit")
    url = reverse("workshops:outcome_delete", args=[outcome.pk])
    confirm = planner_client.get(url).content.decode()
    assert "Soll das Ergebnis „Weg damit“ wirklich gelöscht werden?" in confirm
    assert Outcome.objects.filter(pk=outcome.pk).exists()
    response = planner_client.post(url)
    assert response.status_code == 302
    assert not Outcome.objects.filter(pk=outcome.pk).exists()
    assert "Das Ergebnis „Weg damit“ wurde gelöscht." in planner_client.get(response["Location"]).content.decode()


def test_delete_with_htmx_confirms_inside_the_card(planner_client, workshop, planner):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Weg damit")
    url = reverse("workshops:outcome_delete", args=[outcome.pk])
    confirm = planner_client.get(url, **HTMX).content.decode()
    assert "wirklich gelöscht" in confirm and "<html" not in confirm and "hx-post" in confirm
    done = planner_client.post(url, **HTMX).content.decode()
    assert "wurde gelöscht" in done
    assert 'id="spalte-dringend-anzahl" hx-swap-oob="true">(0)</span>' in done
    assert not Outcome.objects.exists()


def test_card_view_returns_to_the_board_without_htmx(planner_client, workshop, planner):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Karte")
    url = reverse("workshops:outcome_card", args=[outcome.pk])
    assert planner_client.get(url)["Location"].endswith(f"#ergebnis-{outcome.pk}")
    assert "Karte" in planner_client.get(url, **HTMX).content.decode()


# --- Event page and workshops -------------------------------------------------------------

def test_event_page_counts_outcomes_per_kind(client, event, workshop):
    OutcomeFactory.create_batch(2, workshop=workshop, kind=Outcome.Kind.WORKS)
    OutcomeFactory(workshop=workshop, kind=Outcome.Kind.URGENT)
    other = WorkshopFactory(event=event, number=2, title="Bildung")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Wohnen und Quartier" in page and "Bildung" in page
    assert '<td class="num">2</td>\n      <td class="num">0</td>\n      <td class="num">1</td>' in page
    assert other.get_absolute_url() in page
    assert "18.03.2026" in page


def test_planner_creates_workshop_and_duplicate_number_is_refused(planner_client, event, workshop):
    url = reverse("workshops:workshop_create", args=[event.slug])
    assert 'value="2"' in planner_client.get(url).content.decode()
    response = planner_client.post(url, {"number": "1", "title": "Doppelt"})
    assert response.status_code == 422
    assert "Diese Veranstaltung hat schon einen Workshop 1." in response.content.decode()
    response = planner_client.post(url, {"number": "2", "title": "Gesundheit", "participant_count": "20"})
    assert response.status_code == 302
    assert event.workshops.get(number=2).participant_count == 20


# --- List, filters, export ----------------------------------------------------------------

def titles(response):
    return {row.split("</a>")[0].rsplit(">", 1)[-1] for row in response.content.decode().split('<th scope="row">')[1:]}


def test_filters_combine(client, catalogue, housing, single_parents, linden_limmer):
    url = reverse("workshops:outcome_list")
    assert titles(client.get(url)) == {"Energieschulden", "Zwangsräumungen", "Stadtteiltreff", "Kinderarmut"}
    assert titles(client.get(url, {"kind": "dringend"})) == {"Energieschulden", "Zwangsräumungen", "Kinderarmut"}
    assert titles(client.get(url, {"kind": "dringend", "field_of_action": housing.pk})) == {
        "Energieschulden", "Zwangsräumungen"}
    assert titles(client.get(url, {"kind": "dringend", "field_of_action": housing.pk,
                                   "target_group": single_parents.pk})) == {"Energieschulden"}
    assert titles(client.get(url, {"workshop": catalogue["second"].pk})) == {"Kinderarmut"}
    assert titles(client.get(url, {"place": "stadt"})) == {"Kinderarmut"}
    assert titles(client.get(url, {"place": "stadtteil-21"})) == {"Zwangsräumungen", "Stadtteiltreff"}
    # A Stadtbezirk also finds its Stadtteile (Linden-Süd lies in Linden-Limmer).
    assert titles(client.get(url, {"place": linden_limmer.key})) == {"Energieschulden"}
    assert titles(client.get(url, {"q": "schulmaterial"})) == {"Kinderarmut"}
    assert titles(client.get(url, {"q": "energie", "kind": "erfolgreich"})) == set()


def test_invalid_filter_value_is_explained_in_german(client, catalogue):
    page = client.get(reverse("workshops:outcome_list"), {"kind": "quatsch"}).content.decode()
    assert "Bitte prüfen Sie die Filter." in page
    assert "quatsch ist keine gültige Auswahl." in page


def test_export_contains_exactly_the_filtered_rows(client, catalogue, housing):
    params = {"kind": "dringend", "field_of_action": housing.pk}
    response = client.get(reverse("workshops:outcome_export_csv"), params)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, *data = rows
    assert header[:5] == ["Nr.", "Veranstaltung", "Workshop", "Art", "Titel"]
    assert sorted(row[4] for row in data) == ["Energieschulden", "Zwangsräumungen"]
    assert {row[3] for row in data} == {"dringendes Problem"}
    energy = next(row for row in data if row[4] == "Energieschulden")
    assert energy[header.index("Zielgruppen")] == "Alleinerziehende"
    assert energy[header.index("Stadtteile/Bezirke")] == "Linden-Süd"
    assert energy[header.index("erfasst am")].count(".") == 2  # German date, e.g. 25.11.2026

    response = client.get(reverse("workshops:outcome_export_xlsx"), params)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert sorted(row[4] for row in values[1:]) == ["Energieschulden", "Zwangsräumungen"]


def test_export_dates_are_dates_in_excel_and_german_text_in_csv(client, catalogue):
    outcome = Outcome.objects.get(title="Energieschulden")
    moment = timezone.make_aware(datetime.datetime(2026, 3, 18, 23, 30), datetime.UTC)  # 19.03. 00:30 in Hannover
    Outcome.objects.filter(pk=outcome.pk).update(created_at=moment, updated_at=moment)
    params = {"q": "Energieschulden"}

    rows = list(csv.reader(io.StringIO(
        client.get(reverse("workshops:outcome_export_csv"), params).content.decode("utf-8-sig")), delimiter=";"))
    header, row = rows
    assert row[header.index("erfasst am")] == "19.03.2026"
    assert row[header.index("zuletzt geändert")] == "19.03.2026 00:30"

    sheet = load_workbook(io.BytesIO(client.get(reverse("workshops:outcome_export_xlsx"), params).content)).active
    header_cells, row_cells = list(sheet.iter_rows())
    titles = [cell.value for cell in header_cells]
    created = row_cells[titles.index("erfasst am")]
    changed = row_cells[titles.index("zuletzt geändert")]
    assert created.is_date and created.value.date() == datetime.date(2026, 3, 19)
    assert created.number_format == "DD.MM.YYYY"
    assert changed.is_date and changed.value == datetime.datetime(2026, 3, 19, 0, 30)
    assert changed.number_format == "DD.MM.YYYY HH:MM"


def test_outcome_history_is_readable(planner_client, workshop, planner, department):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Alt", weight=1234)
    services.outcome_update(outcome=outcome, by=department, based_on=services.version_token(outcome),
                            title="Neu", citywide=True)
    page = planner_client.get(outcome.get_absolute_url()).content.decode()
    assert "Änderungsverlauf" in page
    assert "geändert von Dieter Dezernat" in page
    assert "angelegt von Petra Planung" in page
    assert "<del>Alt</del>" in page and "<ins>Neu</ins>" in page
    assert "<del>nein</del>" in page and "<ins>ja</ins>" in page
    assert "1.234 Punkte" in page


def test_public_sees_no_history_names(client, workshop, planner):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Öffentlich")
    page = client.get(outcome.get_absolute_url()).content.decode()
    assert "Änderungsverlauf" not in page
    assert "Petra Planung" not in page


# --- Import pages -------------------------------------------------------------------------

def upload(name, text):
    file = io.BytesIO(text.encode("utf-8"))
    file.name = name
    return file


GOOD = "Art;Titel;Zielgruppen;Stadtteile/Bezirke\nerfolgreich;Stadtteiltreff;Alleinerziehende;Sahlkamp\n" \
       "dringend;Energieschulden;;gesamtstädtisch\n"


def test_import_preview_then_confirm_without_uploading_twice(planner_client, workshop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("workshops:outcome_import", args=[workshop.pk])
    page = planner_client.get(url).content.decode()
    assert "Aufbau der Datei" in page and "Beispieldatei herunterladen" in page
    response = planner_client.post(url, {"file": upload("ergebnisse.csv", GOOD)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Alle 2 Zeilen sind in Ordnung." in page
    assert Outcome.objects.count() == 0
    assert PendingUpload.objects.count() == 1
    # Coming back shows the same preview; the file is kept until confirmed.
    assert "Alle 2 Zeilen sind in Ordnung." in planner_client.get(url).content.decode()
    response = planner_client.post(url, {"bestaetigen": "1"})
    assert response.status_code == 302
    assert set(Outcome.objects.values_list("title", flat=True)) == {"Stadtteiltreff", "Energieschulden"}
    assert not PendingUpload.objects.exists()
    assert "2 Ergebnisse wurden importiert." in planner_client.get(response["Location"]).content.decode()


def test_coming_back_shows_the_pending_upload_with_its_name_and_time(planner_client, workshop, settings,
                                                                   tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("workshops:outcome_import", args=[workshop.pk])
    planner_client.post(url, {"file": upload("abschrift-workshop-1.csv", GOOD)})
    # As if the upload had happened two hours ago; the page shows Hannover's wall-clock time.
    uploaded = (timezone.now() - datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    PendingUpload.objects.update(created_at=uploaded)
    page = planner_client.get(url).content.decode()
    section = page.split('aria-labelledby="vorschau-titel"')[1].split("</section>")[0]
    assert "ws-preview--pending" in page.split('aria-labelledby="vorschau-titel"')[0].rsplit("<section", 1)[1]
    assert "Vorschau von „abschrift-workshop-1.csv“ – noch nicht gespeichert" in section
    local = timezone.localtime(uploaded)
    assert f"Hochgeladen am {local:%d.%m.%Y} um {local:%H:%M} Uhr." in section
    # Saving and discarding sit side by side in one form, and the save button names the file.
    actions = section.split('class="form-actions ws-preview__actions"')[1].split("</form>")[0]
    assert "2 Ergebnisse aus „abschrift-workshop-1.csv“ speichern</button>" in actions
    assert 'name="verwerfen"' in actions and ">Verwerfen</button>" in actions
    assert "Eine neue Datei ersetzt die Vorschau oben" in page
    assert Outcome.objects.count() == 0


def test_import_with_bad_rows_shows_them_and_cannot_be_confirmed(planner_client, workshop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("workshops:outcome_import", args=[workshop.pk])
    response = planner_client.post(url, {"file": upload("ergebnisse.csv", GOOD + "Idee;X;;Atlantis\n")})
    page = response.content.decode()
    assert response.status_code == 422
    assert "1 von 3 Zeilen haben Fehler. Es wurde nichts gespeichert." in page
    assert "„Idee“ ist keine bekannte Art" in page
    assert "Unbekannter Stadtteil oder Stadtbezirk: „Atlantis“." in page
    assert "bestaetigen" not in page
    assert not PendingUpload.objects.exists()  # a file that cannot be saved is not kept
    response = planner_client.post(url, {"bestaetigen": "1"})
    assert response.status_code == 302
    assert "nicht mehr vorhanden" in planner_client.get(response["Location"]).content.decode()
    assert Outcome.objects.count() == 0


def test_import_refuses_unreadable_files_in_german(planner_client, workshop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("workshops:outcome_import", args=[workshop.pk])
    page = planner_client.post(url, {"file": upload("alt.xls", "x")}).content.decode()
    assert "Das alte Excel-Format .xls wird nicht unterstützt." in page
    page = planner_client.post(url, {}).content.decode()
    assert "Bitte wählen Sie eine Datei aus." in page


def test_import_can_be_discarded(planner_client, workshop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("workshops:outcome_import", args=[workshop.pk])
    planner_client.post(url, {"file": upload("ergebnisse.csv", GOOD)})
    response = planner_client.post(url, {"verwerfen": "1"})
    assert response.status_code == 302
    assert not PendingUpload.objects.exists()
    assert 'id="vorschau-titel"' not in planner_client.get(url).content.decode()
    assert Outcome.objects.count() == 0


def test_example_file_imports_cleanly(planner_client, workshop, planner):
    response = planner_client.get(reverse("workshops:import_template"))
    assert response["Content-Disposition"].startswith('attachment; filename="vorlage-workshop-ergebnisse')
    from hannover_teilhabe.tabular import read_table

    rows = read_table(upload("vorlage.csv", response.content.decode("utf-8-sig")))
    created = services.outcome_import(workshop=workshop, rows=rows, by=planner)
    assert len(created) == 3


def test_large_ids_are_not_formatted_as_numbers_in_the_board(planner_client, workshop):
    OutcomeFactory(id=12345, workshop=workshop, title="Große Nummer", weight=1500)
    page = planner_client.get(workshop.get_absolute_url()).content.decode()
    assert 'id="ergebnis-12345"' in page
    assert 'hx-target="#ergebnis-12345"' in page
    assert "1.500 Punkte" in page


def test_forms_offer_german_empty_choices(planner_client, workshop):
    outcome = OutcomeFactory(workshop=workshop)
    pages = [
        planner_client.get(workshop.get_absolute_url()),
        planner_client.get(reverse("workshops:outcome_edit", args=[outcome.pk])),
        planner_client.get(reverse("workshops:event_edit", args=[workshop.event.slug])),
        planner_client.get(reverse("workshops:workshop_edit", args=[workshop.pk])),
    ]
    for response in pages:
        page = response.content.decode()
        assert response.status_code == 200
        assert "---------" not in page
    assert '<option value="" selected>– kein Handlungsfeld –</option>' in pages[0].content.decode()


def test_empty_weight_counts_as_no_dots(planner_client, workshop):
    response = planner_client.post(add_url(workshop), {
        "neu-dringend-kind": "dringend", "neu-dringend-title": "Ohne Punkte", "neu-dringend-weight": "",
    })
    assert response.status_code == 302
    assert Outcome.objects.get().weight == 0


def test_implausible_weight_is_refused_in_german_and_input_kept(planner_client, workshop):
    response = planner_client.post(add_url(workshop), {
        "neu-dringend-kind": "dringend", "neu-dringend-title": "Tippfehler", "neu-dringend-weight": "99999999999999",
    })
    page = response.content.decode()
    assert response.status_code == 422
    assert "Die Gewichtung darf höchstens 10.000 sein." in page
    assert 'value="Tippfehler"' in page
    assert not Outcome.objects.exists()
    response = planner_client.post(add_url(workshop), {
        "neu-dringend-kind": "dringend", "neu-dringend-title": "Viele Punkte", "neu-dringend-weight": "10000",
    })
    assert response.status_code == 302
    assert Outcome.objects.get().weight == 10000


def version_in(html, outcome):
    return html.split(f'name="ergebnis-{outcome.pk}-based_on" value="')[1].split('"')[0]


def test_a_colleagues_save_in_between_is_not_overwritten_and_typed_text_stays(planner_client, workshop, planner,
                                                                               department):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Erste Fassung")
    url = reverse("workshops:outcome_edit", args=[outcome.pk])
    form_html = planner_client.get(url, **HTMX).content.decode()
    opened = version_in(form_html, outcome)
    services.outcome_update(outcome=Outcome.objects.get(pk=outcome.pk), by=department,
                            based_on=services.version_token(outcome), title="Fassung Dezernat")

    data = {f"ergebnis-{outcome.pk}-kind": "dringend", f"ergebnis-{outcome.pk}-title": "Fassung Planung",
            f"ergebnis-{outcome.pk}-description": "Mein langer Text", f"ergebnis-{outcome.pk}-weight": "0",
            f"ergebnis-{outcome.pk}-based_on": opened}
    page = planner_client.post(url, data, **HTMX).content.decode()
    assert "Dieter Dezernat hat dieses Ergebnis gespeichert" in page
    assert 'value="Fassung Planung"' in page and "Mein langer Text" in page
    assert Outcome.objects.get(pk=outcome.pk).title == "Fassung Dezernat"

    # Saving again after seeing the notice replaces the colleague's version knowingly.
    data[f"ergebnis-{outcome.pk}-based_on"] = version_in(page, outcome)
    planner_client.post(url, data, **HTMX)
    assert Outcome.objects.get(pk=outcome.pk).title == "Fassung Planung"


def test_an_edit_that_does_not_say_its_version_is_refused_without_blaming_anyone(planner_client, workshop, planner,
                                                                                department):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Erste Fassung")
    services.outcome_update(outcome=Outcome.objects.get(pk=outcome.pk), by=department,
                            based_on=services.version_token(outcome), title="Fassung Dezernat")
    url = reverse("workshops:outcome_edit", args=[outcome.pk])
    data = {f"ergebnis-{outcome.pk}-kind": "dringend", f"ergebnis-{outcome.pk}-title": "Fassung ohne Stand",
            f"ergebnis-{outcome.pk}-weight": "0"}

    response = planner_client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 422
    assert "Es ließ sich nicht feststellen, welchen Stand" in page
    # Nobody is known to have saved in between, so nobody is named.
    assert "Dieter Dezernat hat dieses Ergebnis gespeichert" not in page
    assert 'value="Fassung ohne Stand"' in page
    assert Outcome.objects.get(pk=outcome.pk).title == "Fassung Dezernat"
    # The form now carries the current version: sending it again saves knowingly.
    data[f"ergebnis-{outcome.pk}-based_on"] = version_in(page, outcome)
    assert planner_client.post(url, data).status_code == 302
    assert Outcome.objects.get(pk=outcome.pk).title == "Fassung ohne Stand"


def test_planner_creates_an_event_with_a_german_date_and_publishes_it_later(planner_client):
    url = reverse("workshops:event_create")
    response = planner_client.post(url, {"title": "Fachtag Wohnen", "date": "2026-13-45"})
    assert response.status_code == 422
    assert "Bitte geben Sie das Datum als TT.MM.JJJJ ein, z. B. 18.03.2026." in response.content.decode()
    assert 'value="Fachtag Wohnen"' in response.content.decode()

    response = planner_client.post(url, {"title": "Fachtag Wohnen", "date": "05.10.2026", "place": "Hannover"})
    from workshops.models import Event

    event = Event.objects.get(title="Fachtag Wohnen")
    assert response["Location"] == event.get_absolute_url()
    assert event.slug == "fachtag-wohnen-2026"
    assert str(event.date) == "2026-10-05"
    assert not event.is_public
    assert Client().get(event.get_absolute_url()).status_code == 404

    edit = reverse("workshops:event_edit", args=[event.slug])
    assert 'value="05.10.2026"' in planner_client.get(edit).content.decode()
    planner_client.post(edit, {"title": "Fachtag Wohnen", "date": "05.10.2026", "is_public": "on"})
    event.refresh_from_db()
    assert event.is_public
    assert event.slug == "fachtag-wohnen-2026"
    assert Client().get(event.get_absolute_url()).status_code == 200

    # A second event with the same title and year gets its own address.
    planner_client.post(url, {"title": "Fachtag Wohnen", "date": "06.11.2026"})
    assert Event.objects.filter(slug="fachtag-wohnen-2026-2").exists()


@pytest.mark.parametrize("typed", ["31.02.2026", "29.02.2027", "31.04.2026", "00.03.2026", "18.13.2026"])
def test_event_date_that_does_not_exist_is_named_as_such(planner_client, typed):
    response = planner_client.post(reverse("workshops:event_create"), {"title": "Fachtag Wohnen", "date": typed})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Dieses Datum gibt es nicht." in page
    assert "Bitte das Datum als TT.MM.JJJJ" not in page
    assert f'value="{typed}"' in page


def test_history_names_planners_without_their_email_address(planner_client, workshop):
    from tests.factories import PlannerFactory

    nameless = PlannerFactory(display_name="", first_name="", last_name="", email="p.muster@hannover-stadt.de")
    outcome = services.outcome_create(workshop=workshop, by=nameless, kind="dringend", title="Ohne Namen")
    page = planner_client.get(outcome.get_absolute_url()).content.decode()
    assert "angelegt von Planung" in page
    assert "p.muster" not in page


def test_pagination_links_stay_unformatted_beyond_page_999(client, workshop, monkeypatch):
    from workshops import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    Outcome.objects.bulk_create(Outcome(workshop=workshop, kind="dringend", title=f"Nr. {n:04d}") for n in range(1002))
    page = client.get(reverse("workshops:outcome_list"), {"seite": "1000"}).content.decode()
    assert "seite=1001" in page and "seite=999" in page
    assert "seite=1.001" not in page
    assert "Seite 1.000 von 1.002" in page
