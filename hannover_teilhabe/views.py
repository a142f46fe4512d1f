from django.shortcuts import get_object_or_404, render

from core.models import SitePage


def home(request):
    return render(request, "home.html", {})


def site_page(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "site_page.html", {"page": page})
