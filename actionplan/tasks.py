"""Thin tasks: take ids, fetch fresh rows, let notifications.py write the e-mail."""

from celery import shared_task

from actionplan import notifications


@shared_task
def notify_status_change(status_change_id):
    from actionplan.models import StatusChange

    change = StatusChange.objects.select_related("measure", "changed_by").filter(pk=status_change_id).first()
    if change is not None:
        notifications.status_changed(change)


@shared_task
def notify_publication_change(measure_id, state, changed_by_id=None):
    from actionplan.models import Measure

    measure = Measure.objects.filter(pk=measure_id).first()
    # Changed again before the worker ran: the later state is what counts, and has its own task.
    if measure is not None and measure.publication_state == state:
        notifications.publication_changed(measure, changed_by_id=changed_by_id)


@shared_task
def notify_comment_answered(response_id, first_answer=True):
    from actionplan.models import Response

    response = (
        Response.objects.select_related("comment__measure", "comment__author").filter(pk=response_id).first()
    )
    if response is not None:
        notifications.comment_answered(response, first_answer=first_answer)


@shared_task
def notify_comment_hidden(comment_id):
    from actionplan.models import Comment

    comment = Comment.objects.select_related("measure", "author").filter(pk=comment_id).first()
    if comment is not None and comment.is_hidden:
        notifications.comment_hidden(comment)


@shared_task
def notify_comment_restored(comment_id):
    from actionplan.models import Comment

    comment = Comment.objects.select_related("measure", "author").filter(pk=comment_id).first()
    if comment is not None and not comment.is_hidden:
        notifications.comment_restored(comment)


@shared_task
def notify_progress_report(report_id):
    from actionplan.models import ProgressReport

    report = ProgressReport.objects.select_related("measure", "milestone").filter(pk=report_id).first()
    if report is not None:
        notifications.progress_reported(report)


@shared_task
def notify_progress_request(request_id):
    from actionplan.models import ProgressReportRequest

    request = ProgressReportRequest.objects.select_related("measure", "requested_by").filter(pk=request_id).first()
    if request is not None:
        notifications.progress_requested(request)
