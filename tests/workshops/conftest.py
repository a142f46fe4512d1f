import pytest

from core.models import Area, FieldOfAction, TargetGroup
from tests.workshops.factories import EventFactory, WorkshopFactory


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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The role matrix creates many users; real hashing costs seconds and tests nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
