import datetime

import factory

from workshops.models import Event, Outcome, Workshop


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Fachtag {n}")
    slug = factory.Sequence(lambda n: f"fachtag-{n}")
    date = datetime.date(2026, 3, 18)
    place = "Neues Rathaus Hannover"
    is_public = True


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Workshop-Thema {n}")


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome
        skip_postgeneration_save = True

    workshop = factory.SubFactory(WorkshopFactory)
    kind = Outcome.Kind.IMPROVE
    title = factory.Sequence(lambda n: f"Ergebnis {n}")
    description = "Beschreibung aus dem Workshop"
    weight = 0

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.target_groups.set(extracted)

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.areas.set(extracted)
