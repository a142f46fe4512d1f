from datetime import timedelta

from django.core.management.base import BaseCommand

from core import outbox


class Command(BaseCommand):
    help = (
        "Ausstehende Hintergrundaufgaben (E-Mails, Berichtserstellung) erneut an den Hintergrunddienst "
        "übergeben; mit --hier direkt in diesem Prozess ausführen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hier", action="store_true", dest="here",
                            help="In diesem Prozess ausführen statt an Celery zu übergeben.")

    def handle(self, *args, here=False, **options):
        waiting = outbox.pending().count()
        if here:
            done = outbox.deliver_pending_here()
            self.stdout.write(f"{done} von {waiting} ausstehenden Aufgaben ausgeführt.")
        else:
            done = outbox.resend_pending(min_age=timedelta(0))
            self.stdout.write(f"{done} von {waiting} ausstehenden Aufgaben an den Hintergrunddienst übergeben.")
