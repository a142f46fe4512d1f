"""The outbox: a side effect is written with the change and delivered exactly once."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from core import outbox, services, tasks
from core.models import Membership, OutboxMessage
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_membership_request_writes_its_mail_to_the_outbox_in_the_same_transaction(settings):
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["koordination@hannover.example"]
    person = UserFactory(display_name="Nora Neu")

    services.membership_request(user=person, organisation=OrganisationFactory(name="Caritas Hannover"))

    # The test's transaction never commits, so nothing was handed over or sent yet.
    message = OutboxMessage.objects.get()
    assert message.handler == tasks.notify_membership_request.name
    assert message.delivered_at is None and mail.outbox == []


def test_outbox_send_here_delivers_waiting_mails_once(settings):
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["koordination@hannover.example"]
    services.membership_request(user=UserFactory(display_name="Nora Neu"),
                                organisation=OrganisationFactory(name="Caritas Hannover"))

    out = StringIO()
    call_command("outbox_send", "--hier", stdout=out)
    call_command("outbox_send", "--hier", stdout=StringIO())

    assert "1 von 1 ausstehenden Aufgaben ausgeführt." in out.getvalue()
    assert len(mail.outbox) == 1
    assert "Mitgliedschaft bestätigen: Caritas Hannover" in mail.outbox[0].subject
    assert not outbox.pending().exists()


def test_a_failing_delivery_stays_waiting_for_the_next_try(settings):
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["koordination@hannover.example"]
    settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
    services.membership_request(user=UserFactory(), organisation=OrganisationFactory())

    assert outbox.deliver_pending_here() == 0
    assert outbox.pending().count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver_pending_here() == 1
    assert len(mail.outbox) == 1
    assert Membership.objects.get().confirmed is False


class RefusingBackend:
    """A mail server that is down (a real SMTP server is not part of the test machines)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Mailserver nicht erreichbar")
