"""The transactional outbox: side effects of a committed change leave the request as a row.

`enqueue` writes the row in the caller's transaction and hands it to Celery after the commit. If
the broker is away, the request still answers normally; the row waits and `resend_pending` (run by
beat and by `manage.py outbox_send`) hands it over again. `deliver` runs the named task once: it
locks the row, skips it if it was delivered already, and marks it delivered in the same
transaction as the task's own writes.
"""

import logging
import threading
import time
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from core.models import OutboxMessage

logger = logging.getLogger(__name__)

# A fresh row is handed over by its own on_commit; the resend leaves it that long.
RESEND_MIN_AGE = timedelta(seconds=30)
# Handed over but never run (e.g. Redis restarted without persistence): hand it over again.
REPUBLISH_AFTER = timedelta(minutes=10)
RESEND_BATCH = 500
# After the broker refused or timed out, this process leaves it alone for a few seconds: a request
# that queues two side effects waits for one broker timeout (about 2 s), not one per message. What
# is not handed over now waits for the resend.
PAUSE_AFTER_REFUSAL = 10.0
_broker_away_until = {}
_lock = threading.Lock()


def enqueue(task_name, *args):
    """Record a side effect in the current transaction; it is handed to Celery after the commit.

    `task_name` is a registered Celery task; delivery calls it with `args` (ids, never objects).
    The returned row's `handed_over` tells, after the commit, whether the broker took it.
    """
    message = OutboxMessage.objects.create(handler=task_name, args=list(args))
    message.handed_over = None
    # robust: the change is committed by now; nothing that goes wrong while handing over may turn
    # the request's answer into an error (the row waits for the resend instead).
    transaction.on_commit(lambda: publish(message), robust=True)
    return message


def publish(message):
    """Hand one row to the broker; False (and the row kept for the resend) if it cannot take it."""
    from core.tasks import deliver_outbox

    conf = deliver_outbox.app.conf
    # The address publishing uses (the worker may read from another one).
    broker = conf.broker_write_url or conf.broker_url
    if _broker_away_until.get(broker, 0.0) > time.monotonic() and not conf.task_always_eager:
        message.handed_over = False
        return False
    try:
        deliver_outbox.delay(message.pk)
    except Exception as error:  # noqa: BLE001 - any broker or handler failure leaves the row pending
        logger.warning("Outbox message %s not handed over yet: %s", message.pk, error)
        if not conf.task_always_eager:
            with _lock:
                _broker_away_until[broker] = time.monotonic() + PAUSE_AFTER_REFUSAL
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=str(error)[:500],
        )
        message.handed_over = False
        return False
    OutboxMessage.objects.filter(pk=message.pk, delivered_at__isnull=True).update(published_at=timezone.now())
    message.handed_over = True
    return True


def _task(name):
    from hannover_teilhabe.celery import app

    if name not in app.tasks:
        autodiscover_modules("tasks")
    return app.tasks[name]


def deliver(message_id):
    """Run the row's task once. True if it ran now, False if it was gone or delivered already."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.delivered_at is not None:
            return False
        task = _task(message.handler)
        # A long job (the report build) keeps its own progress row and must not hold this lock or
        # transaction for minutes: it is marked delivered first and runs after the commit.
        long_running = getattr(task, "outbox_long_running", False)
        if not long_running:
            task(*message.args)
        message.delivered_at = timezone.now()
        message.attempts += 1
        message.last_error = ""
        message.save(update_fields=["delivered_at", "attempts", "last_error"])
    if long_running:
        task(*message.args)
    return True


def pending():
    return OutboxMessage.objects.filter(delivered_at__isnull=True)


def resend_pending(*, min_age=RESEND_MIN_AGE, republish_after=REPUBLISH_AFTER, limit=RESEND_BATCH):
    """Hand waiting rows to the broker again; stops at the first refusal (the broker is still away)."""
    now = timezone.now()
    due = pending().filter(created_at__lte=now - min_age).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=now - republish_after)
    ).order_by("pk")[:limit]
    handed_over = 0
    for message in due:
        if not publish(message):
            break
        handed_over += 1
    return handed_over


def deliver_pending_here(*, limit=RESEND_BATCH):
    """Run waiting rows in this process (no broker needed), e.g. after a long outage."""
    delivered = 0
    for message_id in pending().order_by("pk").values_list("pk", flat=True)[:limit]:
        try:
            delivered += deliver(message_id)
        except Exception:
            logger.exception("Outbox message %s failed", message_id)
            OutboxMessage.objects.filter(pk=message_id).update(attempts=F("attempts") + 1)
    return delivered
