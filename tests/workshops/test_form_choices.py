"""The board's forms offer master data as it is now, read once per change and not per visit."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Area, FieldOfAction, TargetGroup
from tests.workshops.factories import OutcomeFactory


def _board(client, workshop):
    return client.get(workshop.get_absolute_url()).content.decode()


def test_new_target_group_is_a_checkbox_on_the_next_board(client, planner, workshop):
    client.force_login(planner)
    assert "Wohnungslose Menschen" not in _board(client, workshop)
    group = TargetGroup.objects.create(name="Wohnungslose Menschen", position=99)
    board = _board(client, workshop)
    assert f'<input type="checkbox" name="neu-dringend-target_groups" value="{group.pk}"' in board
    assert '<label for="id_neu-dringend-target_groups_' in board and ">Wohnungslose Menschen</label>" in board


def test_retired_field_of_action_is_offered_only_where_an_outcome_keeps_it(client, planner, workshop, housing):
    client.force_login(planner)
    outcome = OutcomeFactory(workshop=workshop, field_of_action=housing)
    housing.is_active = False
    housing.save()
    assert f'<option value="{housing.pk}">Wohnen</option>' not in _board(client, workshop)
    edit = client.get(reverse("workshops:outcome_edit", args=[outcome.pk])).content.decode()
    assert f'<option value="{housing.pk}" selected>Wohnen</option>' in edit


def test_renamed_area_is_offered_under_its_new_name(client, planner, workshop, sahlkamp):
    client.force_login(planner)
    assert ">Sahlkamp</option>" in _board(client, workshop)
    sahlkamp.name = "Sahlkamp-Nord"
    sahlkamp.save()
    board = _board(client, workshop)
    assert ">Sahlkamp-Nord</option>" in board and ">Sahlkamp</option>" not in board


def test_board_reads_master_data_once_per_change_not_per_visit(client, planner, workshop):
    client.force_login(planner)
    _board(client, workshop)
    with CaptureQueriesContext(connection) as ctx:
        board = _board(client, workshop)
    sql = " ".join(query["sql"] for query in ctx.captured_queries)
    assert 'FROM "core_targetgroup"' not in sql and 'FROM "core_fieldofaction"' not in sql
    assert 'FROM "core_area" WHERE NOT' not in sql
    assert f">{Area.objects.filter(kind=Area.Kind.QUARTER).order_by('name').first().name}</option>" in board
    assert board.count(f">{FieldOfAction.objects.filter(is_active=True).first().name}</option>") == 3


def _outcome_list(client, **params):
    return client.get(reverse("workshops:outcome_list"), params).content.decode()


def test_outcome_filter_offers_master_data_as_it_is_now_without_reading_it_per_visit(client, sahlkamp):
    _outcome_list(client)
    with CaptureQueriesContext(connection) as ctx:
        page = _outcome_list(client, place=sahlkamp.key)
    sql = " ".join(query["sql"] for query in ctx.captured_queries)
    assert 'FROM "core_targetgroup"' not in sql and 'FROM "core_fieldofaction"' not in sql
    assert f'<option value="{sahlkamp.key}" selected>Sahlkamp</option>' in page

    group = TargetGroup.objects.create(name="Wohnungslose Menschen", position=99)
    assert f'<option value="{group.pk}">Wohnungslose Menschen</option>' in _outcome_list(client)
    sahlkamp.name = "Sahlkamp-Nord"
    sahlkamp.save()
    assert f'<option value="{sahlkamp.key}" selected>Sahlkamp-Nord</option>' in _outcome_list(
        client, place=sahlkamp.key)
