import pytest
from django.db import connection
from django.urls import reverse

from actionplan.models import Comment, CommentReport, Measure, Response
from district_statistics.models import Indicator, Value
from tests.actionplan.factories import OutcomeFactory, make_comment, make_measure, quarter
from tests.factories import member_of

XSS_TITLE = '<script>alert("titel")</script>'
XSS_COMMENT = '<img src=x onerror="alert(1)">\nZweite Zeile'
XSS_REASONING = '<svg onload=alert(2)>'


def test_payloads_in_title_comment_and_reasoning_are_shown_as_text(client, planner, member, period):
    measure = make_measure(by=planner, title=XSS_TITLE)
    comment = make_comment(measure=measure, author=member, text=XSS_COMMENT)
    Response.objects.create(comment=comment, disposition="kenntnis", reasoning=XSS_REASONING, responded_by=planner)
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert "<svg onload" not in body
    assert "&lt;script&gt;alert(&quot;titel&quot;)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>Zweite Zeile" in body
    assert "&lt;svg onload=alert(2)&gt;" in body
    listing = client.get(reverse("actionplan:index")).content.decode()
    assert "<script>alert" not in listing


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Volltextsuche läuft auf PostgreSQL")
def test_fulltext_search_finds_german_inflections(client, planner, period):
    make_measure(by=planner, title="Neues Familienzentrum in Vahrenheide")
    make_measure(by=planner, title="Sozialticket", summary="Günstiger Bus und Bahn fahren")
    body = client.get(reverse("actionplan:index"), {"q": "Familienzentren"}).content.decode()
    assert "Neues Familienzentrum in Vahrenheide" in body
    assert "Sozialticket" not in body
    body = client.get(reverse("actionplan:index"), {"q": "günstigen Bahn"}).content.decode()
    assert "Sozialticket" in body


def test_search_input_with_query_syntax_is_harmless(client, planner, period):
    make_measure(by=planner, title="Wohngeld schneller")
    response = client.get(reverse("actionplan:index"), {"q": "wohngeld & | ! :* ('"})
    assert response.status_code == 200
    assert "Wohngeld schneller" in response.content.decode()


