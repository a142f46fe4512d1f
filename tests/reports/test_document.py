"""The report's content: what the HTML holds and what ends up in the PDF."""

import io
import re

import pytest
from pypdf import PdfReader

from reports import services
from reports.models import ReportExport
from reports.tasks import build_report_task

pytestmark = pytest.mark.django_db

ALL = {"states": ["entwurf", "beteiligung", "beschlossen"], "consultation": True, "statistics": True}
ADOPTED = {"states": ["beschlossen"], "consultation": True, "statistics": True}


def make_export(user, options, *, is_draft):
    opts = services.selectors.ReportOptions.from_dict(options)
    return ReportExport.objects.create(requested_by=user, options=opts.as_dict(), is_draft=is_draft,
                                       options_fingerprint=services._fingerprint(opts.as_dict(), is_draft))


def pdf_text(path):
    reader = PdfReader(path)
    return reader, [page.extract_text() for page in reader.pages]


def test_html_has_every_chapter_measure_and_visible_comment(small_plan, department):
    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))

    assert '<html lang="de">' in html
    for heading in ("Einleitung", "Der Weg zum Aktionsplan", "Handlungsfeld: Bildung und Betreuung",
                    "Handlungsfeld: Wohnen und Energie", "Armut in den Stadtteilen: Kennzahlen",
                    "Dringende Probleme ohne Maßnahme", "Anhang: Beteiligung und Abwägung"):
        assert heading in html
    for measure in (small_plan.kita, small_plan.lunch, small_plan.energy):
        assert measure.title in html
        assert measure.reference in html
    assert "Die Lotsinnen brauchen feste Stellen." in html
    assert "Die Stellen werden unbefristet ausgeschrieben." in html
    assert "teilweise übernommen" in html
    assert "Fachtag Armut und Teilhabe 2026" in html
    # Costs in German format, dates too.
    assert "1.234.567,50 €" in html
    assert "01.01.2027 bis 31.12.2028" in html
    assert "Hannover will Armut gemeinsam bekämpfen." in html


def test_hidden_comments_are_left_out_and_counted(small_plan, department):
    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))

    assert small_plan.hidden.text not in html
    assert "1 Stellungnahme wurde von der Moderation ausgeblendet" in html


def test_draft_is_marked_and_adopted_report_is_not(small_plan, department):
    draft = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    final = services.render_report_html(export=make_export(department, ADOPTED, is_draft=False))

    assert 'class="watermark"' in draft and "ENTWURF – nicht beschlossen" in draft
    assert 'class="watermark"' not in final and "Entwurf – nicht beschlossen" not in final
    assert "beschlossene Fassung" in final
    # The final report holds only adopted measures.
    assert small_plan.energy.title not in final
    assert small_plan.kita.title in final


def test_coverage_lists_only_urgent_problems_no_measure_takes_up(small_plan, department):
    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    coverage = html.split('id="abdeckung"')[1].split("</section>")[0]

    assert small_plan.urgent_open.title in coverage
    assert small_plan.urgent_taken.title not in coverage


def test_statistics_chapter_names_estimate_source_example_data_and_geodata(small_plan, department):
    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    stats = html.split('id="statistik"')[1].split('id="abdeckung"')[0]

    assert "SGB-II-Quote (2025)" in stats
    assert "Dunkelziffer (Schätzung)" in stats
    assert "Gesamtstadt bei 14,3 % bis 16,7 %" in stats  # 10 % city value, 30–40 % not claiming
    assert "Institut für Arbeitsmarkt- und Berufsforschung" in stats
    assert "Beispieldaten" in stats
    assert "Geodaten: Landeshauptstadt Hannover, Bereich Geoinformation, CC BY 4.0" in stats
    assert "Rangfolge der Stadtteile" in stats


def test_options_leave_out_appendix_and_statistics_and_other_fields(small_plan, department):
    options = {"states": ["beschlossen"], "fields_of_action": [small_plan.housing.pk],
               "consultation": False, "statistics": False}
    html = services.render_report_html(export=make_export(department, options, is_draft=False))

    assert "Anhang: Beteiligung und Abwägung" not in html
    assert 'id="statistik"' not in html
    assert "Handlungsfeld: Bildung und Betreuung" not in html
    assert small_plan.kita.title not in html


