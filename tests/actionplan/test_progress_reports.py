"""The lead reports a Sachstand; the measure's percent is always its newest report's."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplan import implementation, services
from actionplan.models import Follow, Measure, Milestone, ProgressReport
from tests.actionplan.factories import make_measure
from tests.factories import OrganisationFactory, PlannerFactory, member_of

TODAY = timezone.localdate()


def _report(measure, by, percent, days_ago=0, **kwargs):
    return services.progress_report_create(
        measure=measure, by=by, title=kwargs.pop("title", f"Stand {percent} %"), text="Es geht voran.",
        percent=percent, reported_on=TODAY - datetime.timedelta(days=days_ago), **kwargs)


def _fresh(measure):
    return Measure.objects.get(pk=measure.pk)


def test_the_measure_percent_is_the_newest_reports_and_nothing_else(planner, measure):
    assert _fresh(measure).progress == 0
    _report(measure, planner, 30, days_ago=10)
    assert _fresh(measure).progress == 30
    # A report about an earlier date does not replace the newer one.
    _report(measure, planner, 80, days_ago=40)
    assert _fresh(measure).progress == 30
    _report(measure, planner, 55, days_ago=1)
    assert _fresh(measure).progress == 55
    annotated = Measure.objects.with_progress().get(pk=measure.pk)
    assert annotated.progress == 55
    assert not hasattr(Measure, "progress_field") and "progress" not in [f.name for f in Measure._meta.fields]


def test_a_report_outside_0_to_100_percent_or_in_the_future_is_refused_and_saves_nothing(planner, measure):
    with pytest.raises(ValidationError) as error:
        _report(measure, planner, 120)
    assert "zwischen 0 und 100 Prozent" in str(error.value)
    with pytest.raises(ValidationError):
        _report(measure, planner, 20, days_ago=-3)
    assert not ProgressReport.objects.exists()


def test_reports_are_versioned_and_a_reached_milestone_is_marked_done(planner, measure):
    milestone = Milestone.objects.create(measure=measure, date=TODAY, title="Räume angemietet")
    report = _report(measure, planner, 40, milestone=milestone)
    assert report.history.count() == 1
    assert report.history.first().history_user == planner
    milestone.refresh_from_db()
    assert milestone.done


def test_the_lead_organisation_and_planning_report_others_may_not(planner, member, period):
    lead = OrganisationFactory(name="Caritas Hannover")
    lead_member = member_of(lead)
    measure = make_measure(by=planner, lead_organisation=lead)
    assert lead_member.has_perm("actionplan.add_progress_report", measure)
    assert planner.has_perm("actionplan.add_progress_report", measure)
    assert not member.has_perm("actionplan.add_progress_report", measure)
    with pytest.raises(PermissionDenied):
        _report(measure, member, 10)
    _report(measure, lead_member, 10)
    assert _fresh(measure).progress == 10


def test_followers_are_mailed_about_a_new_report_but_not_its_author(planner, member, measure, mail_on_commit):
    Follow.objects.create(user=member, measure=measure)
    Follow.objects.create(user=planner, measure=measure)
    mail_on_commit(_report, measure, planner, 45, title="Beratung startet")
    assert [m.to for m in mail.outbox] == [[member.email]]
    message = mail.outbox[0]
    assert message.subject == f"[Aktionsplan gegen Armut] {measure.reference}: neuer Sachstand (45 %)"
    assert "Beratung startet" in message.body and measure.get_absolute_url() in message.body


def test_planning_asks_the_lead_for_a_report_and_the_request_closes_with_the_next_report(planner, period,
                                                                                        mail_on_commit):
    lead = OrganisationFactory(name="Diakonie Hannover")
    lead_member = member_of(lead)
    measure = make_measure(by=planner, lead_organisation=lead)
    mail_on_commit(services.progress_report_request, measure=measure, by=planner, note="Bitte bis Monatsende.")
    assert [m.to for m in mail.outbox] == [[lead_member.email]]
    assert "Bitte bis Monatsende." in mail.outbox[0].body
    assert implementation.open_progress_request(measure) is not None
    _report(measure, lead_member, 20)
    assert implementation.open_progress_request(measure) is None


def test_overdue_report_shows_to_planners_only_and_the_list_filter_finds_it(client, planner, member, period,
                                                                           settings):
    settings.PROGRESS_REPORT_OVERDUE_DAYS = 30
    late = make_measure(by=planner, title="Lange nichts gehört", status=Measure.Status.IMPLEMENTATION)
    fresh = make_measure(by=planner, title="Gerade berichtet", status=Measure.Status.IMPLEMENTATION)
    _report(late, planner, 30, days_ago=45)
    _report(fresh, planner, 30, days_ago=5)
    assert list(implementation.overdue_measures(planner)) == [late]

    client.force_login(planner)
    page = client.get(late.get_absolute_url()).content.decode()
    assert "Sachstand überfällig" in page
    assert "Sachstand überfällig" not in client.get(fresh.get_absolute_url()).content.decode()
    listed = client.get(reverse("actionplan:index"), {"sachstand": "ueberfaellig"}).content.decode()
    assert "Lange nichts gehört" in listed and "Gerade berichtet" not in listed

    client.force_login(member)
    assert "Sachstand überfällig" not in client.get(late.get_absolute_url()).content.decode()


def test_planner_records_a_report_through_the_form_and_sees_it_on_the_measure(client, planner, measure):
    client.force_login(planner)
    url = reverse("actionplan:progress_create", args=[measure.reference])
    bad = client.post(url, {"reported_on": TODAY.strftime("%d.%m.%Y"), "title": "Stand", "text": "Text",
                            "percent": "150"})
    assert bad.status_code == 400
    assert "zwischen 0 und 100 Prozent" in bad.content.decode()
    assert 'value="Stand"' in bad.content.decode()  # what was typed stays
    response = client.post(url, {"reported_on": TODAY.strftime("%d.%m.%Y"), "title": "Räume gefunden",
                                 "text": "Der Mietvertrag ist unterschrieben.", "percent": "35"}, follow=True)
    page = response.content.decode()
    assert "Räume gefunden" in page and "Fortschritt laut neuestem Sachstand: <strong>35 %</strong>" in page


def test_a_member_of_another_organisation_cannot_open_the_report_form(client, member, measure):
    client.force_login(member)
    assert client.get(reverse("actionplan:progress_create", args=[measure.reference])).status_code == 403


def test_a_corrected_report_keeps_its_earlier_version_and_moves_the_percent(client, planner, measure):
    report = _report(measure, planner, 30, title="Erster Wortlaut")
    client.force_login(planner)
    url = reverse("actionplan:progress_edit", args=[measure.reference, report.pk])
    response = client.post(url, {"reported_on": TODAY.strftime("%d.%m.%Y"), "title": "Korrigierter Wortlaut",
                                 "text": "Genauer.", "percent": "35",
                                 "based_on": services.progress_report_version(report)})
    assert response.status_code == 302
    assert _fresh(measure).progress == 35
    assert report.history.count() == 2
    versions = client.get(reverse("actionplan:progress_versions", args=[measure.reference, report.pk]))
    page = versions.content.decode()
    assert "Erster Wortlaut" in page and "Korrigierter Wortlaut" in page and "Erste Fassung" in page


def test_a_correction_started_before_a_colleagues_save_is_refused_and_keeps_what_was_typed(client, planner, measure):
    report = _report(measure, planner, 30, title="Erster Wortlaut")
    url = reverse("actionplan:progress_edit", args=[measure.reference, report.pk])
    client.force_login(planner)
    opened = client.get(url).content.decode()
    based_on = re.search(r'name="based_on" value="(\d+)"', opened).group(1)

    colleague = PlannerFactory(display_name="Carla Kollegin")
    services.progress_report_update(report=report, by=colleague, based_on=services.progress_report_version(report),
                                    title="Wortlaut der Kollegin", text="Ihr Stand.", percent=50, reported_on=TODAY)

    mine = {"based_on": based_on, "reported_on": TODAY.strftime("%d.%m.%Y"), "title": "Mein Wortlaut",
            "text": "Mein Stand.", "percent": "35"}
    refused = client.post(url, mine)
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Carla Kollegin hat diesen Sachstand gespeichert" in page and 'value="Mein Wortlaut"' in page
    report.refresh_from_db()
    assert report.title == "Wortlaut der Kollegin" and _fresh(measure).progress == 50

    # Having seen the colleague's version, the planner saves knowingly over it.
    again = re.search(r'name="based_on" value="(\d+)"', page).group(1)
    assert client.post(url, {**mine, "based_on": again}).status_code == 302
    report.refresh_from_db()
    assert report.title == "Mein Wortlaut" and report.history.count() == 3


def test_a_correction_that_does_not_say_which_version_it_started_from_is_refused(planner, measure):
    report = _report(measure, planner, 30)
    with pytest.raises(services.ProgressReportChanged):
        services.progress_report_update(report=report, by=planner, based_on=None, title="Anders", text="Text",
                                        percent=40, reported_on=TODAY)
    assert _fresh(measure).progress == 30


def test_the_versions_page_reads_as_many_rows_for_six_versions_as_for_two(client, planner, measure,
                                                                          django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    milestones = [Milestone.objects.create(measure=measure, date=TODAY, title=f"Schritt {n}") for n in range(5)]
    report = _report(measure, planner, 10)
    url = reverse("actionplan:progress_versions", args=[measure.reference, report.pk])

    def correct(n):
        services.progress_report_update(report=report, by=PlannerFactory(),
                                        based_on=services.progress_report_version(report), title=f"Fassung {n}",
                                        text="Text", percent=10 + n, reported_on=TODAY, milestone=milestones[n])

    client.force_login(planner)
    correct(0)
    client.get(url)  # the first page anyone opens caches the demo banner's answer
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(1, 5):
        correct(n)
    with django_assert_num_queries(len(small)):
        page = client.get(url).content.decode()
    assert page.count("<article") == 6 and "Schritt 4" in page


def test_planning_asks_from_the_measure_page_and_the_lead_answers_there(client, planner, period,
                                                                       django_capture_on_commit_callbacks):
    lead = OrganisationFactory(name="Diakonie Hannover")
    lead_member = member_of(lead)
    measure = make_measure(by=planner, title="Sozialberatung im Stadtteiltreff", lead_organisation=lead)
    client.force_login(planner)
    assert "Sachstand bei der Federführung anfordern" in client.get(measure.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actionplan:progress_request", args=[measure.reference]),
                               {"note": "Bitte bis zur Ratssitzung."}, follow=True)
    page = response.content.decode()
    assert "Die Federführung (Diakonie Hannover) wird per E-Mail um einen Sachstand gebeten." in page
    assert f"Sachstand angefordert am {TODAY:%d.%m.%Y}" in page and "„Bitte bis zur Ratssitzung.“" in page
    assert [m.to for m in mail.outbox] == [[lead_member.email]]
    assert measure.get_absolute_url() in mail.outbox[0].body

    client.force_login(lead_member)
    lead_page = client.get(measure.get_absolute_url()).content.decode()
    assert "Sachstand erfassen" in lead_page and "Sachstand bei der Federführung anfordern" not in lead_page
    client.post(reverse("actionplan:progress_create", args=[measure.reference]),
                {"reported_on": TODAY.strftime("%d.%m.%Y"), "title": "Beratung läuft", "text": "Zwanzig Gespräche.",
                 "percent": "30"})
    client.force_login(planner)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Sachstand angefordert am" not in page and "Beratung läuft" in page
