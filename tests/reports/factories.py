"""Rows of the workshops, action plan and statistics apps, built directly for the report's tests."""

import datetime
from decimal import Decimal

import factory

from actionplan.models import Comment, Measure, MeasureIndicator, Milestone, ProgressReport, Response
from core.models import Area, FieldOfAction
from district_statistics.models import Indicator, NonTakeUpEstimate, Value
from tests.factories import OrganisationFactory
from tests.workshops import factories as workshop_factories
from workshops.models import Outcome


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    position = factory.Sequence(lambda n: n)


class EventFactory(workshop_factories.EventFactory):
    title = "Fachtag Armut und Teilhabe"
    date = datetime.date(2026, 9, 18)


class WorkshopFactory(workshop_factories.WorkshopFactory):
    event = factory.SubFactory(EventFactory)
    participant_count = 20


class OutcomeFactory(workshop_factories.OutcomeFactory):
    # The report is mostly about urgent problems, with a little weight from the workshop.
    workshop = factory.SubFactory(WorkshopFactory)
    kind = Outcome.Kind.URGENT
    weight = 3


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"M-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    summary = "Kurzbeschreibung der Maßnahme."
    field_of_action = factory.SubFactory(FieldOfActionFactory)
    status = Measure.Status.IMPLEMENTATION
    publication_state = Measure.Publication.ADOPTED
    start_date = datetime.date(2027, 1, 1)
    end_date = datetime.date(2028, 12, 31)
    cost_estimate = Decimal("125000.00")
    lead_unit = "Fachbereich Soziales"

    @factory.post_generation
    def progress(obj, create, extracted, **kwargs):
        # The percent lives in the measure's newest progress report, never on the measure itself.
        percent = 40 if extracted is None else extracted
        if create and percent:
            ProgressReport.objects.create(measure=obj, title="Sachstand", text="Zwischenstand.", percent=percent)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    measure = factory.SubFactory(MeasureFactory)
    date = datetime.date(2027, 6, 30)
    title = "Konzept liegt vor"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    measure = factory.SubFactory(MeasureFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    position = Comment.Position.CONCERN
    text = factory.Sequence(lambda n: f"Stellungnahme Nummer {n}.")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    comment = factory.SubFactory(CommentFactory)
    disposition = Response.Disposition.PARTLY
    reasoning = "Wird in der zweiten Stufe berücksichtigt."


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    key = factory.Sequence(lambda n: f"indikator-{n}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = Indicator.Unit.PERCENT
    decimals = 1
    source_publisher = "Landeshauptstadt Hannover, Statistikstelle"
    licence = "Datenlizenz Deutschland – Namensnennung – 2.0"
    is_key_indicator = True
    is_example_data = True


class NonTakeUpEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NonTakeUpEstimate

    indicator = factory.SubFactory(IndicatorFactory)
    rate_low = Decimal("30")
    rate_high = Decimal("40")
    source = "Institut für Arbeitsmarkt- und Berufsforschung (IAB), Forschungsbericht 2024"


def add_values(indicator, *, year=2025, base=Decimal("5")):
    """A value for the city and each Stadtteil, so the map and ranking have something to show."""
    rows = [Value(indicator=indicator, area=Area.objects.get(kind=Area.Kind.CITY), year=year, value=base * 2,
                  numerator=Decimal("52000"))]
    for i, area in enumerate(Area.objects.filter(kind=Area.Kind.QUARTER).order_by("number")):
        rows.append(Value(indicator=indicator, area=area, year=year, value=base + Decimal(i) / 4,
                          numerator=Decimal(100 + i * 10)))
    Value.objects.bulk_create(rows)


def link_indicator(measure, indicator, target_text="Quote bis 2030 um 2 Prozentpunkte senken"):
    return MeasureIndicator.objects.create(measure=measure, indicator=indicator, target_text=target_text)
