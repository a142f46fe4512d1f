import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import selectors, services
from core.decorators import permission_required
from core.forms import AccountDeleteForm, MembershipRequestForm, OrganisationForm, ProfileForm, ReasonForm
from core.models import Membership, Organisation
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
            messages.success(request, _("Ihr Anzeigename ist gespeichert."))
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
                _("Ihre Anfrage ist eingegangen. Sobald die Koordinationsstelle sie bestätigt hat, "
                "können Sie im Namen der Organisation Stellung nehmen."),
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
            messages.success(request, _("Ihr Konto ist gelöscht. Ihre Kommentare bleiben im Namen Ihrer Organisation "
                                      "stehen und zeigen Sie als „ehemaliges Mitglied“."))
            return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "core/account_delete.html", {"form": form}, status=status)



def _membership(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    if not request.user.has_perm("core.manage_members", membership.organisation):
        raise PermissionDenied
    return membership


def _membership_organisation(request, pk):
    return get_object_or_404(Membership.objects.select_related("organisation"), pk=pk).organisation


@permission_required("core.view_memberships")
def memberships(request):
    context = selectors.membership_overview(request.user)
    context["can_manage_organisations"] = request.user.has_perm("core.manage_organisations")
    return render(request, "core/memberships.html", context)


@require_POST
@permission_required("core.manage_members", obj=_membership_organisation)
def membership_confirm(request, pk):
    membership = _membership(request, pk)
    services.membership_confirm(membership=membership, by=request.user)
    messages.success(request, _("%(person)s ist jetzt bestätigtes Mitglied von „%(organisation)s“ und wurde per "
                                "E-Mail benachrichtigt.") % {"person": membership.user.get_display_name(),
                                                             "organisation": membership.organisation})
    return redirect("core:memberships")


def _end_membership(request, pk, *, service, template, done, reason_required):
    membership = _membership(request, pk)
    form = ReasonForm(request.POST or None, required=reason_required)
    if request.method == "POST" and form.is_valid():
        try:
            service(membership=membership, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done.format(person=membership.user.get_display_name(),
                                                  org=membership.organisation))
            return redirect("core:memberships")
    return render(request, template, {"membership": membership, "form": form})


@require_http_methods(["GET", "POST"])
@permission_required("core.manage_members", obj=_membership_organisation)
def membership_decline(request, pk):
    return _end_membership(
        request, pk, service=services.membership_decline, template="core/membership_decline.html",
        done=_("Die Anfrage von {person} für „{org}“ ist abgelehnt; die Person wurde per E-Mail informiert."),
        reason_required=True,
    )


@require_http_methods(["GET", "POST"])
@permission_required("core.manage_members", obj=_membership_organisation)
def membership_remove(request, pk):
    return _end_membership(
        request, pk, service=services.membership_remove, template="core/membership_remove.html",
        done=_("{person} ist nicht mehr Mitglied von „{org}“; die Person wurde per E-Mail informiert."),
        reason_required=False,
    )


@require_POST
@permission_required("core.manage_organisations")
def membership_contact(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    make_contact = request.POST.get("is_contact") == "1"
    try:
        services.membership_set_contact(membership=membership, is_contact=make_contact, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name, org = membership.user.get_display_name(), membership.organisation
        text = (_("%(person)s ist jetzt Ansprechperson für „%(organisation)s“.") if make_contact
                else _("%(person)s ist nicht mehr Ansprechperson für „%(organisation)s“."))
        messages.success(request, text % {"person": name, "organisation": org})
    return redirect("core:memberships")


@require_http_methods(["GET", "POST"])
@permission_required("core.manage_organisations")
def organisation_edit(request, pk=None):
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.organisation_save(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Organisation „%(organisation)s“ ist gespeichert.")
                             % {"organisation": saved})
            return redirect("core:memberships")
    return render(request, "core/organisation_form.html", {"form": form, "organisation": organisation})
