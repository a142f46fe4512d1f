"""The API shows each person exactly what the pages show them: drafts, internal events, hidden
comment texts, suppressed values and unpublished indicators never reach the public."""

import pytest
from django.urls import reverse

from tests.opendata.conftest import ANSWER_TO_HIDDEN, SECRETS, results

LISTS = ["measure-list", "outcome-list", "event-list", "indicator-list", "value-list", "area-list",
         "comment-list", "report-list"]
DOWNLOADS = [("massnahmen", "csv"), ("massnahmen", "json"), ("ergebnisse", "csv"), ("ergebnisse", "json"),
             ("veranstaltungen", "csv"), ("veranstaltungen", "json"), ("kommentare", "csv"),
             ("kommentare", "json"), ("indikatoren", "csv"), ("indikatoren", "json"), ("werte", "csv"),
             ("werte", "json")]


def _everything(client):
    bodies = {name: client.get(reverse(f"opendata:{name}")) for name in LISTS}
    bodies.update({f"{d}.{f}": client.get(reverse("opendata:download", args=[d, f])) for d, f in DOWNLOADS})
    bodies["katalog"] = client.get(reverse("opendata:catalogue"))
    bodies["dokumentation"] = client.get(reverse("opendata:documentation"))
    return bodies


def test_nothing_the_public_may_not_see_appears_anywhere_in_the_api_the_downloads_or_the_catalogue(client, world):
    for name, response in _everything(client).items():
        assert response.status_code == 200, name
        body = response.content.decode("utf-8-sig")
        for what, secret in SECRETS.items():
            assert secret not in body, f"{what} in {name}"


def test_a_planner_finds_drafts_internal_results_and_hidden_texts_as_on_the_pages(client, world, planner):
    client.force_login(planner)
    body = "".join(r.content.decode("utf-8-sig") for r in _everything(client).values())
    for secret in SECRETS.values():
        assert secret in body


@pytest.mark.parametrize("who", ["anonymous", "planner"])
def test_measures_are_those_of_the_measure_list_page(client, world, planner, who):
    if who == "planner":
        client.force_login(planner)
    page = client.get(reverse("actionplan:index"))
    expected = [measure.reference for measure in page.context["page_obj"]]
    api = [item["nummer"] for item in results(client.get(reverse("opendata:measure-list")))]
    assert api == expected
    assert (world["draft"].reference in api) is (who == "planner")


def test_a_draft_measure_is_not_found_by_its_number_unless_one_plans(client, world, planner):
    url = reverse("opendata:measure-detail", args=[world["draft"].reference])
    assert client.get(url).status_code == 404
    client.force_login(planner)
    assert client.get(url).json()["titel"] == SECRETS["draft measure"]


def test_a_measure_carries_its_status_history_milestones_progress_areas_and_public_outcomes(client, world):
    measure = world["public"]
    measure.milestones.create(date="2026-12-01", title="Ausschreibung", done=False)
    data = client.get(reverse("opendata:measure-detail", args=[measure.reference])).json()
    assert data["nummer"] == measure.reference
    assert data["status"] == "umsetzung"
    assert [change["status"] for change in data["statusverlauf"]] == ["umsetzung"]
    assert data["meilensteine"] == [{"datum": "2026-12-01", "titel": "Ausschreibung", "erreicht": False}]
    assert data["fortschritt"] == 0
    assert data["gebiete"] == ["stadtteil-" + str(world["public"].areas.get().number)]
    # Linked results of an internal event stay as hidden as the event.
    assert data["ergebnisse"] == [world["open_outcome"].pk]
    assert data["seite"].endswith(measure.get_absolute_url())


@pytest.mark.parametrize("who", ["anonymous", "member", "planner"])
def test_events_and_outcomes_follow_the_workshop_pages(client, world, planner, member, who):
    user = {"anonymous": None, "member": member, "planner": planner}[who]
    if user:
        client.force_login(user)
    sees_internal = who != "anonymous"
    events = [item["kennung"] for item in results(client.get(reverse("opendata:event-list")))]
    assert (world["internal_event"].slug in events) is sees_internal
    assert world["public_event"].slug in events
    page = client.get(reverse("workshops:outcome_list"))
    expected = [outcome.pk for outcome in page.context["page"]]
    outcomes = [item["kennung"] for item in results(client.get(reverse("opendata:outcome-list")))]
    assert outcomes == expected
    assert (world["internal_outcome"].pk in outcomes) is sees_internal
    internal_detail = client.get(reverse("opendata:event-detail", args=[world["internal_event"].slug]))
    assert internal_detail.status_code == (200 if sees_internal else 404)


def test_an_outcome_names_the_visible_measures_that_take_it_up(client, world):
    data = client.get(reverse("opendata:outcome-detail", args=[world["open_outcome"].pk])).json()
    assert data["massnahmen"] == [world["public"].reference]
    assert data["veranstaltung"] == world["public_event"].slug


