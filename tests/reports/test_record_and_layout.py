"""The PDF keeps the consultation record whole and reads as finished: every status, no stray pages."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from reports.models import ReportExport
from reports.tasks import build_report_task
from tests.factories import OrganisationFactory, UserFactory
from tests.reports.factories import (
    CommentFactory,
    FieldOfActionFactory,
    IndicatorFactory,
    ResponseFactory,
    add_values,
)
from tests.reports.test_document import ALL, make_export

pytestmark = pytest.mark.django_db

# Running header and footer, and the draft watermark: on every page, not content.
FRAME = ("Aktionsplan gegen Armut", "Landeshauptstadt Hannover · Sozialdezernat", "Seite ", "ENTWURF")


def build_pdf(user, options=ALL):
    export = make_export(user, options, is_draft=True)
    build_report_task(export.pk)
    export.refresh_from_db()
    assert export.status == ReportExport.Status.DONE
    return [page.extract_text() for page in PdfReader(export.file.path).pages]


def content_lines(page, chapter_names):
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [line for line in lines
            if not any(line.startswith(frame) or line.upper() == frame for frame in FRAME)
            and line not in chapter_names]


def joined(pages):
    # WeasyPrint hyphenates German words at line ends with U+2010.
    return "\n".join(pages).replace("\u2010\n", "").replace("\n", " ")


def hide(comment, reason):
    comment.hidden_at = timezone.now()
    comment.hidden_reason = reason
    comment.save()


def test_hidden_comment_keeps_its_published_answer_and_replies_in_context(small_plan, department, media_root):
    caritas = OrganisationFactory(name="Caritasverband Hannover")
    awo = OrganisationFactory(name="AWO Region Hannover")
    rude = CommentFactory(measure=small_plan.kita, organisation=caritas,
                          text="Unsachliche Beschimpfung der Verwaltung.")
    ResponseFactory(comment=rude, reasoning="Die Verwaltung prüft die Öffnungszeiten trotzdem.")
    CommentFactory(measure=small_plan.kita, organisation=awo, parent=rude,
                   text="Die Öffnungszeiten sind wirklich knapp.")
    hide(rude, "Beleidigung")

    text = joined(build_pdf(department, {**ALL, "statistics": False}))

    assert "Unsachliche Beschimpfung" not in text
    assert "Die Verwaltung prüft die Öffnungszeiten trotzdem." in text
    assert "ausgeblendet" in text and "Grund: Beleidigung" in text
    assert "Die Öffnungszeiten sind wirklich knapp." in text
    assert "Antwort von AWO Region Hannover auf die ausgeblendete Stellungnahme von Caritasverband Hannover" in text


def test_replies_stand_under_their_statement_are_not_counted_and_carry_no_abwaegung(small_plan, department):
    from reports import services

    awo = OrganisationFactory(name="AWO Region Hannover")
    parent = small_plan.kita.comments.get(text="Die Lotsinnen brauchen feste Stellen.")
    CommentFactory(measure=small_plan.kita, organisation=awo, parent=parent, text="Dem schließen wir uns an.")
    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))

    # M-001 has one visible Stellungnahme; the reply does not make it two.
    assert "1 Stellungnahme aus der Beteiligung: siehe Anhang" in html
    assert "Hier stehen alle 3 sichtbaren Stellungnahmen" in html
    reply_at = html.index("Dem schließen wir uns an.")
    assert html.index("Die Lotsinnen brauchen feste Stellen.") < reply_at
    assert "Antwort von" in html[html.rindex("<p", 0, reply_at - 40):reply_at]
    # No "noch offen" for a reply: only the three Stellungnahmen get an Abwägung line, one answered.
    assert html.count("Abwägung der Verwaltung: noch offen.") == 2


def test_every_measure_shows_its_status_and_publication_state(small_plan, department, media_root):
    pages = build_pdf(department, {**ALL, "statistics": False, "consultation": False})
    for measure in (small_plan.kita, small_plan.lunch, small_plan.energy):
        page = next(p for p in pages if measure.title in p)
        # The line under the title: status, progress, publication state, priority.
        state_line = f"% umgesetzt {measure.get_publication_state_display()} Priorität"
        assert measure.get_status_display() in page
        assert state_line in page.replace("\n", " "), measure.title


def test_total_row_is_printed_once_at_the_end_of_the_overview(small_plan, department, media_root):
    for number in range(40):
        FieldOfActionFactory(name=f"Handlungsfeld {number:02d} mit langem Namen für den Zeilenumbruch",
                             position=10 + number)
    pages = build_pdf(department, {**ALL, "statistics": False, "consultation": False})
    # The overview's total: "zusammen" and one number (the workshop table's total row has several).
    total = re.compile(r"^zusammen \d+(ENTWURF)?$", re.MULTILINE)
    assert sum(len(total.findall(page)) for page in pages) == 1
    total_page = next(page for page in pages if total.search(page))
    assert "Handlungsfeld 39 mit langem Namen" in total_page


@pytest.mark.parametrize("states", [["beteiligung", "beschlossen"], ["beschlossen"]])
def test_no_page_holds_only_a_line_or_two(department, media_root, states):
    """The demo plan as a draft with measures in consultation and adopted: the last measure of a chapter
    used to leave "2 Stellungnahmen aus der Beteiligung: siehe Anhang" nearly alone on a page. Only the
    adopted ones, which nobody commented on: an appendix page used to say "alle 0 Stellungnahmen"."""
    from actionplan.models import Comment

    call_command("seed_demo", stdout=io.StringIO())
    if states == ["beschlossen"]:
        # The demo tells one adopted measure's consultation in full; here nobody commented on any.
        Comment.objects.filter(measure__publication_state="beschlossen").delete()
    pages = build_pdf(department, {"states": states, "consultation": True, "statistics": False})
    chapters = {line.strip() for page in pages for line in page.splitlines()
                if line.startswith(("Handlungsfeld: ", "Anhang: ", "Inhalt", "Einleitung", "Impressum"))
                and "...." not in line}
    thin = {number: lines for number, page in enumerate(pages[1:-1], start=2)
            if len(lines := content_lines(page, chapters)) < 5}
    # Title page and imprint are short by design; every other page carries real content.
    assert thin == {}
    assert "Impressum" in pages[-1]
    if states == ["beschlossen"]:
        assert "Anhang: Beteiligung und Abwägung" not in joined(pages)
        assert "keine Stellungnahmen aus der Beteiligung vor; der Anhang „Beteiligung und Abwägung“ entfällt" in (
            joined(pages))


def test_a_thread_is_never_cut_from_its_stellungnahme_and_the_overview_stays_on_one_page(department, media_root):
    """As people keep commenting, the appendix's page breaks move. An Abwägung or a reply used to open
    the appendix's last page alone, cut off from the Stellungnahme it belongs to."""
    from actionplan.models import Comment, Measure
    from core.models import Organisation

    call_command("seed_demo", stdout=io.StringIO())
    measure = Measure.objects.get(reference="M-2026-002")
    organisation = Organisation.objects.get(name__startswith="AWO")
    options = {"states": ["beteiligung", "beschlossen"], "consultation": True, "statistics": False}
    for extra in range(5):
        if extra:
            Comment.objects.create(measure=measure, organisation=organisation, author=department,
                                   position="zustimmung", text="Wir bieten Sprechstunden im Stadtteil an. " * extra)
        pages = build_pdf(department, options)
        start = next(n for n, page in enumerate(pages) if page.lstrip().startswith("Anhang: Beteiligung"))
        # The appendix's pages after its first, up to the imprint.
        for number, page in enumerate(pages[start + 1:-1], start=start + 2):
            first = content_lines(page, {"Anhang: Beteiligung und Abwägung"})[0]
            assert not first.startswith(("Abwägung der Verwaltung", "Antwort von")), (extra, number, first)
        overview = next(page for page in pages if "Die Maßnahmen im Überblick" in page)
        assert re.search(r"^zusammen \d+(ENTWURF)?$", overview, re.MULTILINE), "Überblick und Summe auf einer Seite"


def test_statistics_chapter_has_every_published_indicator(small_plan, department):
    from reports import services

    for name in ("Arbeitslosenquote", "Wohngeldquote", "Kinderarmut"):
        add_values(IndicatorFactory(name=name, is_key_indicator=False, is_published=True))
    IndicatorFactory(name="Unveröffentlichter Indikator", is_published=False)
    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    for name in ("SGB-II-Quote", "Arbeitslosenquote", "Wohngeldquote", "Kinderarmut"):
        assert f"<h2>{name}" in html
    assert "Unveröffentlichter Indikator" not in html


def test_reply_from_a_person_without_public_name_never_shows_the_e_mail(small_plan, department):
    from reports import services

    parent = small_plan.kita.comments.get(text="Die Lotsinnen brauchen feste Stellen.")
    person = UserFactory(email="geheim@example.org", display_name="")
    CommentFactory(measure=small_plan.kita, parent=parent, author=person, text="Kurze Antwort.")
    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    assert "Kurze Antwort." in html
    assert "geheim@example.org" not in html
