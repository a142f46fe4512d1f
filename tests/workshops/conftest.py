import pytest

from core.models import Area, FieldOfAction, TargetGroup
from tests.workshops.factories import EventFactory, OutcomeFactory, WorkshopFactory


@pytest.fixture
def event(db):
    return EventFactory(title="Fachtag „Armut und Teilhabe“", slug="fachtag-test", is_public=True)


@pytest.fixture
def internal_event(db):
    return EventFactory(title="Interne Nachbesprechung", slug="intern", is_public=False)


@pytest.fixture
def workshop(event):
    return WorkshopFactory(event=event, number=1, title="Wohnen und Quartier")


@pytest.fixture
def internal_workshop(internal_event):
    return WorkshopFactory(event=internal_event, number=1, title="Interner Workshop")


@pytest.fixture
def housing(db):
    return FieldOfAction.objects.get(name="Wohnen")


@pytest.fixture
def education(db):
    return FieldOfAction.objects.get(name="Bildung")


@pytest.fixture
def single_parents(db):
    return TargetGroup.objects.get(name="Alleinerziehende")


@pytest.fixture
def elderly(db):
    return TargetGroup.objects.get(name="Ältere Menschen")


@pytest.fixture
def sahlkamp(db):
    return Area.objects.get(kind=Area.Kind.QUARTER, name="Sahlkamp")


@pytest.fixture
def linden_sued(db):
    return Area.objects.get(kind=Area.Kind.QUARTER, name="Linden-Süd")


@pytest.fixture
def linden_limmer(db):
    return Area.objects.get(kind=Area.Kind.DISTRICT, name="Linden-Limmer")


@pytest.fixture
def catalogue(event, workshop, housing, education, single_parents, elderly, sahlkamp, linden_sued):
    second = WorkshopFactory(event=event, number=2, title="Bildung")
    return {
        "a": OutcomeFactory(workshop=workshop, kind="dringend", title="Energieschulden", field_of_action=housing,
                            target_groups=[single_parents], areas=[linden_sued]),
        "b": OutcomeFactory(workshop=workshop, kind="dringend", title="Zwangsräumungen", field_of_action=housing,
                            target_groups=[elderly], areas=[sahlkamp]),
        "c": OutcomeFactory(workshop=workshop, kind="erfolgreich", title="Stadtteiltreff",
                            field_of_action=housing, target_groups=[single_parents], areas=[sahlkamp]),
        "d": OutcomeFactory(workshop=second, kind="dringend", title="Kinderarmut", field_of_action=education,
                            target_groups=[single_parents], citywide=True, description="Schulmaterial fehlt"),
        "second": second,
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The role matrix creates many users; real hashing costs seconds and tests nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
