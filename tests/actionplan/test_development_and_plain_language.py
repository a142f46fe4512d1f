"""Development around a measure uses the stored numbers with suppression; plain language comes first."""

import datetime
from decimal import Decimal

from django.urls import reverse

from actionplan.development import measure_development
from actionplan.models import MeasureIndicator
from actionplan.readability import readability
from actionplan.selectors import measure_detail
from core.models import Area
from district_statistics.models import NonTakeUpEstimate
from district_statistics.numbers import dark_figure_range, present_value
from tests.actionplan.factories import make_measure, quarter
from tests.district_statistics.factories import IndicatorFactory, ValueFactory

EASY = "Die Stadt hilft Familien. Sie bekommen Geld für das Essen in der Schule. Das ist gut für die Kinder."
HARD = ("Die Inanspruchnahme sozialstaatlicher Transferleistungen durch anspruchsberechtigte Haushalte wird "
        "durch bürokratische Zugangsbarrieren erheblich beeinträchtigt.")


def test_development_chart_numbers_are_the_stored_values_with_small_numbers_hidden(client, planner, period,
                                                                                  settings):
    settings.DEVELOPMENT_YEARS_BEFORE = 2
    area = quarter("Sahlkamp")
    city = Area.objects.get(kind=Area.Kind.CITY)
    indicator = IndicatorFactory(key="kinderarmut-test", name="Kinderarmut", suppression_threshold=10,
                                 counts_benefit_recipients=True)
    estimate = NonTakeUpEstimate.objects.create(indicator=indicator, rate_low=Decimal("34"), rate_high=Decimal("43"),
                                                source="IAB-Forschungsbericht 5/2013")
    stored = {2019: ("31.0", 40), 2020: ("32.5", 8), 2021: ("30.2", 35), 2022: ("29.0", 33)}
    for year, (value, numerator) in stored.items():
        ValueFactory(indicator=indicator, area=area, year=year, value=Decimal(value), numerator=numerator)
        ValueFactory(indicator=indicator, area=city, year=year, value=Decimal("20.0"), numerator=9000)
    measure = make_measure(by=planner, title="Familienzentrum Sahlkamp", areas=[area], citywide=False,
                           start_date=datetime.date(2022, 3, 1))
    MeasureIndicator.objects.create(measure=measure, indicator=indicator)

    [chart] = measure_development(planner, measure_detail(planner, measure.reference))
    assert chart.years == [2020, 2021, 2022]  # from two years before the start to the latest year
    for row in chart.rows:
        value, numerator = stored[row.year]
        assert row.own == present_value(indicator, value=Decimal(value), numerator=numerator)
        assert row.city.text == "20,0 %"
    assert chart.rows[0].own.suppressed and chart.rows[0].own.text == "< 10 Fälle"
    assert "32,5" not in chart.svg  # a suppressed value is not drawn either
    assert "Beginn 2022" in chart.svg
    # The Dunkelziffer estimate as on the statistics pages: from the counted value, never from a hidden one.
    assert chart.rows[0].estimate is None
    assert chart.rows[1].estimate.range_text == dark_figure_range(indicator, estimate, Decimal("30.2")).range_text
    assert chart.rows[1].estimate.range_text == "45,8 % bis 53,0 %"

    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Entwicklung rund um die Maßnahme" in page and "kein Nachweis einer Wirkung" in page
    assert "<td class=\"num\">&lt; 10 Fälle</td>" in page and "<td class=\"num\">30,2 %</td>" in page
    assert "2022 (Beginn)" in page
    assert "Sahlkamp: Schätzung inkl. Dunkelziffer" in page and "<td>45,8 % bis 53,0 %</td>" in page
    assert "49,2" not in page  # 32,5 % with the Dunkelziffer would reveal the hidden value
    assert "Die Schätzung inklusive Dunkelziffer ist keine Zählung" in page


def test_readability_of_known_german_texts():
    easy, hard = readability(EASY), readability(HARD)
    assert easy.flesch == Decimal("90.5") and easy.meets_target and easy.band == "sehr leicht"
    assert hard.flesch == Decimal("0.0") and hard.grade > 15 and not hard.meets_target
    assert readability("Zu kurz.").flesch is None


def test_plain_summary_comes_first_and_the_author_sees_the_score(client, planner, period):
    measure = make_measure(by=planner, title="Essen in der Schule", plain_summary=EASY)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert page.index("In einfacher Sprache") < page.index(measure.summary) < page.index('id="sachstand"')

    client.force_login(planner)
    form = client.get(reverse("actionplan:measure_edit", args=[measure.reference])).content.decode()
    assert "Flesch-Amstad <strong>90,5</strong>" in form and "Ziel erreicht" in form
    check = client.post(reverse("actionplan:readability"), {"plain_summary": HARD}).content.decode()
    assert "Flesch-Amstad <strong>0,0</strong>" in check and "noch zu schwer" in check


def test_planners_see_measures_in_consultation_without_plain_summary(client, planner, period):
    make_measure(by=planner, title="Ohne einfache Sprache")
    make_measure(by=planner, title="Mit einfacher Sprache", plain_summary=EASY)
    client.force_login(planner)
    page = client.get(reverse("actionplan:implementation")).content.decode()
    section = page[page.index('id="einfache-sprache"'):]
    assert "Ohne einfache Sprache" in section and "Mit einfacher Sprache" not in section


def test_the_area_profile_marks_the_start_of_measures_naming_the_area(client, planner, period):
    area = quarter("Sahlkamp")
    indicator = IndicatorFactory(key="sgb2-test", name="SGB-II-Quote")
    for year in (2021, 2022, 2023):
        ValueFactory(indicator=indicator, area=area, year=year, value=Decimal("25.0"))
    make_measure(by=planner, title="Stadtteiltreff", areas=[area], citywide=False,
                 start_date=datetime.date(2022, 5, 1))
    make_measure(by=planner, title="Entwurf bleibt verborgen", areas=[area], citywide=False,
                 publication="entwurf", start_date=datetime.date(2021, 5, 1))
    page = client.get(reverse("statistics:area_detail", args=[area.slug])).content.decode()
    reference = area.measures.get(title="Stadtteiltreff").reference
    assert f"gepunktete Linien: Beginn {reference} (2022)" in page
    assert page.count('class="time-series__marker"') == 1  # the draft is not shown to the public


def test_measures_starting_in_the_same_year_share_one_mark_on_the_area_profile(client, planner, period):
    area = quarter("Sahlkamp")
    indicator = IndicatorFactory(key="sgb2-test", name="SGB-II-Quote")
    for year in (2021, 2022, 2023):
        ValueFactory(indicator=indicator, area=area, year=year, value=Decimal("25.0"))
    for title in ("Stadtteiltreff", "Schuldnerberatung"):
        make_measure(by=planner, title=title, areas=[area], citywide=False, start_date=datetime.date(2022, 5, 1))
    page = client.get(reverse("statistics:area_detail", args=[area.slug])).content.decode()
    assert "gepunktete Linien: Beginn von 2 Maßnahmen (2022)" in page
    assert page.count('class="time-series__marker"') == 1