def test_filters_narrow_the_list_and_export_follows_them(client, planner, period):
    make_measure(by=planner, title="In Planung", status="planung", citywide=False, areas=[quarter("Sahlkamp")])
    make_measure(by=planner, title="Nur eine Idee")
    body = client.get(reverse("actionplan:index"), {"status": "planung"}).content.decode()
    assert "In Planung" in body and "Nur eine Idee" not in body
    # A Stadtbezirk finds the measures naming one of its Stadtteile.
    district = quarter("Sahlkamp").parent
    body = client.get(reverse("actionplan:index"), {"area": district.pk}).content.decode()
    assert "In Planung" in body and "Nur eine Idee" not in body
    export = client.get(reverse("actionplan:measure_export", args=["csv"]), {"status": "planung"})
    text = export.content.decode("utf-8-sig")
    assert "Nummer;Titel;Kurzbeschreibung" in text
    assert "In Planung" in text and "Nur eine Idee" not in text
    xlsx = client.get(reverse("actionplan:measure_export", args=["xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_list_query_count_stays_constant(client, planner, member, period, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            m = make_measure(by=planner, title=f"Maßnahme {i}", citywide=False, areas=[quarter("Linden-Süd")])
            make_comment(measure=m, author=member)

    grow(2)
    client.force_login(planner)
    client.get(reverse("actionplan:index"))
    with django_assert_max_num_queries(16) as small:
        client.get(reverse("actionplan:index"))
    small_count = len(small.captured_queries)
    grow(8)
    client.get(reverse("actionplan:index"))  # the new measures' leads: the filter reads its options once
    with django_assert_max_num_queries(small_count):
        client.get(reverse("actionplan:index"))


def test_hidden_comment_shows_placeholder_and_keeps_replies(client, planner, member, period):
    measure = make_measure(by=planner)
    top = make_comment(measure=measure, author=member, text="Beleidigender Text")
    make_comment(measure=measure, author=member_of(), text="Sachliche Antwort", parent=top)
    client.force_login(planner)
    client.post(reverse("actionplan:comment_hide", args=[top.pk]), {"reason": "Beleidigung"})
    client.logout()
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "vom Moderationsteam ausgeblendet am" in body
    assert "Beleidigender Text" not in body
    assert "Sachliche Antwort" in body


def test_comment_form_errors_keep_the_text(client, member, measure):
    client.force_login(member)
    response = client.post(reverse("actionplan:comment_create", args=[measure.reference]),
                           {"organisation": member.memberships.first().organisation_id, "text": "Mein langer Text"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Position." in body
    assert "Mein langer Text" in body


def _edit_data(measure, **overrides):
    data = {
        "title": measure.title, "summary": measure.summary, "description": measure.description,
        "field_of_action": measure.field_of_action_id, "citywide": "on", "status": measure.status,
        "progress": str(measure.progress), "priority": measure.priority,
        "publication_state": measure.publication_state, "version": str(measure.version),
        "meilensteine-TOTAL_FORMS": "1", "meilensteine-INITIAL_FORMS": "0",
        "meilensteine-0-date": "", "meilensteine-0-title": "",
        "indikatoren-TOTAL_FORMS": "0", "indikatoren-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_stale_edit_is_refused_with_the_changes_and_the_input_kept(client, planner, department, measure):
    opened = _edit_data(measure)
    client.force_login(department)
    assert client.post(reverse("actionplan:measure_edit", args=[measure.reference]),
                       {**opened, "title": "Titel vom Dezernat"}).status_code == 302
    client.force_login(planner)
    response = client.post(reverse("actionplan:measure_edit", args=[measure.reference]),
                           {**opened, "title": "Mein Titel", "summary": "Meine Kurzbeschreibung"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Ihre Änderungen wurden nicht gespeichert" in body
    assert "Titel vom Dezernat" in body and "Dieter Dezernat" in body
    assert 'value="Mein Titel"' in body
    assert "Meine Kurzbeschreibung" in body
    assert Measure.objects.get(pk=measure.pk).title == "Titel vom Dezernat"
    # Having seen the differences, saving again keeps the planner's version.
    resend = client.post(reverse("actionplan:measure_edit", args=[measure.reference]),
                         {**opened, "title": "Mein Titel", "version": str(measure.version + 1)})
    assert resend.status_code == 302
    assert Measure.objects.get(pk=measure.pk).title == "Mein Titel"


def test_edit_with_bad_dates_and_german_costs(client, planner, measure):
    client.force_login(planner)
    url = reverse("actionplan:measure_edit", args=[measure.reference])
    response = client.post(url, _edit_data(measure, start_date="2027-05-01", end_date="2027-01-01",
                                           cost_estimate="12.500,50"))
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    response = client.post(url, _edit_data(measure, cost_estimate="12.500,50", status="planung",
                                           status_note="Förderzusage liegt vor",
                                           **{"meilensteine-0-date": "2027-01-15", "meilensteine-0-title": "Start"}))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert str(measure.cost_estimate) == "12500.50"
    assert measure.milestones.get().title == "Start"
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "12.500,50 €" in body
    assert "Förderzusage liegt vor" in body
    history = client.get(reverse("actionplan:measure_history", args=[measure.reference])).content.decode()
    assert "Petra Planung" in history
    assert "in Planung" in history and "Idee" in history


def test_turn_an_outcome_into_a_measure(client, planner):
    outcome = OutcomeFactory(title="Energieschulden", areas=[quarter("Sahlkamp")])
    client.force_login(planner)
    form = client.get(reverse("actionplan:measure_create"), {"outcome": outcome.pk}).content.decode()
    assert 'value="Energieschulden"' in form
    assert "Vorausgefüllt aus dem Workshop-Ergebnis" in form
    coverage = client.get(reverse("actionplan:coverage")).content.decode()
    assert "Energieschulden" in coverage
    assert f"?outcome={outcome.pk}" in coverage
    response = client.post(reverse("actionplan:measure_create"), {
        **_edit_data(Measure(title="Energieschulden", summary="Fonds", field_of_action=outcome.field_of_action,
                             version=1), publication_state="entwurf"),
        "outcomes": [outcome.pk], "areas": [quarter("Sahlkamp").pk],
    })
    assert response.status_code == 302
    measure = Measure.objects.get(title="Energieschulden")
    assert list(measure.outcomes.all()) == [outcome]
    assert "Energieschulden" not in client.get(reverse("actionplan:coverage")).content.decode()
    # The public does not see the draft, so for them the problem is still open.
    client.logout()
    assert "Energieschulden" in client.get(reverse("actionplan:coverage")).content.decode()


def test_need_and_action_shows_values_suppression_and_gaps(client, planner, period):
    indicator = Indicator.objects.create(key="sgb2", name="SGB-II-Quote", unit="prozent", is_key_indicator=True,
                                         higher_is_worse=True, suppression_threshold=10, is_example_data=True)
    sahlkamp, linden, wuelferode = quarter("Sahlkamp"), quarter("Linden-Süd"), quarter("Wülferode")
    Value.objects.create(indicator=indicator, area=sahlkamp, year=2024, value="31.5", numerator=900)
    Value.objects.create(indicator=indicator, area=linden, year=2024, value="12.0", numerator=500)
    Value.objects.create(indicator=indicator, area=wuelferode, year=2024, value="50.0", numerator=4)
    make_measure(by=planner, title="Treff in Linden", citywide=False, areas=[linden], status="umsetzung")
    body = client.get(reverse("actionplan:need_and_action")).content.decode()
    assert "31,5 %" in body
    assert "&lt; 10" in body
    assert "Beispieldaten" in body
    assert '<th scope="col"' in body
    gaps = body.split("Hoher Bedarf, wenige Maßnahmen")[1].split("</section>")[0]
    assert "Sahlkamp" in gaps and "Wülferode" not in gaps
    district = client.get(reverse("actionplan:need_and_action"), {"ebene": "bezirk", "indicator": indicator.pk})
    assert district.status_code == 200


def test_need_and_action_hides_small_head_counts_as_the_statistics_pages_do(client, period):
    indicator = Indicator.objects.create(key="wohnungslose", name="Wohnungslose Menschen", unit="personen",
                                         decimals=0, higher_is_worse=True, suppression_threshold=5)
    Value.objects.create(indicator=indicator, area=quarter("Wülferode"), year=2024, value="3")
    Value.objects.create(indicator=indicator, area=quarter("Mitte"), year=2024, value="140")
    body = client.get(reverse("actionplan:need_and_action"), {"indicator": indicator.pk}).content.decode()
    row = body.split("Wülferode")[1].split("</tr>")[0]
    assert "&lt; 5" in row
    assert ">3<" not in row and " 3 " not in row
    assert "140" in body


def test_area_panel_lists_visible_measures_of_the_area(rf, planner, period, anonymous):
    from actionplan.views import area_panel

    sahlkamp = quarter("Sahlkamp")
    make_measure(by=planner, title="Im Bezirk", citywide=False, areas=[sahlkamp.parent])
    make_measure(by=planner, title="Entwurf im Sahlkamp", citywide=False, areas=[sahlkamp], publication="entwurf")
    request = rf.get("/")
    request.user = anonymous
    titles = [m.title for m in area_panel(request, sahlkamp)["context"]["measures"]]
    assert titles == ["Im Bezirk"]
    request.user = planner
    assert len(area_panel(request, sahlkamp)["context"]["measures"]) == 2


def test_moderation_queue_and_follows_page(client, planner, member, measure, plain_user):
    comment = make_comment(measure=measure, author=member, text="Gemeldeter Text")
    make_comment(measure=measure, author=member, text="Unauffälliger Text")
    client.force_login(plain_user)
    client.post(reverse("actionplan:comment_report", args=[comment.pk]), {"reason": "Werbung"})
    client.post(reverse("actionplan:measure_follow", args=[measure.reference]))
    assert measure.reference in client.get(reverse("actionplan:my_follows")).content.decode()
    client.force_login(planner)
    queue = client.get(reverse("actionplan:moderation")).content.decode()
    assert "Gemeldeter Text" in queue and "Werbung" in queue
    assert "Unauffälliger Text" not in queue
    client.post(reverse("actionplan:reports_dismiss", args=[comment.pk]))
    assert "Keine offenen Meldungen." in client.get(reverse("actionplan:moderation")).content.decode()


def test_consultation_overview_counts_dispositions(client, planner, member, measure):
    make_measure(by=planner, title="Ohne Kommentare")
    answered = make_comment(measure=measure, author=member, text="Beantwortet")
    make_comment(measure=measure, author=member, text="Noch offen")
    Response.objects.create(comment=answered, disposition="uebernommen", reasoning="Ja", responded_by=planner)
    client.force_login(planner)
    body = client.get(reverse("actionplan:consultation")).content.decode()
    assert "1 Kommentar ist noch nicht beantwortet." in body
    assert "Noch offen" in body
    assert "2 Kommentare, davon 1 offen." in body
    assert "Ohne Kommentare" not in body


def test_version_page_names_the_changed_places(client, planner, measure):
    from actionplan import services

    data = services.MeasureInput(fields={}, m2m={"areas": [quarter("Sahlkamp")]})
    services.measure_update(measure=measure, data=data, based_on_version=measure.version, by=planner)
    record = measure.history.order_by("-history_date", "-history_id").first()
    client.force_login(planner)
    url = reverse("actionplan:measure_version", args=[measure.reference, record.history_id])
    body = client.get(url).content.decode()
    assert "Stadtteile / Stadtbezirke" in body
    assert "<ins>Sahlkamp</ins>" in body
    assert "Petra Planung" in body


def test_planner_opens_a_consultation_period_with_german_dates(client, planner):
    from actionplan.models import ConsultationPeriod

    client.force_login(planner)
    url = reverse("actionplan:period_create")
    data = {"title": "Zweite Runde", "starts_at": "01.12.2026 09:00", "ends_at": "24.11.2026 18:00"}
    response = client.post(url, data)
    body = response.content.decode()
    assert "Das Ende muss nach dem Beginn liegen." in body
    assert 'value="Zweite Runde"' in body
    assert not ConsultationPeriod.objects.exists()
    response = client.post(url, {**data, "ends_at": "31.12.2026 18:00"})
    assert response.status_code == 302
    period = ConsultationPeriod.objects.get()
    assert period.ends_at.day == 31


def test_people_who_cannot_comment_are_told_how(client, plain_user, measure):
    client.force_login(plain_user)
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "Kommentar veröffentlichen" not in body
    assert "Eine Mitgliedschaft beantragen Sie" in body
    assert reverse("core:profile") in body


def test_unknown_filter_value_is_reported_in_german(client, planner, period):
    make_measure(by=planner, title="Wohngeld schneller")
    response = client.get(reverse("actionplan:index"), {"status": "erfunden", "q": "Wohngeld"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bitte treffen Sie eine gültige Auswahl." in body
    assert "Wohngeld schneller" in body


def test_hidden_comment_text_is_not_shown_on_the_report_page(client, planner, member, measure, plain_user):
    comment = make_comment(measure=measure, author=member, text="Ausgeblendeter Inhalt")
    from actionplan import services

    services.comment_hide(comment=comment, by=planner, reason="Werbung")
    client.force_login(plain_user)
    response = client.get(reverse("actionplan:comment_report", args=[comment.pk]))
    assert response.status_code == 404
    assert "Ausgeblendeter Inhalt" not in response.content.decode()


def test_outcomes_of_an_internal_event_stay_hidden_from_the_public(client, planner, member, plain_user, period):
    internal = OutcomeFactory(title="Internes Ergebnis", workshop__event__is_public=False)
    public = OutcomeFactory(title="Öffentliches Ergebnis")
    measure = make_measure(by=planner, outcomes=[internal, public])
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "Öffentliches Ergebnis" in body and "Internes Ergebnis" not in body
    # The same rule as on the workshop pages: a self-registered account alone does not see inside.
    client.force_login(plain_user)
    assert "Internes Ergebnis" not in client.get(measure.get_absolute_url()).content.decode()
    client.force_login(member)
    assert "Internes Ergebnis" in client.get(measure.get_absolute_url()).content.decode()


def test_outcome_page_offers_planners_to_turn_a_problem_into_a_measure(client, planner, member):
    outcome = OutcomeFactory(title="Stromsperren verhindern", kind="dringend")
    client.force_login(member)
    assert "In Maßnahme überführen" not in client.get(outcome.get_absolute_url()).content.decode()
    client.force_login(planner)
    page = client.get(outcome.get_absolute_url()).content.decode()
    assert f'href="{reverse("actionplan:measure_create")}?outcome={outcome.pk}"' in page
    form = client.get(reverse("actionplan:measure_create"), {"outcome": outcome.pk}).content.decode()
    assert 'value="Stromsperren verhindern"' in form


def _edit_many_times(measure, planner, times, prefix):
    from actionplan import services
    from tests.factories import OrganisationFactory

    places = ["Sahlkamp", "Vahrenheide", "Mühlenberg", "Linden-Süd"]
    for step in range(times):
        measure.refresh_from_db()
        organisation = OrganisationFactory(name=f"Träger {prefix} {step}")
        data = services.MeasureInput(
            fields={"title": f"Fassung {step}", "lead_organisation": organisation},
            m2m={"areas": [quarter(places[step % len(places)])], "partners": [organisation]},
        )
        services.measure_update(measure=measure, data=data, based_on_version=measure.version, by=planner)


def test_history_page_reads_all_versions_with_a_constant_number_of_queries(
        client, planner, period, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext

    few = make_measure(by=planner, title="Wenige Fassungen")
    _edit_many_times(few, planner, 1, "Wenige")
    many = make_measure(by=planner, title="Viele Fassungen")
    _edit_many_times(many, planner, 10, "Viele")
    client.force_login(planner)
    client.get(reverse("actionplan:measure_history", args=[few.reference]))  # warm the session
    with CaptureQueriesContext(connection) as baseline:
        body = client.get(reverse("actionplan:measure_history", args=[few.reference])).content.decode()
    assert "Version 2:" in body
    with django_assert_max_num_queries(len(baseline)):
        body = client.get(reverse("actionplan:measure_history", args=[many.reference])).content.decode()
    assert "Version 11:" in body
    # Every version still names what changed, with names rather than ids.
    for step in range(10):
        assert f"Fassung {step}" in body
        assert f"Träger Viele {step}" in body
    assert "Vahrenheide" in body and "Linden-Süd" in body


def test_answer_to_a_hidden_comment_stays_public_with_a_note_why(client, planner, member, measure):
    top = make_comment(measure=measure, author=member, text="Beleidigender Text")
    Response.objects.create(comment=top, disposition="kenntnis", reasoning="Wir weisen das zurück, weil ...",
                            responded_by=planner)
    make_comment(measure=measure, author=member_of(), text="Sachliche Antwort", parent=top)
    client.force_login(planner)
    client.post(reverse("actionplan:comment_hide", args=[top.pk]), {"reason": "Beleidigung"})
    assert "Wir weisen das zurück" in client.get(measure.get_absolute_url()).content.decode()
    client.logout()
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "vom Moderationsteam ausgeblendet am" in body
    assert "Beleidigender Text" not in body
    # The administration's answer is part of the public record; the note says why the comment is gone.
    assert "Wir weisen das zurück" in body
    assert "Diese Antwort bezieht sich auf einen Kommentar, den das Moderationsteam am" in body
    assert "(Grund: Beleidigung)" in body
    assert "Sachliche Antwort" in body


def test_lead_filter_offers_only_organisations_of_visible_measures(client, planner, period):
    from tests.factories import OrganisationFactory

    public_lead = OrganisationFactory(name="Diakonisches Werk Hannover")
    draft_lead = OrganisationFactory(name="Geheimer Träger e. V.")
    make_measure(by=planner, lead_organisation=public_lead)
    make_measure(by=planner, title="Entwurf", publication="entwurf", lead_organisation=draft_lead)
    body = client.get(reverse("actionplan:index")).content.decode()
    assert "Diakonisches Werk Hannover" in body
    assert "Geheimer Träger e. V." not in body
    client.force_login(planner)
    assert "Geheimer Träger e. V." in client.get(reverse("actionplan:index")).content.decode()


@pytest.mark.parametrize("version", [None, "", "abc"])
def test_edit_without_a_known_version_is_refused_as_stale_and_keeps_the_input(client, planner, measure, version):
    data = _edit_data(measure, title="Mein neuer Titel")
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    client.force_login(planner)
    response = client.post(reverse("actionplan:measure_edit", args=[measure.reference]), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Ihre Änderungen wurden nicht gespeichert" in body
    assert 'value="Mein neuer Titel"' in body
    assert Measure.objects.get(pk=measure.pk).title == measure.title
    # The refused form now carries the current version, so saving again goes through.
    assert f'name="version" value="{measure.version}"' in body
    resend = client.post(reverse("actionplan:measure_edit", args=[measure.reference]), _edit_data(
        measure, title="Mein neuer Titel"))
    assert resend.status_code == 302
    assert Measure.objects.get(pk=measure.pk).title == "Mein neuer Titel"


def test_member_without_a_name_is_shown_as_member_of_the_organisation(client, planner, measure):
    nameless = member_of(display_name="", first_name="", last_name="", email="k.schulz@verein-beispiel.de")
    organisation = nameless.memberships.get().organisation
    client.force_login(nameless)
    response = client.post(reverse("actionplan:comment_create", args=[measure.reference]),
                           {"organisation": organisation.pk, "position": "zustimmung", "text": "Gute Idee."})
    assert response.status_code == 302
    make_comment(measure=measure, author=nameless, text="Eine Antwort", parent=Comment.objects.get())
    client.logout()
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "Gute Idee." in body and "Eine Antwort" in body
    assert "k.schulz" not in body and "verein-beispiel.de" not in body
    assert f"Mitglied von {organisation.name}" in body
    top = Comment.objects.filter(parent=None).get()
    CommentReport.objects.create(comment=top, reported_by=planner, reason="Bitte prüfen")
    client.force_login(planner)
    for url in (reverse("actionplan:comment_respond", args=[top.pk]), reverse("actionplan:moderation"),
                measure.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "verein-beispiel.de" not in page
        assert f"Mitglied von {organisation.name}" in page


def test_measure_export_keeps_start_and_end_as_dates(client, planner, period):
    import datetime
    import io

    from openpyxl import load_workbook

    make_measure(by=planner, title="Sozialticket", start_date=datetime.date(2027, 1, 1),
                 end_date=datetime.date(2027, 12, 31))
    text = client.get(reverse("actionplan:measure_export", args=["csv"])).content.decode("utf-8-sig")
    assert ";01.01.2027;31.12.2027;" in text
    sheet = load_workbook(io.BytesIO(client.get(reverse("actionplan:measure_export", args=["xlsx"])).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(rows) if row and row[0] == "Nummer")
    header, first = rows[header_index], rows[header_index + 1]
    start = first[header.index("Beginn")]
    assert start == datetime.datetime(2027, 1, 1)


def test_need_and_action_opens_on_the_latest_well_covered_year(client, period):
    indicator = Indicator.objects.create(key="sgb2", name="SGB-II-Quote", unit="prozent", is_key_indicator=True,
                                         higher_is_worse=True)
    from core.models import Area

    for area in Area.objects.filter(kind=Area.Kind.QUARTER):
        Value.objects.create(indicator=indicator, area=area, year=2024, value="10.0")
    Value.objects.create(indicator=indicator, area=quarter("Ahlem"), year=2025, value="55.0")
    body = client.get(reverse("actionplan:need_and_action"), {"indicator": indicator.pk}).content.decode()
    assert "2024" in body
    assert "55,0 %" not in body