def test_task_called_directly_writes_pdf_with_titles_toc_page_numbers_and_metadata(
        small_plan, department, media_root):
    export = make_export(department, ALL, is_draft=True)

    build_report_task(export.pk)

    export.refresh_from_db()
    assert export.status == ReportExport.Status.DONE
    assert export.progress == 100
    assert export.file.name.startswith("reports/") and export.file.path.startswith(str(media_root))
    reader, pages = pdf_text(export.file.path)
    assert export.page_count == len(reader.pages) > 5
    assert export.file_size == len(open(export.file.path, "rb").read())
    text = "\n".join(pages)
    for measure in (small_plan.kita, small_plan.lunch, small_plan.energy):
        assert measure.title in text
    # The table of contents (page 2) gives real page numbers: the page where the chapter begins.
    toc = pages[1]
    chapter_page = next(i for i, page in enumerate(pages) if "Handlungsfeld: Wohnen und Energie" in page
                        and i > 1) + 1
    assert re.search(rf"Handlungsfeld: Wohnen und Energie[ .]*{chapter_page}\b", toc)
    assert f"Seite 2 von {len(pages)}" in pages[1]
    # The draft marking is on every page.
    assert all("ENTWURF" in page.upper() for page in pages)
    # The PDF outline lists the chapters with their measures below them.
    outline = [item for item in reader.outline]
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert "Handlungsfeld: Bildung und Betreuung" in titles and "Anhang: Beteiligung und Abwägung" in titles
    nested = [item.title for group in outline if isinstance(group, list) for item in group]
    assert "M-001 Kita-Lotsinnen für Sahlkamp" in nested
    assert reader.metadata.title.startswith("Aktionsplan gegen Armut")
    assert reader.metadata.author == "Landeshauptstadt Hannover, Sozialdezernat"
    assert reader.metadata.creation_date is not None
    # No temporary file is left behind.
    assert [p.name for p in (media_root / "reports").iterdir()] == [export.file.name.split("/")[-1]]


def test_task_exits_quietly_when_the_export_is_gone(db):
    assert build_report_task(999999) is None


def test_german_text_and_fonts_are_embedded(small_plan, department, media_root):
    export = make_export(department, ADOPTED, is_draft=False)
    build_report_task(export.pk)
    export.refresh_from_db()

    reader = PdfReader(io.BytesIO(export.file.read()))
    fonts = set()
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor") or \
                font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVu" in name for name in fonts)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Seite 1 von" not in reader.pages[0].extract_text()
    assert "Stand" in text and "beschlossene Fassung" in text


def test_a_build_leaves_the_garbage_collector_as_the_process_started_it(small_plan, department, media_root):
    """The GC tuning belongs to process start (reports/pdf_runtime.py), never to a request."""
    import gc

    before = gc.get_threshold()
    export = make_export(department, ADOPTED, is_draft=False)
    build_report_task(export.pk)

    assert gc.get_threshold() == before


