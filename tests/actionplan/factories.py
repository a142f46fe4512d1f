"""Small factories for the action plan's tests; workshop data comes from the workshops' factories."""

import datetime

import factory
from django.utils import timezone

from actionplan import services
from actionplan.models import Comment, ConsultationPeriod, Measure, Response
from core.models import Area, FieldOfAction
from tests.workshops import factories as workshop_factories
from workshops.models import Outcome


def field_of_action():
    return FieldOfAction.objects.order_by("position").first()


def make_measure(*, by, title="Familienzentrum am Stadtteiltreff", publication=Measure.Publication.CONSULTATION,
                 status=Measure.Status.IDEA, summary="Ein Familienzentrum bietet Beratung unter einem Dach.",
                 description="", areas=None, citywide=True, outcomes=(), **fields):
    data = services.MeasureInput(
        fields={"title": title, "summary": summary, "description": description,
                "field_of_action": fields.pop("field_of_action", None) or field_of_action(),
                "citywide": citywide, "status": status, "publication_state": publication, **fields},
        m2m={"areas": list(areas or []), "outcomes": list(outcomes)},
    )
    from tests.factories import DepartmentFactory

    if publication == Measure.Publication.ADOPTED and not by.has_perm("actionplan.adopt_measure"):
        by = DepartmentFactory()
    return services.measure_create(data=data, by=by)


def open_period(**kwargs):
    now = timezone.now()
    return ConsultationPeriod.objects.create(
        title=kwargs.get("title", "Beteiligungsphase Test"),
        starts_at=kwargs.get("starts_at", now - datetime.timedelta(days=1)),
        ends_at=kwargs.get("ends_at", now + datetime.timedelta(days=10)),
    )


def closed_period():
    now = timezone.now()
    return ConsultationPeriod.objects.create(title="Vergangene Phase", starts_at=now - datetime.timedelta(days=30),
                                            ends_at=now - datetime.timedelta(days=2))


def make_comment(*, measure, author, text="Wir unterstützen das.", position=Comment.Position.AGREE, parent=None):
    organisation = author.memberships.filter(confirmed=True).first().organisation
    return Comment.objects.create(measure=measure, author=author, organisation=organisation, text=text,
                                  position="" if parent else position, parent=parent)


class OutcomeFactory(workshop_factories.OutcomeFactory):
    """An urgent problem with a field of action: what the action plan's pages mostly work with."""

    kind = Outcome.Kind.URGENT
    title = factory.Sequence(lambda n: f"Dringendes Problem {n}")
    description = "Beschreibung des Problems"
    field_of_action = factory.LazyFunction(field_of_action)


def make_discussion(*, measure, threads, author, replier, responder):
    """`threads` comments by `author`, each with a reply by `replier` and an answer of the administration."""
    for _ in range(threads):
        top = make_comment(measure=measure, author=author)
        make_comment(measure=measure, author=replier, parent=top)
        Response.objects.create(comment=top, disposition="kenntnis", reasoning="Danke", responded_by=responder)


def quarter(name):
    return Area.objects.get(kind=Area.Kind.QUARTER, name=name)
