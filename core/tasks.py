from celery import shared_task
from django.db import connection


@shared_task
def health_check():
    """Proves that worker, broker, database and result backend work together."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"database": one == 1, "vendor": connection.vendor}


@shared_task(name="core.deliver_outbox", acks_late=True, ignore_result=True)
def deliver_outbox(message_id):
    from core import outbox

    return outbox.deliver(message_id)


@shared_task(name="core.resend_outbox", ignore_result=True)
def resend_outbox():
    from core import outbox

    return outbox.resend_pending()


@shared_task
def notify_membership_request(membership_id):
    from core.models import Membership
    from core.services import tell_confirmers

    membership = Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    if membership is not None and not membership.confirmed:
        tell_confirmers(membership=membership)


@shared_task(name="core.send_plain_mail")
def send_plain_mail(subject, body, recipients):
    """A mail whose text was written when the change was committed (membership decisions)."""
    from django.core.mail import send_mail

    send_mail(subject, body, None, recipients)
