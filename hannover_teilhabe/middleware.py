from django.conf import settings


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy from settings with every answer."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class RetryAfterMiddleware:
    """allauth answers its own limits (password-reset mails, sign-ups) with a bare 429; our
    limits set Retry-After themselves. allauth's longest window is an hour, so an hour is true."""

    FALLBACK_SECONDS = 3600

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = str(self.FALLBACK_SECONDS)
        return response
