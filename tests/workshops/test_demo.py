import pytest
from django.core.management import call_command

from workshops.demo import EVENT_SLUG
from workshops.models import Event, Outcome, Workshop


@pytest.mark.django_db
def test_demo_fachtag_has_four_workshops_with_outcomes_of_every_kind_and_is_idempotent():
    call_command("seed_demo", stdout=None)
    counts = (Event.objects.count(), Workshop.objects.count(), Outcome.objects.count())
    call_command("seed_demo", stdout=None)
    assert (Event.objects.count(), Workshop.objects.count(), Outcome.objects.count()) == counts

    event = Event.objects.get(slug=EVENT_SLUG)
    assert event.is_demo and event.is_public
    assert event.date.year == 2026
    assert "Hannover" in event.place
    workshops = list(event.workshops.order_by("number"))
    assert [w.number for w in workshops] == [1, 2, 3, 4]
    for workshop in workshops:
        outcomes = list(workshop.outcomes.all())
        assert 8 <= len(outcomes) <= 10
        assert {o.kind for o in outcomes} == set(Outcome.Kind.values)
        assert all(o.created_by and o.created_by.email == "planung@demo.hannover-teilhabe.de" for o in outcomes)
    assert Outcome.objects.filter(citywide=True).exists()
    assert Outcome.objects.filter(areas__name="Sahlkamp").exists()
    assert Outcome.objects.exclude(existing_offer="").filter(kind=Outcome.Kind.WORKS).count() >= 8
    assert not Outcome.objects.exclude(existing_offer="").exclude(kind=Outcome.Kind.WORKS).exists()
