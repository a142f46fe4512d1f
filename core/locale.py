"""The interface language: German unless the person chose another one with the footer's switch.

Django's LocaleMiddleware would also follow the browser's Accept-Language header; a city platform
speaks German to everyone by default, so only the explicit choice (the language cookie that
Django's set_language view writes) counts.
"""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
