import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from actionplan.models import Measure
from core.models import Area
from reports.models import ReportSettings
from tests.factories import OrganisationFactory
from tests.reports.factories import (
    CommentFactory,
    EventFactory,
    FieldOfActionFactory,
    IndicatorFactory,
    MeasureFactory,
    MilestoneFactory,
    NonTakeUpEstimateFactory,
    OutcomeFactory,
    ResponseFactory,
    WorkshopFactory,
    add_values,
    link_indicator,
)
from workshops.models import Outcome


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The factories hash a password for every person; the permission matrices create many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def small_plan(db):
    """Two fields of action, three measures (one still in consultation), comments incl. a hidden one."""
    settings = ReportSettings.load()
    settings.intro_text = "Hannover will Armut gemeinsam bekämpfen.\n\nDieser Plan bündelt die Maßnahmen."
    settings.version_label = "0.9"
    settings.save()

    diakonie = OrganisationFactory(name="Diakonisches Werk Hannover")
    caritas = OrganisationFactory(name="Caritasverband Hannover")
    education = FieldOfActionFactory(name="Bildung und Betreuung", position=1)
    housing = FieldOfActionFactory(name="Wohnen und Energie", position=2)

    event = EventFactory(title="Fachtag Armut und Teilhabe 2026")
    w1 = WorkshopFactory(event=event, number=1, title="Kinder und Familien")
    w2 = WorkshopFactory(event=event, number=2, title="Wohnen im Quartier")
    works = OutcomeFactory(workshop=w1, kind=Outcome.Kind.WORKS, title="Familienzentren wirken")
    urgent_taken = OutcomeFactory(workshop=w1, title="Zu wenige Kita-Plätze in Sahlkamp", field_of_action=education)
    urgent_open = OutcomeFactory(workshop=w2, title="Energieschulden führen zu Stromsperren", field_of_action=housing)
    OutcomeFactory(workshop=w2, kind=Outcome.Kind.IMPROVE, title="Beratung zu Wohngeld bekannter machen")

    kita = MeasureFactory(reference="M-001", title="Kita-Lotsinnen für Sahlkamp", field_of_action=education,
                          lead_organisation=diakonie, cost_estimate="1234567.50")
    kita.partners.add(caritas)
    kita.areas.add(Area.objects.get(key="stadtteil-10") if Area.objects.filter(key="stadtteil-10").exists()
                   else Area.objects.filter(kind=Area.Kind.QUARTER).first())
    kita.outcomes.add(urgent_taken, works)
    MilestoneFactory(measure=kita, date=datetime.date(2027, 3, 1), title="Zwei Lotsinnen eingestellt")
    lunch = MeasureFactory(reference="M-002", title="Kostenloses Mittagessen an Grundschulen",
                           field_of_action=education, status=Measure.Status.PLANNING, progress=10)
    energy = MeasureFactory(reference="M-003", title="Energiesparberatung im Quartier", field_of_action=housing,
                            publication_state=Measure.Publication.CONSULTATION, citywide=True)

    poverty = IndicatorFactory(name="SGB-II-Quote", key="sgb2-quote", counts_benefit_recipients=True)
    add_values(poverty)
    NonTakeUpEstimateFactory(indicator=poverty)
    link_indicator(kita, poverty)

    visible = CommentFactory(measure=kita, organisation=caritas, text="Die Lotsinnen brauchen feste Stellen.")
    ResponseFactory(comment=visible, reasoning="Die Stellen werden unbefristet ausgeschrieben.")
    CommentFactory(measure=lunch, organisation=diakonie, text="Bitte auch die Ferien bedenken.")
    hidden = CommentFactory(measure=kita, text="Beleidigender Beitrag, der ausgeblendet wurde.")
    hidden.hidden_at = timezone.now()
    hidden.save()
    CommentFactory(measure=energy, organisation=caritas, text="Beratung auch auf Türkisch anbieten.")

    return SimpleNamespace(kita=kita, lunch=lunch, energy=energy, urgent_open=urgent_open,
                           urgent_taken=urgent_taken, hidden=hidden, visible=visible, indicator=poverty,
                           education=education, housing=housing)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service as if its transaction committed (tests run inside one that never does)."""
    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)
    return run
