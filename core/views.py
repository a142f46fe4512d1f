import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core import services
from core.forms import AccountDeleteForm, MembershipRequestForm, ProfileForm
from hannover_teilhabe.throttle import throttle, with_retry_after


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    profile_form = ProfileForm(initial={"display_name": user.display_name})
    membership_form = MembershipRequestForm(user=user)
    if request.method == "POST" and "save_profile" in request.POST:
        profile_form = ProfileForm(request.POST)
        if profile_form.is_valid():
            services.profile_update(user=user, **profile_form.cleaned_data)
            messages.success(request, "Ihr Anzeigename ist gespeichert.")
            return redirect("core:profile")
    elif request.method == "POST" and "request_membership" in request.POST:
        membership_form = MembershipRequestForm(request.POST, user=user)
        throttled = throttle(request, "membership_request")
        if throttled:
            membership_form.is_valid()
            membership_form.add_error(None, throttled.message)
            response = render(request, "core/profile.html", _profile_context(user, profile_form, membership_form),
                              status=429)
            return with_retry_after(response, throttled)
        if membership_form.is_valid():
            services.membership_request(user=user, **membership_form.cleaned_data)
            messages.success(
                request,
                "Ihre Anfrage ist eingegangen. Sobald die Koordinationsstelle sie bestätigt hat, "
                "können Sie im Namen der Organisation Stellung nehmen.",
            )
            return redirect("core:profile")
    return render(request, "core/profile.html", _profile_context(user, profile_form, membership_form))


def _profile_context(user, profile_form, membership_form):
    return {
        "profile_form": profile_form,
        "membership_form": membership_form,
        "memberships": user.memberships.select_related("organisation").order_by("organisation__name"),
    }


@login_required
@require_GET
def data_export(request):
    data = services.personal_data_export(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                            content_type="application/json; charset=utf-8")
    filename = f"meine-daten-aktionsplan-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, "Ihr Konto ist gelöscht. Ihre Kommentare bleiben im Namen Ihrer Organisation "
                                      "stehen und zeigen Sie als „ehemaliges Mitglied“.")
            return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "core/account_delete.html", {"form": form}, status=status)
