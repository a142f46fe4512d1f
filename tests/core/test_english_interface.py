"""Every interface text goes through the translation catalogue: switched to English with the footer's
language switch, the main pages show no German interface text any more – only what people wrote.

The German source texts are the msgids of the English catalogue. A page "still speaks German" where a
piece of its text (a text node, or a label read out by screen readers) is exactly such a msgid, or
matches one with its placeholders filled in. Demo content (measures, comments, indicator names) is
what people wrote and stays German; it never equals an interface text, so it needs no exception.
"""

import gettext
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"
READ_OUT = ("aria-label", "title", "placeholder", "alt", "data-label")
# Literal vocabulary of files and the API (column names people type, parameter names) is code, not prose.
LITERAL = ("script", "style", "code", "pre")


def _german_interface_texts():
    """(msgid, pattern) for every German source text whose English differs (not "CSV", "Workshop")."""
    with CATALOGUE.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    english_words = {" ".join(str(english).split()) for english in catalogue.values()}
    texts = {}
    for key, english in catalogue.items():
        german = key[0] if isinstance(key, tuple) else key
        if not german or "<" in german:
            continue
        german = german.split("\x04")[-1]  # drop a msgctxt
        if english == german:
            continue
        shown = " ".join(html.unescape(german).split())
        if not re.search(r"[A-Za-zÄÖÜäöüß]{2}", shown):
            continue
        if shown in english_words:
            continue  # also an English text ("Start", "Demo"): it says nothing about a page's language
        parts = re.split(r"%\([a-z_0-9]+\)[sd]|%[sd]|\{[a-z_]+\}", shown.replace("%%", "%"))
        if len(parts) > 1 and len(re.findall(r"[A-Za-zÄÖÜäöüß]", "".join(parts))) < 12:
            continue  # "%(name)s von %(person)s" would match any text with " von " in it
        texts[german] = re.compile(".+?".join(re.escape(part) for part in parts))
    return texts


class _Pieces(HTMLParser):
    """The text nodes and read-out labels of a page, whitespace collapsed, without scripts and code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in LITERAL:
            self._skip += 1
        for name, value in attrs:
            if name in READ_OUT and value:
                self.pieces.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in LITERAL and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skip:
            self.pieces.append(text)


def _german_left_on(page, texts):
    parser = _Pieces()
    parser.feed(page)
    return sorted({german for piece in parser.pieces for german, pattern in texts.items()
                   if pattern.fullmatch(piece)})


def _main_pages():
    from actionplan.models import Measure
    from core.models import Area
    from district_statistics.models import Indicator
    from workshops.models import Event, Outcome, Workshop

    event = Event.objects.order_by("pk").first()
    workshop = Workshop.objects.order_by("pk").first()
    outcome = Outcome.objects.order_by("pk").first()
    measure = Measure.objects.filter(publication_state=Measure.Publication.CONSULTATION).order_by("pk").first()
    in_implementation = Measure.objects.filter(status=Measure.Status.IMPLEMENTATION).order_by("pk").first()
    indicator = Indicator.objects.filter(is_published=True).order_by("pk").first()
    quarter = Area.objects.get(kind=Area.Kind.QUARTER, name="Sahlkamp")
    public = [
        reverse("home"),
        reverse("workshops:index"),
        reverse("workshops:event_detail", args=[event.slug]),
        reverse("workshops:board", args=[workshop.pk]),
        reverse("workshops:outcome_list"),
        reverse("workshops:outcome_detail", args=[outcome.pk]),
        reverse("actionplan:index"),
        reverse("actionplan:measure_detail", args=[measure.reference]),
        reverse("actionplan:measure_detail", args=[in_implementation.reference]),
        reverse("actionplan:need_and_action"),
        reverse("actionplan:implementation"),
        reverse("statistics:index"),
        reverse("statistics:indicator_detail", args=[indicator.key]),
        reverse("statistics:indicator_detail", args=[indicator.key]) + "?ebene=bezirk",
        reverse("statistics:area_detail", args=[quarter.slug]),
        reverse("statistics:export"),
        reverse("statistics:published_figures"),
        reverse("reports:index"),
        reverse("opendata:documentation"),
        reverse("account_login"),
        "/gibt-es-nicht/",
    ]
    planning = [
        reverse("home"),
        reverse("actionplan:measure_detail", args=[measure.reference]),
        reverse("actionplan:measure_edit", args=[measure.reference]),
        reverse("actionplan:measure_create"),
        reverse("actionplan:consultation"),
        reverse("actionplan:coverage"),
        reverse("actionplan:moderation"),
        reverse("actionplan:my_follows"),
        reverse("actionplan:measure_history", args=[measure.reference]),
        reverse("actionplan:implementation"),
        reverse("workshops:outcome_edit", args=[outcome.pk]),
        reverse("workshops:outcome_import", args=[workshop.pk]),
        reverse("statistics:import_upload"),
        reverse("statistics:import_logs"),
        reverse("reports:index"),
        reverse("core:profile"),
    ]
    return public, planning


@pytest.fixture
def demo_content():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from core.models import User

    return User.objects.get(email="planung@demo.hannover-teilhabe.de")


def _in_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    return client


def test_the_main_pages_in_english_show_no_german_interface_text(client, demo_content):
    texts = _german_interface_texts()
    assert len(texts) > 1000, "the English catalogue covers the whole interface"
    public, planning = _main_pages()
    left = {}
    _in_english(client)
    for url in public:
        page = client.get(url)
        assert page.status_code in (200, 404), url
        assert '<html lang="en">' in page.content.decode()
        left[f"öffentlich {url}"] = _german_left_on(page.content.decode(), texts)
    client.force_login(demo_content)
    for url in planning:
        page = client.get(url)
        assert page.status_code == 200, url
        left[f"planung {url}"] = _german_left_on(page.content.decode(), texts)
    left = {page: german for page, german in left.items() if german}
    assert left == {}, "\n".join(f"{page}: {german}" for page, german in left.items())


def test_the_check_would_find_german_left_on_a_page(client, demo_content):
    """The same pages in German are full of the catalogue's source texts: the check above can fail."""
    texts = _german_interface_texts()
    page = client.get(reverse("actionplan:index")).content.decode()
    assert {"Maßnahmen filtern", "Filter zurücksetzen", "Zum Inhalt springen"} <= set(_german_left_on(page, texts))


def test_german_stays_the_default_even_for_an_english_browser(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="de">' in page
    assert "Zum Inhalt springen" in page


def test_the_footer_switches_the_language_and_back(client):
    page = client.get(reverse("workshops:index")).content.decode()
    assert 'action="/sprache/setlang/"' in page and '<option value="en" lang="en"' in page
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("workshops:index")})
    assert response.status_code == 302 and response["Location"] == reverse("workshops:index")
    english = client.get(reverse("workshops:index")).content.decode()
    assert "Skip to content" in english and "Zum Inhalt springen" not in english
    client.post(reverse("set_language"), {"language": "de", "next": reverse("home")})
    assert "Zum Inhalt springen" in client.get(reverse("home")).content.decode()
