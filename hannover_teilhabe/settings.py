"""One settings module for every environment; what differs is an environment variable.

Without any variable set the platform runs on the embedded default: a SQLite
file, Celery tasks executed in-process, e-mail printed to the console.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from hannover_teilhabe.env import (
    env_bool,
    env_database,
    env_email,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if env_bool("REQUIRE_SECRET_KEY", default=False):
        raise ImproperlyConfigured("SECRET_KEY ist nicht gesetzt, wird hier aber verlangt.")
    # Only good for a local checkout; production sets SECRET_KEY (check --deploy says so).
    SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_filters",
    "csp",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "core",
    "workshops",
    "district_statistics",
    "actionplan",
    "reports",
    # Open data: read-only API, schema, catalogue (opendata/ reads the other apps; nobody imports it).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "hannover_teilhabe.middleware.PermissionsPolicyMiddleware",
    "hannover_teilhabe.middleware.RetryAfterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # /api/ only: CORS for GET, licence Link header, ETag and conditional GET.
    "opendata.middleware.OpenDataMiddleware",
    # Outermost of the app's own: a POST whose session ran out gets its text back, not a login page;
    # a database timeout answers with a German 503 page.
    "hannover_teilhabe.resilience.KeepTypedTextMiddleware",
    "hannover_teilhabe.resilience.DatabaseTimeoutMiddleware",
]

ROOT_URLCONF = "hannover_teilhabe.urls"
CSRF_FAILURE_VIEW = "hannover_teilhabe.views.csrf_failure"
WSGI_APPLICATION = "hannover_teilhabe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Bounded waits on PostgreSQL: a web request gives up (German 503 page, nothing saved) instead of
# hanging behind a lock. The Celery worker gets its own, longer limits (hannover_teilhabe/celery.py).
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 15_000)
DATABASE_LOCK_TIMEOUT_MS = env_int("DATABASE_LOCK_TIMEOUT_MS", 5_000)
WORKER_DATABASE_STATEMENT_TIMEOUT_MS = env_int("WORKER_DATABASE_STATEMENT_TIMEOUT_MS", 10 * 60_000)
WORKER_DATABASE_LOCK_TIMEOUT_MS = env_int("WORKER_DATABASE_LOCK_TIMEOUT_MS", 60_000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS} -c lock_timeout={DATABASE_LOCK_TIMEOUT_MS}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail address and password; an address must be verified before login.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_ADAPTER = "core.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "core.forms.SignupForm"
ACCOUNT_USER_DISPLAY = "core.adapter.user_display"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False

LANGUAGE_CODE = "de"
# German is the source language; English proves every interface text goes through the catalogue.
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# Off: ids, years and page links render as plain digits; numbers people read go through
# core.numbers.format_number (template filter `zahl`), the same in pages, exports and the PDF.
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (a local checkout, the tests) WhiteNoise serves straight from the apps.
WHITENOISE_USE_FINDERS = not STORAGES["staticfiles"]["BACKEND"].startswith("whitenoise")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An upload above IMPORT_MAX_UPLOAD_BYTES is dropped as it arrives, not first written to disk.
FILE_UPLOAD_HANDLERS = [
    "hannover_teilhabe.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Imports upload spreadsheets; larger files are refused with a message, not a crash.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

_email = env_email("EMAIL_URL", "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
if _email["EMAIL_FILE_PATH"]:
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Aktionsplan gegen Armut <noreply@hannover.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Aktionsplan gegen Armut] "
# The one subject prefix: allauth's mails, the platform's mails and Django's error mails share it.
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
# Where replies to moderation mails go (Reply-To); the sender is a no-reply address. Without it the
# mail names the Koordinationsstelle instead of asking for a reply.
MODERATION_REPLY_TO = env_list("MODERATION_REPLY_TO")
# Who confirms new organisation memberships; without it, every active staff account is told.
MEMBERSHIP_NOTIFY_EMAILS = env_list("MEMBERSHIP_NOTIFY_EMAILS")

# Celery: without a broker, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", "", schemes=("redis", "rediss", "amqp", "memory"))
CELERY_RESULT_BACKEND = env_url(
    "CELERY_RESULT_BACKEND", CELERY_BROKER_URL, schemes=("redis", "rediss", "rpc", "cache")
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 15 * 60)
# The largest PDF report (in measures) a build may hold; larger selections are refused before the
# build with a German explanation. 500 measures stay under the worker's memory limit (bench/README.md).
REPORT_MAX_MEASURES = env_int("REPORT_MAX_MEASURES", 500)
# The same for the comments of the consultation appendix (about ten to a page).
REPORT_MAX_COMMENTS = env_int("REPORT_MAX_COMMENTS", 5000)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a web request waits at most about 2 s for the broker: one connection attempt,
# no publish retry. A refused job stays in the outbox (core/outbox.py) and is handed over later.
# The worker's own connection keeps retrying (broker_connection_retry / max_retries defaults).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "max_retries": 0,
    # Redis hands an unacknowledged message to another worker after this long. It must be longer
    # than the longest task (CELERY_TASK_TIME_LIMIT), or a healthy long build would be started a
    # second time. A killed worker's build is not left to it: the heartbeat sweep below notices
    # within REPORT_STALE_AFTER_SECONDS and queues the build again through the outbox.
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 0}}
# Celery beat (docker-compose.yml runs the worker with --beat): the two periodic safety nets.
CELERY_BEAT_SCHEDULE = {
    "reports-sweep-stale-builds": {"task": "reports.sweep_stale_builds", "schedule": 30.0},
    "core-resend-outbox": {"task": "core.resend_outbox", "schedule": 60.0},
}
# A report build writes a heartbeat this often, also while WeasyPrint lays out pages; after
# REPORT_STALE_AFTER_SECONDS of silence the sweep treats its worker as dead. Six missed heartbeats
# plus one sweep interval (30 s above): a dead worker's build is noticed within two minutes.
REPORT_HEARTBEAT_SECONDS = env_int("REPORT_HEARTBEAT_SECONDS", 15)
REPORT_STALE_AFTER_SECONDS = env_int("REPORT_STALE_AFTER_SECONDS", 90)

# The shared cache holds rate limits (allauth's and ours), so they count across all gunicorn
# workers and survive a restart. Redis when a Redis URL is known (CACHE_URL, else the broker's
# Redis), the database otherwise (`migrate` creates its table, see core/apps.py).
CACHE_URL = env_url(
    "CACHE_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "",
    schemes=("redis", "rediss", "db"),
)
if CACHE_URL.startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "hannover_teilhabe.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            # Keys carry a prefix: the cache may share a Redis database with the Celery broker.
            "KEY_PREFIX": "teilhabe",
            # A Redis that hangs must not hold a request: give up quickly and go on without it.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "teilhabe_cache",
        }
    }
# Limits per account and per client address (django-ratelimit rates: "10/10m" = 10 per 10 minutes).
# None switches one side off. A limit answers HTTP 429 with a German sentence and Retry-After.
# django-ratelimit is used as a library, not an installed app: its system check refuses the
# database cache (not atomic), which is good enough for the small fallback deployment.
RATE_LIMITS = {
    # action: (per account, per client address)
    "comment": ("10/10m", "30/10m"),
    "comment_report": ("10/h", "30/h"),
    "membership_request": ("5/h", "20/h"),
    "report_build": ("6/10m", "20/10m"),
    "import_upload": ("10/10m", "20/10m"),
}
RATELIMIT_IP_META_KEY = "hannover_teilhabe.throttle.client_ip"
# With the cache down, limits fail open: refusing every login and comment during a Redis outage
# would take the platform down for everyone to slow down a few; the outage is logged, Redis has a
# health check, and passwords are still hashed slowly.
RATELIMIT_FAIL_OPEN = True
# allauth's own limits (merged over its defaults), in the same cache. Password-reset mails: 3 per
# e-mail address an hour, 10 per client address; failed logins: 5 per account in 5 minutes, also
# for the admin, whose login goes through allauth (hannover_teilhabe/urls.py).
ACCOUNT_RATE_LIMITS = {
    "reset_password": "10/h/ip,3/h/key",
    "login_failed": "10/m/ip,5/5m/key",
}

# Secure by default: with DEBUG off the platform expects HTTPS (redirect, secure cookies, HSTS),
# so `check --deploy` is silent with only SECRET_KEY and ALLOWED_HOSTS set. A plain-HTTP
# intranet opts out explicitly with INSECURE_HTTP=true; `make run` (DEBUG=true) is plain HTTP.
INSECURE_HTTP = env_bool("INSECURE_HTTP", default=False)
_HTTPS = not DEBUG and not INSECURE_HTTP
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=_HTTPS)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# The header only offers the domain for browsers' preload lists; entering it there is a separate,
# deliberate submission by the domain's owner. SECURE_HSTS_PRELOAD=false leaves the word out.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The documented deployment has gunicorn behind one TLS proxy on the same host.
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Which address a request comes from, for rate limits (allauth's and ours): behind N proxies the
# N-th address from the right of X-Forwarded-For, or a header the proxy sets (e.g. X-Real-IP).
# Left at 0, REMOTE_ADDR counts: never trust a header no proxy of ours overwrites.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER") or None

# Content-Security-Policy (django-csp 4): everything from this host, no inline script or style,
# no frames, forms only to ourselves. htmx runs from /static/ with its inline styles switched off.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Browser features the platform never uses are switched off for it and anything it could embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # In-process tasks (no broker) would log a "Task … succeeded" line for every mail and build.
    "loggers": {"celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"}},
}

SITE_NAME = "Aktionsplan gegen Armut – Landeshauptstadt Hannover"

# --- Open data (opendata/): licence, publisher, API limits -----------------------------------
# The city's own data (measures, outcomes, areas); each indicator carries its own source and licence.
OPEN_DATA_LICENCE_NAME = env_str("OPEN_DATA_LICENCE_NAME", "Datenlizenz Deutschland – Namensnennung – Version 2.0")
OPEN_DATA_LICENCE_ID = env_str("OPEN_DATA_LICENCE_ID", "dl-de/by-2-0")
OPEN_DATA_LICENCE_URL = env_url("OPEN_DATA_LICENCE_URL", "https://www.govdata.de/dl-de/by-2-0",
                                schemes=("https", "http"))
# The licence as a URI of the DCAT-AP.de licence vocabulary, for the catalogue.
OPEN_DATA_LICENCE_URI = env_url("OPEN_DATA_LICENCE_URI", "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
                                schemes=("https", "http"))
OPEN_DATA_ATTRIBUTION = env_str(
    "OPEN_DATA_ATTRIBUTION", "Landeshauptstadt Hannover, Sozialdezernat – Aktionsplan gegen Armut"
)
OPEN_DATA_PUBLISHER = env_str("OPEN_DATA_PUBLISHER", "Landeshauptstadt Hannover")
OPEN_DATA_CONTACT_NAME = env_str("OPEN_DATA_CONTACT_NAME", "Koordinationsstelle Sozialplanung")
OPEN_DATA_CONTACT_EMAIL = env_str("OPEN_DATA_CONTACT_EMAIL", "sozialplanung@hannover-stadt.de")
# Requests per client address (anonymous) or account (signed in), counted in Django's cache.
OPEN_DATA_RATE = env_str("OPEN_DATA_RATE", "600/hour")
# Anonymous API answers are kept at most this long in the shared cache (opendata/answers.py): every
# change made through the platform, imports included, shows at once (core/changes.py); this only
# bounds writes made past the platform (a database console). 0: off.
OPEN_DATA_CACHE_SECONDS = env_int("OPEN_DATA_CACHE_SECONDS", 60)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["opendata.throttling.OpenDataThrottle"],
    "EXCEPTION_HANDLER": "opendata.throttling.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Aktionsplan gegen Armut – Offene Daten",
    "DESCRIPTION": (
        "Lesender Zugriff auf Maßnahmen, Workshop-Ergebnisse, Veranstaltungen, Indikatoren, Werte, "
        "Gebiete, Kommentare mit Stellungnahmen und veröffentlichte Berichte der Landeshauptstadt Hannover."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "opendata.schema.add_licence"],
}

# Implementation monitoring (issue 12): a measure in implementation whose latest Sachstand is older
# than this shows as "Sachstand überfällig" to planners.
PROGRESS_REPORT_OVERDUE_DAYS = env_int("PROGRESS_REPORT_OVERDUE_DAYS", 180)
# Years of statistics shown before a measure's start on its "development around the measure" charts.
DEVELOPMENT_YEARS_BEFORE = env_int("DEVELOPMENT_YEARS_BEFORE", 5)