def test_workshop_counts_are_not_multiplied_by_its_participating_organisations(department):
    from tests.factories import OrganisationFactory
    from tests.reports.factories import OutcomeFactory, WorkshopFactory
    from workshops.models import Outcome

    workshop = WorkshopFactory(number=1, title="Gesundheit und Pflege", participant_count=18)
    workshop.organisations.add(*[OrganisationFactory(name=f"Träger {n}") for n in range(3)])
    OutcomeFactory(workshop=workshop, kind=Outcome.Kind.WORKS)
    OutcomeFactory(workshop=workshop, kind=Outcome.Kind.IMPROVE)
    OutcomeFactory(workshop=workshop, kind=Outcome.Kind.URGENT)
    OutcomeFactory(workshop=workshop, kind=Outcome.Kind.URGENT)

    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    process = html.split('id="prozess"')[1].split("</section>")[0]

    row = process.split("1. Gesundheit und Pflege")[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["1", "1", "2", "18"]
    assert "wurden 4 Ergebnisse festgehalten: 1 bereits erfolgreich umgesetzte Ansätze, 1 Hinweise" in process


def test_final_report_names_no_outcome_of_an_internal_event_under_a_measure(small_plan, department):
    from tests.reports.factories import EventFactory, OutcomeFactory, WorkshopFactory
    from workshops.models import Outcome

    internal = WorkshopFactory(event=EventFactory(title="Interne Vorbesprechung", is_public=False), number=9)
    small_plan.kita.outcomes.add(OutcomeFactory(workshop=internal, kind=Outcome.Kind.IMPROVE,
                                                title="Vertrauliche Notiz aus der Vorbesprechung"))

    final = services.render_report_html(export=make_export(department, ADOPTED, is_draft=False))
    draft = services.render_report_html(export=make_export(department, ALL, is_draft=True))

    kita_final = final.split('id="massnahme-M-001"')[1].split("</article>")[0]
    assert "Vertrauliche Notiz aus der Vorbesprechung" not in final
    assert small_plan.urgent_taken.title in kita_final  # the public outcome stays
    # Planning's draft shows everything the measure takes up.
    assert "Vertrauliche Notiz aus der Vorbesprechung" in draft


def test_appendix_names_commenters_by_public_name_and_organisation_never_by_e_mail(small_plan, department):
    from tests.factories import UserFactory
    from tests.reports.factories import CommentFactory

    nameless = UserFactory(email="geheim.person@example.org", display_name="", first_name="", last_name="")
    named = UserFactory(email="erika@example.org", display_name="Erika Mustermann")
    caritas = small_plan.visible.organisation
    CommentFactory(measure=small_plan.kita, author=nameless, organisation=caritas, text="Ohne Namen gesendet.")
    CommentFactory(measure=small_plan.kita, author=nameless, organisation=None, text="Ganz ohne Träger.")
    CommentFactory(measure=small_plan.kita, author=named, organisation=caritas, text="Mit Namen gesendet.")

    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    appendix = html.split('id="beteiligung"')[1]

    assert "@" not in appendix
    metas = dict((text, meta) for meta, text in re.findall(
        r'comment__meta">(.*?)</p>\s*<p class="comment__text">(.*?)</p>', appendix, re.S))
    assert "<strong>Caritasverband Hannover</strong>" in metas["Ohne Namen gesendet."]
    assert "<strong>Einzelperson</strong>" in metas["Ganz ohne Träger."]
    assert "<strong>Erika Mustermann (Caritasverband Hannover)</strong>" in metas["Mit Namen gesendet."]


def test_download_name_carries_the_date_in_hannover(db):
    import datetime

    export = ReportExport(pk=7, is_draft=False, finished_at=datetime.datetime(2026, 11, 24, 23, 30,
                                                                              tzinfo=datetime.UTC))

    assert export.download_filename() == "aktionsplan-gegen-armut-2026-11-25-nr7.pdf"


def test_example_data_is_labelled_once_per_note(small_plan, department):
    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    assert "Beispieldaten: Beispieldaten" not in html


def test_statistics_chapter_opens_on_the_latest_well_covered_year(small_plan, department):
    from core.models import Area
    from district_statistics.models import Indicator, Value

    poverty = Indicator.objects.get(key="sgb2-quote")
    Value.objects.create(indicator=poverty, area=Area.objects.get(key="stadtteil-21"), year=2026, value="12.0")
    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    stats = html.split('id="statistik"')[1].split('id="abdeckung"')[0]
    assert "SGB-II-Quote (2025)" in stats
    assert "SGB-II-Quote (2026)" not in stats


def test_an_overlong_word_stays_inside_the_page(small_plan, department, media_root):
    from actionplan.models import Comment

    word = "https://www.hannover.de/Sozialleistungsantrag/" + "Q" * 240
    Comment.objects.filter(hidden_at__isnull=True).update(text=f"Bitte beachten: {word}")
    export = make_export(department, ALL, is_draft=True)
    html = services.render_report_html(export=export)
    document = services.render_pdf(html)
    page_width = document.pages[0].width
    pieces = [box for page in document.pages for box in _all_boxes(page._page_box)
              if "QQQQ" in (getattr(box, "text", None) or "")]
    assert pieces
    assert all(box.position_x + box.width <= page_width for box in pieces)


def _all_boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _all_boxes(child)
