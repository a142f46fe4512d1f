import io

from django.core.management import call_command
from django.urls import reverse

from actionplan.models import Comment, CommentReport, ConsultationPeriod, Follow, Measure, Response, StatusChange
from actionplan.rules import consultation_is_open


def _counts():
    return {model.__name__: model.objects.count()
            for model in (Measure, Comment, Response, StatusChange, Follow, ConsultationPeriod, CommentReport)}


def test_demo_covers_every_state_and_is_idempotent(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first

    measures = Measure.objects.all()
    assert 12 <= measures.count() <= 16
    assert all(m.is_demo for m in measures)
    assert {m.status for m in measures} == set(Measure.Status.values)
    assert {m.publication_state for m in measures} == set(Measure.Publication.values)
    assert consultation_is_open()
    assert all(m.outcomes.exists() for m in measures)
    comments = Comment.objects.all()
    assert {c.position for c in comments.filter(parent=None)} == set(Comment.Position.values)
    assert set(Response.objects.values_list("disposition", flat=True)) == set(Response.Disposition.values)
    hidden = comments.get(hidden_at__isnull=False)
    assert hidden.replies.exists()
    assert Follow.objects.exists()
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 1

    coverage = client.get(reverse("actionplan:coverage")).content.decode()
    assert "Keine Anlaufstelle für Menschen ohne Konto" in coverage
    assert "Energieschulden und drohende Stromsperren" not in coverage
    listing = client.get(reverse("actionplan:index")).content.decode()
    assert "badge--demo" in listing
    assert "Schulstarterpaket ergänzen" not in listing  # a draft
