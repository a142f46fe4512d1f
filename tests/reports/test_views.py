"""The reports page and its actions, for every role (permission matrix) and as a person uses it."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.models import ReportExport, ReportSettings

pytestmark = pytest.mark.django_db

BUILDERS = {"dezernat", "planung"}
ROLES = ["dezernat", "planung", "mitglied", "unbestaetigt", "angemeldet", "oeffentlich"]


def client_for(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


def finished_export(*, is_draft, is_public=False, by=None):
    export = ReportExport.objects.create(
        requested_by=by, options={"states": ["beschlossen"]}, options_fingerprint=f"fp-{is_draft}-{is_public}",
        status=ReportExport.Status.DONE, progress=100, is_draft=is_draft, is_public=is_public, page_count=3,
    )
    export.file.save(f"bericht-{export.pk}.pdf", ContentFile(b"%PDF-1.7\n% Aktionsplan gegen Armut\n"))
    export.file_size = export.file.size
    export.save()
    return export


@pytest.mark.parametrize("role", ROLES)
def test_index_shows_start_form_only_to_planning_and_department(client, users_by_role, role):
    response = client_for(client, users_by_role[role]).get(reverse("reports:index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert ("Bericht erstellen</button>" in content) == (role in BUILDERS)
    assert ("Einleitung speichern" in content) == (role == "dezernat")


@pytest.mark.parametrize("role", ROLES)
def test_only_planning_and_department_can_start_builds(client, users_by_role, role, monkeypatch):
    from reports import services

    monkeypatch.setattr(services, "_queue", lambda pk: None)
    response = client_for(client, users_by_role[role]).post(
        reverse("reports:start"), {"states": ["beschlossen"], "include_statistics": "on"})

    if role in BUILDERS:
        assert response.status_code == 302
        assert ReportExport.objects.count() == 1
    elif role == "oeffentlich":
        # What was sent comes back with a note to sign in (nothing lost to a login redirect).
        assert response.status_code == 403 and response["X-Not-Saved"] == "session"
        assert ReportExport.objects.count() == 0
    else:
        assert response.status_code == 403
        assert ReportExport.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_draft_and_unpublished_reports_are_downloadable_only_for_builders(
        client, users_by_role, role, media_root):
    draft = finished_export(is_draft=True)
    unpublished = finished_export(is_draft=False)
    client = client_for(client, users_by_role[role])

    for export in (draft, unpublished):
        response = client.get(reverse("reports:download", args=[export.pk]))
        assert response.status_code == (200 if role in BUILDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_everyone_can_download_the_published_adopted_report(client, users_by_role, role, media_root):
    export = finished_export(is_draft=False, is_public=True)

    response = client_for(client, users_by_role[role]).get(reverse("reports:download", args=[export.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert export.download_filename() in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_draft_marked_public_by_mistake_stays_private(client, member, media_root):
    export = finished_export(is_draft=True, is_public=True)

    assert client_for(client, member).get(reverse("reports:download", args=[export.pk])).status_code == 404


def test_public_list_leaves_out_a_published_report_whose_file_is_missing(client, member, media_root):
    gone = finished_export(is_draft=False, is_public=True)
    ReportExport.objects.filter(pk=gone.pk).update(file="")

    content = client_for(client, member).get(reverse("reports:index")).content.decode()

    # The list offers only what the download rule lets this person fetch.
    assert f'id="bericht-{gone.pk}"' not in content
    assert client.get(reverse("reports:download", args=[gone.pk])).status_code == 404


def test_public_list_shows_only_published_reports(client, member, media_root):
    published = finished_export(is_draft=False, is_public=True)
    hidden = finished_export(is_draft=True)

    content = client_for(client, member).get(reverse("reports:index")).content.decode()

    assert reverse("reports:download", args=[published.pk]) in content
    assert reverse("reports:download", args=[hidden.pk]) not in content


@pytest.mark.parametrize("role", ROLES)
def test_only_the_department_publishes(client, users_by_role, role, media_root):
    export = finished_export(is_draft=False)

    response = client_for(client, users_by_role[role]).post(reverse("reports:publish", args=[export.pk]),
                                                            {"public": "1", "confirmed": "1"})

    export.refresh_from_db()
    assert export.is_public == (role == "dezernat")
    if role == "dezernat":
        assert response.status_code == 302
    elif role == "oeffentlich":
        # What was sent comes back with a note to sign in (nothing lost to a login redirect).
        assert response.status_code == 403 and response["X-Not-Saved"] == "session"
    else:
        assert response.status_code == 403


def test_publishing_asks_first_and_says_the_public_will_see_it(client, department, media_root):
    export = finished_export(is_draft=False)
    index = client_for(client, department).get(reverse("reports:index")).content.decode()
    assert f'href="{reverse("reports:publish", args=[export.pk])}"' in index

    page = client.get(reverse("reports:publish", args=[export.pk])).content.decode()
    assert "jede Person</strong> – auch ohne Anmeldung" in page
    assert "Ja, für die Öffentlichkeit veröffentlichen" in page
    export.refresh_from_db()
    assert not export.is_public

    # A bare click without the confirmation step changes nothing and shows the question.
    response = client.post(reverse("reports:publish", args=[export.pk]), {"public": "1"})
    assert "Ja, für die Öffentlichkeit veröffentlichen" in response.content.decode()
    export.refresh_from_db()
    assert not export.is_public

    client.post(reverse("reports:publish", args=[export.pk]), {"public": "1", "confirmed": "1"})
    export.refresh_from_db()
    assert export.is_public


def test_publishing_a_draft_is_refused_with_a_message(client, department, media_root):
    export = finished_export(is_draft=True)

    response = client_for(client, department).post(reverse("reports:publish", args=[export.pk]),
                                                   {"public": "1", "confirmed": "1"}, follow=True)

    export.refresh_from_db()
    assert not export.is_public
    assert "Nur ein fertiger Bericht mit ausschließlich beschlossenen Maßnahmen" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_status_is_visible_to_builders_only(client, users_by_role, role, media_root):
    export = finished_export(is_draft=True)

    response = client_for(client, users_by_role[role]).get(reverse("reports:status", args=[export.pk]),
                                                           HTTP_ACCEPT="application/json")

    assert response.status_code == (200 if role in BUILDERS else 404)
    if role in BUILDERS:
        assert response.json()["status"] == "fertig"
        assert response.json()["download_url"] == reverse("reports:download", args=[export.pk])


def test_status_partial_keeps_polling_while_running_and_stops_when_done(client, planner):
    export = ReportExport.objects.create(options={}, options_fingerprint="x", status=ReportExport.Status.RUNNING,
                                         progress=30, step="Seiten werden gesetzt")
    client.force_login(planner)

    running = client.get(reverse("reports:status", args=[export.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert '<progress id="fortschritt-' in running and 'value="30"' in running
    assert "30 % – Seiten werden gesetzt" in running

    ReportExport.objects.filter(pk=export.pk).update(status=ReportExport.Status.FAILED, error="Kaputt.")
    failed = client.get(reverse("reports:status", args=[export.pk])).content.decode()
    assert "hx-trigger" not in failed
    assert "Kaputt." in failed and "Erneut versuchen" in failed


@pytest.mark.parametrize("role", ROLES)
def test_only_the_department_edits_the_introduction(client, users_by_role, role):
    data = {"intro_title": "Vorwort", "version_label": "2.0", "intro_text": "Neuer Text."}

    response = client_for(client, users_by_role[role]).post(reverse("reports:settings"), data)

    settings = ReportSettings.load()
    assert (settings.intro_text == "Neuer Text.") == (role == "dezernat")
    if role == "oeffentlich":
        # Typed text is not thrown away for a login page: it comes back with a note to sign in.
        assert response["X-Not-Saved"] == "session" and "Neuer Text." in response.content.decode()
    elif role != "dezernat":
        assert response.status_code == 403


def test_invalid_introduction_keeps_the_input_and_names_the_field(client, department):
    client.force_login(department)
    response = client.post(reverse("reports:settings"),
                           {"intro_title": "", "version_label": "2.0", "intro_text": "Mein langer Text"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Bitte geben Sie eine Überschrift für die Einleitung an." in content
    assert "Mein langer Text" in content
    assert ReportSettings.load().intro_text == ""


def test_start_without_any_state_shows_a_german_error_and_starts_nothing(client, department):
    client.force_login(department)
    response = client.post(reverse("reports:start"), {"include_statistics": "on"})

    assert response.status_code == 400
    assert "Bitte wählen Sie mindestens einen Stand der Maßnahmen aus." in response.content.decode()
    assert ReportExport.objects.count() == 0


def test_start_in_process_shows_the_finished_job_with_download_link(
        client, department, small_plan, media_root, django_capture_on_commit_callbacks):
    client.force_login(department)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("reports:start"), {"states": ["beschlossen"]})
    response = client.get(started["Location"])

    export = ReportExport.objects.get()
    content = response.content.decode()
    assert export.status == ReportExport.Status.DONE
    assert f"Bericht Nr. {export.pk}" in content and "fertig" in content
    assert reverse("reports:download", args=[export.pk]) in content
    assert 'role="status"' in content


def test_a_second_identical_start_while_waiting_is_refused_with_a_message(client, department, monkeypatch):
    from reports import services

    monkeypatch.setattr(services, "_queue", lambda pk: None)
    client.force_login(department)
    client.post(reverse("reports:start"), {"states": ["beschlossen"]})
    response = client.post(reverse("reports:start"), {"states": ["beschlossen"]}, follow=True)

    assert ReportExport.objects.count() == 1
    assert "Es wurde kein zweiter gestartet." in response.content.decode()


def test_page_loads_and_polls_do_not_write_the_sweep_runs_in_beat(client, planner):
    from datetime import timedelta

    from django.utils import timezone

    from hannover_teilhabe.celery import app
    from reports.services import stale_after
    from reports.tasks import sweep_stale_builds_task

    export = ReportExport.objects.create(options={}, options_fingerprint="y", status=ReportExport.Status.RUNNING,
                                         attempts=2,
                                         heartbeat_at=timezone.now() - stale_after() - timedelta(minutes=1))
    client.force_login(planner)
    client.get(reverse("reports:index"))
    client.get(reverse("reports:status", args=[export.pk]), {"format": "json"})
    export.refresh_from_db()
    assert export.status == ReportExport.Status.RUNNING

    assert app.conf.beat_schedule["reports-sweep-stale-builds"]["task"] == sweep_stale_builds_task.name
    sweep_stale_builds_task()

    data = client.get(reverse("reports:status", args=[export.pk]), {"format": "json"}).json()
    assert data["status"] == ReportExport.Status.FAILED
    assert "kein Lebenszeichen" in data["error"]


def test_index_needs_a_fixed_number_of_queries(client, planner, django_assert_max_num_queries, media_root):
    from tests.reports.factories import FieldOfActionFactory

    fields = [FieldOfActionFactory(name=f"Feld {n}").pk for n in range(3)]
    for n in range(20):
        finished_export(is_draft=True, by=planner)
        # Most builds are limited to some fields of action, whose names the list shows.
        options = {"states": ["beschlossen"], "fields_of_action": fields[: n % 4]}
        ReportExport.objects.filter(options_fingerprint="fp-True-False").update(options_fingerprint="z",
                                                                              options=options)
    client.force_login(planner)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    assert "Handlungsfelder: Feld 0, Feld 1, Feld 2" in response.content.decode()


def test_opening_the_form_address_leads_back_to_the_reports_page(client, department):
    client.force_login(department)
    response = client.get(reverse("reports:start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:index")
