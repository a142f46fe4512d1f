"""Demo people and organisations. Every row is flagged `is_demo`; running twice changes nothing."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from core.models import Membership, Organisation, User
from core.permissions import COORDINATION_GROUP, DEPARTMENT_GROUP, PLANNING_GROUP

DEMO_PASSWORD = "Demo-Teilhabe-2026"

ORGANISATIONS = [
    ("Landeshauptstadt Hannover – Sozialdezernat", "LHH Sozialdezernat", Organisation.Kind.ADMINISTRATION),
    ("Diakonisches Werk Hannover (Demo)", "Diakonie (Demo)", Organisation.Kind.WELFARE),
    ("Caritasverband Hannover (Demo)", "Caritas (Demo)", Organisation.Kind.WELFARE),
    ("AWO Region Hannover (Demo)", "AWO (Demo)", Organisation.Kind.WELFARE),
    ("Nachbarschaftsinitiative Sahlkamp (Demo)", "Initiative Sahlkamp (Demo)", Organisation.Kind.INITIATIVE),
    ("Sportverein Linden-Süd (Demo)", "SV Linden-Süd (Demo)", Organisation.Kind.CLUB),
    ("Wohnungsgenossenschaft Hannover-Nord (Demo)", "WG Nord (Demo)", Organisation.Kind.HOUSING),
]

# (e-mail, display name, groups, organisation name or None, confirmed)
# Vera Verband is also her association's contact person: she confirms its new members herself.
CONTACTS = {"verband@demo.hannover-teilhabe.de"}
USERS = [
    ("dezernat@demo.hannover-teilhabe.de", "Dana Dezernat (Demo)", [DEPARTMENT_GROUP],
     ORGANISATIONS[0][0], True),
    ("planung@demo.hannover-teilhabe.de", "Paul Planung (Demo)", [PLANNING_GROUP], ORGANISATIONS[0][0], True),
    ("koordination@demo.hannover-teilhabe.de", "Klara Koordination (Demo)", [COORDINATION_GROUP],
     ORGANISATIONS[0][0], True),
    ("verband@demo.hannover-teilhabe.de", "Vera Verband (Demo)", [], ORGANISATIONS[1][0], True),
    ("initiative@demo.hannover-teilhabe.de", "Ilse Initiative (Demo)", [], ORGANISATIONS[4][0], True),
]

ROLE_LABELS = {
    "dezernat@demo.hannover-teilhabe.de": "Dezernat",
    "planung@demo.hannover-teilhabe.de": "Planung",
    "koordination@demo.hannover-teilhabe.de": "Koordinationsstelle (Mitgliedschaften)",
    "verband@demo.hannover-teilhabe.de": "Mitglied + Ansprechperson (Wohlfahrtsverband)",
    "initiative@demo.hannover-teilhabe.de": "Organisationsmitglied (Initiative)",
}


def seed(context):
    for name, short_name, kind in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind, "is_demo": True}
        )
        context.organisations[name] = org

    for email, display_name, groups, org_name, confirmed in USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": display_name, "is_demo": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        for group in groups:
            user.groups.add(Group.objects.get(name=group))
        if org_name:
            Membership.objects.get_or_create(
                user=user, organisation=context.organisations[org_name],
                defaults={"confirmed": confirmed, "is_contact": email in CONTACTS},
            )
        context.users[email] = user
        context.logins.append((ROLE_LABELS[email], email, DEMO_PASSWORD))
