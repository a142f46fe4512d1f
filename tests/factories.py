"""Factories for the foundation's models; each app adds its own in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from core.models import Membership, Organisation, User
from core.permissions import DEPARTMENT_GROUP, PLANNING_GROUP

PASSWORD = "Teilhabe-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="de_DE")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        # allauth refuses login until the address is verified; most stories start verified.
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for name in extracted or ():
            obj.groups.add(Group.objects.get(name=name))


class PlannerFactory(UserFactory):
    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        obj.groups.add(Group.objects.get(name=PLANNING_GROUP))


class DepartmentFactory(UserFactory):
    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        obj.groups.add(Group.objects.get(name=DEPARTMENT_GROUP))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Wohlfahrtsverband {n} e. V.")
    kind = Organisation.Kind.WELFARE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    confirmed = True


def member_of(organisation=None, *, confirmed=True, **user_kwargs):
    """A person who belongs to an organisation (confirmed unless told otherwise)."""
    membership = MembershipFactory(
        user=UserFactory(**user_kwargs),
        organisation=organisation or OrganisationFactory(),
        confirmed=confirmed,
    )
    return membership.user
