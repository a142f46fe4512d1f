"""Small readers for settings from environment variables.

Each reader fails at start-up with a message that names the variable and says
what a good value looks like, so a typo in a deployment never starts a
half-configured platform.
"""

import os

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nein", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} ist kein Wahrheitswert. Erlaubt sind: 1/0, true/false, yes/no, on/off."
    )


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} ist keine ganze Zahl.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name, default):
    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # the library raises several kinds; all mean the same to an operator
        raise ImproperlyConfigured(
            f"{name}={raw!r} ist keine gültige Datenbank-URL ({exc}). "
            "Beispiel: postgres://benutzer:passwort@db:5432/hannover_teilhabe"
        ) from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name}={raw!r}: unbekanntes Datenbanksystem.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
    return config


def env_email(name, default):
    raw = os.environ.get(name) or default
    try:
        config = dj_email_url.parse(raw)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"{name}={raw!r} ist keine gültige E-Mail-URL ({exc}). "
            "Beispiel: submission://benutzer:passwort@mail.example.org:587 oder console://"
        ) from None
    if "EMAIL_BACKEND" not in config:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: unbekanntes Schema. Erlaubt sind smtp://, smtps://, "
            "submission:// (STARTTLS), console://, file://, memory://."
        )
    return config


def env_url(name, default, schemes):
    raw = os.environ.get(name, default)
    if raw and raw.split("://", 1)[0] not in schemes:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: erwartet wird eine URL mit {' oder '.join(schemes)}://"
        )
    return raw
