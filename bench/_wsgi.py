"""gunicorn entry point for bench/pages.py: the platform's WSGI application with the floor view added."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
settings.ROOT_URLCONF = "_urls"
