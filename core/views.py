from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core import services
from core.forms import MembershipRequestForm, ProfileForm


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
        if membership_form.is_valid():
            services.membership_request(user=user, **membership_form.cleaned_data)
            messages.success(
                request,
                "Ihre Anfrage ist eingegangen. Sobald die Koordinationsstelle sie bestätigt hat, "
                "können Sie im Namen der Organisation Stellung nehmen.",
            )
            return redirect("core:profile")
    context = {
        "profile_form": profile_form,
        "membership_form": membership_form,
        "memberships": user.memberships.select_related("organisation").order_by("organisation__name"),
    }
    return render(request, "core/profile.html", context)
