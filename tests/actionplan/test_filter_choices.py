"""The measure filter offers master data as it is now, read once per change and not per visit."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Measure
from core.models import Area, FieldOfAction, TargetGroup
from tests.actionplan.factories import make_measure, quarter
from tests.factories import OrganisationFactory


def _list(client):
    return client.get(reverse("actionplan:index")).content.decode()


def test_new_field_of_action_is_offered_at_once(client, planner, period):
    assert "Digitale Teilhabe" not in _list(client)
    field = FieldOfAction.objects.create(name="Digitale Teilhabe", position=99)
    assert f'<option value="{field.pk}">Digitale Teilhabe</option>' in _list(client)


def test_renamed_area_is_offered_under_its_new_name(client, planner, period):
    area = quarter("Linden-Süd")
    assert "Linden-Süd (Stadtteil)" in _list(client)
    area.name = "Linden-Süd am Ihme-Ufer"
    area.save()
    body = _list(client)
    assert "Linden-Süd am Ihme-Ufer (Stadtteil)" in body and "Linden-Süd (Stadtteil)" not in body


def test_deleted_target_group_is_no_longer_offered(client, planner, period):
    group = TargetGroup.objects.create(name="Vorübergehende Zielgruppe")
    assert "Vorübergehende Zielgruppe" in _list(client)
    group.delete()
    assert "Vorübergehende Zielgruppe" not in _list(client)


def test_lead_of_a_draft_is_offered_to_the_public_once_the_measure_is_published(client, planner, period):
    lead = OrganisationFactory(name="Stadtteilverein Vahrenheide e. V.")
    measure = make_measure(by=planner, publication=Measure.Publication.DRAFT, lead_organisation=lead)
    assert "Stadtteilverein Vahrenheide" not in _list(client)
    client.force_login(planner)
    assert "Stadtteilverein Vahrenheide" in _list(client)
    client.logout()
    measure.publication_state = Measure.Publication.CONSULTATION
    measure.save()
    assert f'<option value="{lead.pk}">Stadtteilverein Vahrenheide e. V.</option>' in _list(client)


def test_filter_reads_master_data_once_per_change_not_per_visit(client, planner, period):
    make_measure(by=planner)
    _list(client)
    with CaptureQueriesContext(connection) as ctx:
        body = _list(client)
    assert 'FROM "core_area" ORDER BY' not in " ".join(q["sql"] for q in ctx.captured_queries)
    assert f"{Area.objects.get(kind=Area.Kind.CITY).name}</option>" in body


def test_chosen_filter_values_stay_selected(client, planner, period):
    area = quarter("Linden-Süd")
    body = client.get(reverse("actionplan:index"), {"area": area.pk, "status": "idee"}).content.decode()
    assert f'<option value="{area.pk}" selected>Linden-Süd (Stadtteil)</option>' in body
    assert '<option value="idee" selected>' in body
