"""The measure's journey reads as one story, oldest first, each step linking to where it happened."""

import datetime

from django.utils import timezone

from actionplan import services
from actionplan.implementation import measure_timeline
from actionplan.models import Comment, Measure, Milestone, ProgressReport, Response, StatusChange
from actionplan.selectors import measure_detail
from tests.actionplan.factories import OutcomeFactory, make_comment, make_measure
from tests.factories import OrganisationFactory, member_of
from tests.workshops.factories import EventFactory, WorkshopFactory


def _at(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


def test_timeline_tells_every_kind_of_event_in_order_with_links(client, planner, department, member, period):
    event = EventFactory(title="Fachtag Armut und Teilhabe", date=_at(300).date())
    workshop = WorkshopFactory(event=event, number=2, title="Wohnen")
    outcome = OutcomeFactory(workshop=workshop, title="Zwangsräumungen verhindern")
    measure = make_measure(by=planner, title="Frühwarnsystem", publication=Measure.Publication.DRAFT,
                           outcomes=[outcome])
    Measure.objects.filter(pk=measure.pk).update(created_at=_at(200))
    measure.history.update(history_date=_at(200))
    StatusChange.objects.filter(measure=measure).update(changed_at=_at(200))

    measure.refresh_from_db()
    services.measure_update(measure=measure, based_on_version=measure.version, by=planner,
                            data=services.MeasureInput(fields={"publication_state": "beteiligung"}))
    measure.history.filter(publication_state="beteiligung").update(history_date=_at(100))
    period.starts_at, period.ends_at = _at(90), _at(65)
    period.save()
    comment = make_comment(measure=measure, author=member, text="Bitte auch Vermieter ansprechen.")
    Measure.comments.rel.related_model.objects.filter(pk=comment.pk).update(created_at=_at(80))
    response = Response.objects.create(comment=comment, disposition="uebernommen", reasoning="Wird aufgenommen.",
                                       responded_by=planner)
    Response.objects.filter(pk=response.pk).update(responded_at=_at(70))
    measure.refresh_from_db()
    services.measure_update(measure=measure, based_on_version=measure.version, by=department,
                            data=services.MeasureInput(fields={"publication_state": "beschlossen"}))
    measure.history.filter(publication_state="beschlossen").update(history_date=_at(60))
    measure.refresh_from_db()
    services.measure_change_status(measure=measure, status=Measure.Status.IMPLEMENTATION, by=planner)
    StatusChange.objects.filter(measure=measure, status="umsetzung").update(changed_at=_at(50))
    Milestone.objects.create(measure=measure, date=(_at(40)).date(), title="Team besetzt", done=True)
    report = services.progress_report_create(measure=measure, by=planner, title="Erste Fälle", text="Zwölf Familien.",
                                             percent=25, reported_on=(_at(30)).date())

    entries = measure_timeline(planner, measure_detail(planner, measure.reference))
    kinds = [entry.kind for entry in entries]
    assert kinds == ["outcome", "created", "status", "publication", "period_start", "comment", "response",
                     "period_end", "publication", "status", "milestone", "progress"]
    assert [entry.when for entry in entries] == sorted(entry.when for entry in entries)
    labels = [entry.label for entry in entries]
    assert labels[3] == "In Beteiligung gegeben" and labels[8] == "Beschlossen"
    assert entries[8].day == _at(60).date()  # adopted on that day
    assert all(entry.url for entry in entries)
    assert "Workshop 2 „Wohnen“, Fachtag Armut und Teilhabe" in entries[0].text
    assert entries[0].url == outcome.get_absolute_url()
    # The comment's own address, which leads to whichever page of the discussion shows it.
    assert entries[5].url == entries[6].url == comment.get_absolute_url()
    assert entries[11].url.endswith(f"#sachstand-{report.pk}") and entries[11].detail == "25 %"
    assert entries[4].text == entries[7].text == period.title

    page = client.get(measure.get_absolute_url()).content.decode()
    journey = page[page.index('id="weg"'):]
    assert journey.index("Ergebnis aus dem Workshop") < journey.index("Beschlossen") < journey.index("Erste Fälle")
    assert '<ol class="measure-timeline">' in journey
    assert ProgressReport.objects.get().pk == report.pk


def test_a_busy_day_of_discussion_is_one_step_of_the_journey(planner, period):
    measure = make_measure(by=planner, title="Sozialticket")
    awo = member_of(OrganisationFactory(name="AWO Region Hannover"))
    caritas = member_of(OrganisationFactory(name="Caritasverband Hannover"))
    first = make_comment(measure=measure, author=awo, text="Bitte auch für Studierende.")
    make_comment(measure=measure, author=caritas, text="Wir unterstützen das.")
    make_comment(measure=measure, author=awo, text="Und für Auszubildende.")
    make_comment(measure=measure, author=caritas, text="Gute Idee.", parent=first)
    Comment.objects.filter(measure=measure).update(created_at=_at(5))
    for comment in Comment.objects.filter(measure=measure, parent=None)[:2]:
        Response.objects.create(comment=comment, disposition="uebernommen", reasoning="Wird geprüft.",
                                responded_by=planner)

    entries = measure_timeline(planner, measure_detail(planner, measure.reference))

    discussion = [entry for entry in entries if entry.kind == "comment"]
    assert [(entry.label, entry.text) for entry in discussion] == [
        ("3 Kommentare und 1 Antwort", "von AWO Region Hannover, Caritasverband Hannover")]
    assert discussion[0].url == first.get_absolute_url()
    answers = [entry for entry in entries if entry.kind == "response"]
    assert [(entry.label, entry.text) for entry in answers] == [
        ("2 Stellungnahmen der Verwaltung", "2 × übernommen")]


def test_a_measure_saved_straight_as_adopted_shows_its_adoption_with_the_date(department):
    measure = make_measure(by=department, title="Wohngeld-Schnellspur", publication=Measure.Publication.ADOPTED)
    measure.history.update(history_date=_at(30))

    entries = measure_timeline(department, measure_detail(department, measure.reference))

    adoption = [entry for entry in entries if entry.kind == "publication"]
    assert [(entry.label, entry.day) for entry in adoption] == [("Beschlossen", _at(30).date())]


def test_consultation_from_creation_ends_with_the_adoption_and_later_periods_are_not_its_own(planner, department):
    from tests.actionplan.factories import open_period

    open_period(title="Frühjahrsphase", starts_at=_at(100), ends_at=_at(80))
    open_period(title="Herbstphase", starts_at=_at(20), ends_at=_at(10))
    measure = make_measure(by=planner, title="Sozialticket")  # saved straight into consultation
    measure.history.update(history_date=_at(110))
    measure.refresh_from_db()
    services.measure_update(measure=measure, based_on_version=measure.version, by=department,
                            data=services.MeasureInput(fields={"publication_state": "beschlossen"}))
    measure.history.filter(publication_state="beschlossen").update(history_date=_at(60))

    entries = measure_timeline(planner, measure_detail(planner, measure.reference))

    steps = [(entry.label, entry.text) for entry in entries if entry.kind in ("publication", "period_start",
                                                                             "period_end")]
    assert steps == [("In Beteiligung gegeben", ""), ("Beteiligungsphase beginnt", "Frühjahrsphase"),
                     ("Beteiligungsphase endet", "Frühjahrsphase"), ("Beschlossen", "")]


def test_the_answer_to_a_hidden_comment_stays_a_step_of_the_journey(planner, member, period):
    measure = make_measure(by=planner, title="Sozialticket")
    comment = make_comment(measure=measure, author=member, text="Beleidigender Text")
    Response.objects.create(comment=comment, disposition="kenntnis", reasoning="Wir bleiben beim Ticketpreis.",
                            responded_by=planner)
    services.comment_hide(comment=comment, by=planner, reason="Beleidigung")

    entries = measure_timeline(planner, measure_detail(planner, measure.reference))

    # The comment's text is gone from the record, the administration's published answer is not.
    assert [entry.kind for entry in entries if entry.kind in ("comment", "response")] == ["response"]
    answer = next(entry for entry in entries if entry.kind == "response")
    assert answer.text == "Wir bleiben beim Ticketpreis." and answer.url == comment.get_absolute_url()
