from django.db.models import Prefetch, QuerySet

from core.models import Membership, MembershipLogEntry, Organisation, User
from core.permissions import contact_organisation_ids, is_coordination


def managed_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose members this person looks after: all for the Koordinationsstelle,
    their own for an organisation's contact."""
    organisations = Organisation.objects.all()
    if not is_coordination(user):
        organisations = organisations.filter(pk__in=contact_organisation_ids(user))
    return organisations.order_by("name")


def membership_overview(user: User) -> dict:
    organisations = managed_organisations(user)
    members = Membership.objects.filter(confirmed=True).select_related("user").order_by(
        "user__display_name", "user__email"
    )
    return {
        "pending": Membership.objects.filter(confirmed=False, organisation__in=organisations)
        .select_related("user", "organisation").order_by("created_at"),
        "organisations": organisations.prefetch_related(Prefetch("memberships", queryset=members,
                                                                 to_attr="confirmed_members")),
        "log": MembershipLogEntry.objects.filter(organisation__in=organisations)
        .select_related("organisation", "by")[:100],
    }
