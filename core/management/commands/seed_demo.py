from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from core import changes


@dataclass
class DemoContext:
    """What one app's demo seeds hands to the next (users, organisations, …)."""

    users: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)


class Command(BaseCommand):
    help = "Legt Demo-Inhalte an (Fachtag, Workshops, Maßnahmen, Kommentare, Demo-Konten). Idempotent."

    def handle(self, *args, **options):
        context = DemoContext()
        # The demo's people have made-up addresses: the mails its story would send (followers of a
        # measure, a new Sachstand) go nowhere, and `make run` ends with the logins, not with them.
        # With a broker the worker sends them later; it is a demo installation either way.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            # Each app may ship a `demo.py` with `seed(context)`; apps run in INSTALLED_APPS order,
            # so the action plan's demo finds the workshops' outcomes.
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(context)
            # The demos also write in bulk and set dates with queryset updates, which send no signals.
            changes.data_changed()
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte sind angelegt (als „Demo“ gekennzeichnet)."))
        self.stdout.write("Demo-Zugänge (nur zum Ausprobieren):")
        for role, email, password in context.logins:
            self.stdout.write(f"  {role:<45} {email:<40} Passwort: {password}")
