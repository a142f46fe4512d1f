"""Who may do what in the action plan.

Planung writes measures and answers comments; only the Dezernat adopts ("beschlossen");
confirmed organisation members comment as their organisation while a consultation period is
open; the public reads what is "in Beteiligung" or "beschlossen", never drafts.
"""

import datetime

import rules

from core.permissions import confirmed_organisation_ids, is_confirmed_member, is_department, is_logged_in, is_planner

PUBLIC_STATES = ("beteiligung", "beschlossen")


def consultation_is_open(at: datetime.datetime | None = None) -> bool:
    """Whether organisations may comment at `at` (now); predicates, services and pages all ask here."""
    from actionplan.models import ConsultationPeriod

    return ConsultationPeriod.objects.open_at(at).exists()


def _measure_open_for_comments(measure):
    # A page asks this once per comment; remember the answer on the object for the request.
    cached = getattr(measure, "_open_for_comments", None)
    if cached is None:
        cached = measure.publication_state == "beteiligung" and consultation_is_open()
        measure._open_for_comments = cached
    return cached


@rules.predicate
def measure_is_public(user, measure):
    return measure is not None and measure.publication_state in PUBLIC_STATES


@rules.predicate
def measure_open_for_comments(user, measure):
    return measure is not None and _measure_open_for_comments(measure)


@rules.predicate
def is_comment_author(user, comment):
    return comment is not None and user.is_authenticated and comment.author_id == user.pk


@rules.predicate
def reply_target_is_open(user, target):
    """A reply is asked about the comment it answers (the page asks about the measure): the
    measure must take comments, and moderation must not have hidden the comment."""
    if target is None:
        return False
    measure = getattr(target, "measure", target)
    if not _measure_open_for_comments(measure):
        return False
    return getattr(target, "hidden_at", None) is None and getattr(target, "parent_id", None) is None


@rules.predicate
def is_lead_member(user, measure):
    return (measure is not None and measure.lead_organisation_id is not None
            and measure.lead_organisation_id in confirmed_organisation_ids(user))


can_view_measure = measure_is_public | is_planner

rules.add_perm("actionplan.view_measure", can_view_measure)
rules.add_perm("actionplan.add_measure", is_planner)
rules.add_perm("actionplan.change_measure", is_planner)
rules.add_perm("actionplan.adopt_measure", is_department)
rules.add_perm("actionplan.view_history", is_planner)
rules.add_perm("actionplan.comment", is_confirmed_member & measure_is_public & measure_open_for_comments)
rules.add_perm("actionplan.reply", is_confirmed_member & reply_target_is_open)
# Reporting one's own comment makes no sense; asked without a comment, the answer is for "others' comments".
rules.add_perm("actionplan.report_comment", is_logged_in & ~is_comment_author)
rules.add_perm("actionplan.respond", is_planner)
rules.add_perm("actionplan.moderate", is_planner)
rules.add_perm("actionplan.manage_periods", is_planner)
rules.add_perm("actionplan.follow", is_logged_in & can_view_measure)
# The lead reports on its own measure; Planung may report for it and asks for reports.
rules.add_perm("actionplan.add_progress_report", can_view_measure & (is_planner | is_lead_member))
rules.add_perm("actionplan.request_progress_report", is_planner)
rules.add_perm("actionplan.view_implementation_work", is_planner)
rules.add_perm("actionplan.view_own_follows", is_logged_in)