def test_a_hidden_comment_keeps_its_place_reason_and_answer_but_not_its_text_as_on_the_measure_page(
        client, world):
    page = client.get(world["public"].get_absolute_url()).content.decode()
    comments = {item["kennung"]: item for item in results(client.get(reverse("opendata:comment-list")))}
    hidden = comments[world["hidden_comment"].pk]
    assert hidden["text"] is None
    assert hidden["ausgeblendet_am"] is not None
    # The page shows the reason and the administration's answer to everybody: the record stays whole.
    assert hidden["ausblendungsgrund"] == "Beleidigung" and "Grund: Beleidigung" in page
    assert hidden["stellungnahme"]["begruendung"] == ANSWER_TO_HIDDEN
    assert ANSWER_TO_HIDDEN in page
    visible = comments[world["visible_comment"].pk]
    assert visible["text"] == "Wir unterstützen das Sozialticket."
    assert visible["ausblendungsgrund"] is None
    assert visible["stellungnahme"]["abwaegung"] == "uebernommen"
    assert visible["stellungnahme"]["begruendung"] == "Wird so umgesetzt."
    assert visible["verfasst_von"] == "Mona Mitglied"
    # Comments on a draft measure are as invisible as the draft.
    assert {item["massnahme"] for item in comments.values()} == {world["public"].reference}


def test_a_comment_of_a_deleted_account_names_a_former_member_as_the_page_does(client, world):
    comment = world["visible_comment"]
    comment.author = None
    comment.save()
    page = client.get(world["public"].get_absolute_url()).content.decode()
    data = client.get(reverse("opendata:comment-detail", args=[comment.pk])).json()
    assert data["verfasst_von"] == f"ehemaliges Mitglied von {comment.organisation.name}"
    assert data["verfasst_von"] in page


def test_moderators_read_a_hidden_comment_as_on_the_measure_page(client, world, planner):
    client.force_login(planner)
    url = reverse("opendata:comment-detail", args=[world["hidden_comment"].pk])
    data = client.get(url).json()
    assert data["text"] == SECRETS["hidden comment"]
    assert data["stellungnahme"]["begruendung"] == ANSWER_TO_HIDDEN


def test_comments_can_be_narrowed_to_one_measure(client, world):
    other = client.get(reverse("opendata:comment-list"), {"massnahme": world["adopted"].reference})
    assert results(other) == []
    own = results(client.get(reverse("opendata:comment-list"), {"massnahme": world["public"].reference}))
    assert len(own) == 2


def test_a_value_below_the_minimum_case_count_is_suppressed_as_on_the_map(client, world):
    values = results(client.get(reverse("opendata:value-list")))
    by_area = {(item["indikator"], item["gebiet"], item["jahr"]): item for item in values}
    suppressed = by_area[("sgb2-quote", world["suppressed_value"].area.key, 2024)]
    assert suppressed == {**suppressed, "wert": None, "zaehler": None, "nenner": None, "unterdrueckt": True,
                          "text": "< 5 Fälle"}
    shown = by_area[("sgb2-quote", world["shown_value"].area.key, 2024)]
    assert shown["wert"] == 21.4
    assert shown["zaehler"] == 1200
    assert shown["unterdrueckt"] is False
    assert "mietbelastung" not in {item["indikator"] for item in values}


def test_suppression_holds_for_planners_too_because_the_pages_suppress_for_everyone(client, world, planner):
    client.force_login(planner)
    values = results(client.get(reverse("opendata:value-list"), {"indikator": world["indicator"].pk}))
    suppressed = next(v for v in values if v["gebiet"] == world["suppressed_value"].area.key)
    assert suppressed["wert"] is None


@pytest.mark.parametrize("who", ["anonymous", "planner"])
def test_indicators_are_the_published_ones_unless_one_plans(client, world, planner, who):
    if who == "planner":
        client.force_login(planner)
    keys = [item["schluessel"] for item in results(client.get(reverse("opendata:indicator-list")))]
    assert "sgb2-quote" in keys
    assert ("mietbelastung" in keys) is (who == "planner")
    detail = client.get(reverse("opendata:indicator-detail", args=["mietbelastung"]))
    assert detail.status_code == (200 if who == "planner" else 404)


def test_an_indicator_names_its_definition_source_and_licence(client, world):
    data = client.get(reverse("opendata:indicator-detail", args=["sgb2-quote"])).json()
    assert data["definition"] == "Anteil der Menschen in Bedarfsgemeinschaften nach SGB II"
    assert data["quelle"]["herausgeber"] == "Landeshauptstadt Hannover, Statistikstelle"
    assert data["quelle"]["lizenz"] == "Datenlizenz Deutschland – Namensnennung 2.0"
    assert data["mindestfallzahl"] == 5
    assert (data["jahr_von"], data["jahr_bis"]) == (2023, 2024)


@pytest.mark.parametrize("who", ["anonymous", "planner"])
def test_reports_are_the_ones_the_reports_page_lets_one_download(client, world, planner, who):
    if who == "planner":
        client.force_login(planner)
    reports = results(client.get(reverse("opendata:report-list")))
    ids = {item["kennung"] for item in reports}
    assert world["published_report"].pk in ids
    assert (world["draft_report"].pk in ids) is (who == "planner")
    published = next(item for item in reports if item["kennung"] == world["published_report"].pk)
    assert published["herunterladen"].endswith(world["published_report"].get_download_url())
    assert published["seiten"] == 42


def test_areas_come_with_a_simplified_geojson_boundary(client, world):
    areas = {item["schluessel"]: item for item in results(client.get(reverse("opendata:area-list")))}
    assert len(areas) == 1 + 13 + 51
    linden = areas[world["shown_value"].area.key]
    assert linden["ebene"] == "stadtteil"
    assert linden["geometrie"]["type"] in {"Polygon", "MultiPolygon"}
    lon, lat = (linden["geometrie"]["coordinates"][0][0] if linden["geometrie"]["type"] == "Polygon"
                else linden["geometrie"]["coordinates"][0][0][0])
    assert 9.6 < lon < 9.95 and 52.3 < lat < 52.45  # Hannover, in WGS 84
    assert areas["stadt"]["geometrie"] is None
